"""The Typebot-body rules (FL206-FL209) and the session-logic rules on bodies (FL404-FL406): exact
places on their fixtures, quiet on the sound variants, and the variants that decide them —
pinned or assumed versions, 1.x and 2.x spellings, list bodies, bodies in HTTP request blocks."""
import json
import shutil

import pytest

from conftest import fixture_tests, lint_files, rule_fixture, write

# code -> (line, column) of every finding on fixtures/rules/<code>/bad, in report order.
POSITIVE = {
    # typebot-bodies.json: settings body without stopBotFromMe, unknown_message (1.x spelling),
    # ignoreJid action; typebot-create.json: keyword trigger without value, operator 'none',
    # expire as a string, keyword_finish (1.x spelling)
    "FL206": [(2, 3), (6, 24), (11, 15), (5, 18), (6, 22), (7, 13), (8, 21)],
    "FL207": [(49, 40), (3, 10)],  # flow.json /typebot/start body, typebot-create.json
    "FL208": [(8, 19)],
    "FL209": [(6, 18)],
    "FL404": [(8, 15), (8, 15)],  # typebot-create.json, typebot-settings.json
    "FL405": [(3, 13), (49, 80)],  # change-status.json, flow.json
    "FL406": [(5, 18)],
}

CREATE = {"enabled": True, "url": "https://typebot.example.com", "typebot": "welcome"}
SETTINGS = {"expire": 20, "keywordFinish": "#stop", "delayMessage": 1000, "unknownMessage": "Sorry?",
            "listeningFromMe": False, "stopBotFromMe": False}
SET_1X = {"enabled": True, "url": "https://typebot.example.com", "typebot": "welcome", "expire": 20,
          "keyword_finish": "#stop", "delay_message": 1000, "unknown_message": "Sorry?", "listening_from_me": False}




def found(diagnostics, code):
    return [d for d in diagnostics if d.code == code]


def messages(diagnostics, code):
    return [d.message for d in found(diagnostics, code)]


def pinned(directory, version):
    """A docker-compose.yml (plus .env) that pins the EvolutionAPI version."""
    major = int(version.split(".")[0])
    env = "AUTHENTICATION_API_KEY=5be1c0a7d2e94f3b8a6c1d0e9f7b2a44\n"
    env += "TYPEBOT_ENABLED=true\n" if major >= 2 else "TYPEBOT_KEEP_OPEN=true\n"
    env += "TYPEBOT_API_VERSION=latest\n"
    write(directory, ".env", env)
    image = "evoapicloud/evolution-api" if major >= 2 else "atendai/evolution-api"
    write(directory, "docker-compose.yml", f"services:\n  evolution:\n    image: {image}:v{version}\n    env_file: [.env]\n")


def http_flow(*calls):
    """A flow that says one thing, then makes these (endpoint, body) calls to EvolutionAPI."""
    blocks = [{"id": "bl-say", "type": "text", "content": {"richText": [{"type": "p", "children": [{"text": "Bye"}]}]}}]
    for i, (endpoint, body) in enumerate(calls):
        blocks.append({"id": f"bl-{i}", "type": "Webhook", "options": {"isCustomBody": True, "webhook": {
            "method": "POST", "url": f"https://evolution.example.com/typebot/{endpoint}/{{{{instanceName}}}}",
            "body": body if isinstance(body, str) else json.dumps(body)}}})
    return {
        "version": "6.1", "id": "fl", "name": "fl",
        "events": [{"id": "ev", "type": "start", "graphCoordinates": {"x": 0, "y": 0}, "outgoingEdgeId": "ed"}],
        "groups": [{"id": "gr", "title": "Bye", "graphCoordinates": {"x": 0, "y": 0}, "blocks": blocks}],
        "edges": [{"id": "ed", "from": {"eventId": "ev"}, "to": {"groupId": "gr"}}],
        "variables": [{"id": "v1", "name": "remoteJid"}, {"id": "v2", "name": "instanceName"}],
    }


test_rule_fires_at_exact_places, test_sound_variant_is_clean = fixture_tests(POSITIVE)


def test_rules_are_registered_with_their_contract():
    from flowlint.rules import find_rule

    expected = {"FL206": ("invalid-typebot-body", "error"), "FL207": ("typebot-url-trailing-slash", "warning"),
                "FL208": ("debounce-in-milliseconds", "warning"), "FL209": ("trigger-none-changed", "warning"),
                "FL404": ("keep-open-without-delete", "warning"), "FL405": ("closed-status-restarts", "warning"),
                "FL406": ("restart-on-every-message", "error")}
    for code, (name, severity) in expected.items():
        rule = find_rule(code)
        assert (rule.name, str(rule.severity)) == (name, severity)
        for section in ("## What it finds", "## Why it matters", "## Example", "## How to fix"):
            assert section in rule.docs, (code, section)


# --- FL206 invalid-typebot-body -----------------------------------------------------------------

def test_fl206_fixture_messages(in_repo):
    found_ = found(lint_files(rule_fixture("FL206", "bad")), "FL206")
    by_pointer = {(d.path.rsplit("/", 1)[-1], d.pointer): d.message for d in found_}
    assert by_pointer[("typebot-create.json", "/keyword_finish")] == (
        "keyword_finish is the 1.x spelling; 2.x reads keywordFinish and silently ignores this key")
    assert "needs triggerOperator and triggerValue, and triggerValue is missing" in by_pointer[("typebot-create.json", "/triggerType")]
    assert "triggerOperator 'none' does not exist" in by_pointer[("typebot-create.json", "/triggerOperator")]
    assert "'expire' must be an integer, not the string \"20\"" in by_pointer[("typebot-create.json", "/expire")]
    assert by_pointer[("typebot-bodies.json", "/0")] == (
        "the /typebot/settings body has no stopBotFromMe, which EvolutionAPI 2.3.6 requires: it answers 400")
    assert "without unknownMessage, which it requires, it answers 400" in by_pointer[("typebot-bodies.json", "/0/unknown_message")]
    assert "not one of add|remove" in by_pointer[("typebot-bodies.json", "/1/action")]


def test_fl206_unknown_version_is_inferred_from_spelling(tmp_path):
    write(tmp_path, "bot-2x.json", {**CREATE, "triggerType": "all", "keyword_finish": "#stop", "delayMessage": 5})
    write(tmp_path, "bot-1x.json", {**SET_1X, "delayMessage": 1000})
    by_file = {d.path.rsplit("/", 1)[-1]: d.message for d in found(lint_files(tmp_path), "FL206")}
    assert by_file["bot-2x.json"] == ("keyword_finish is the 1.x spelling; 2.x reads keywordFinish and silently ignores "
                                      "this key (assumed from the camelCase keys; no version pinned)")
    assert by_file["bot-1x.json"] == ("delayMessage is the 2.x spelling; 1.x reads delay_message and silently ignores "
                                      "this key (assumed from the snake_case keys; no version pinned)")


def test_fl206_unknown_version_without_spelling_assumes_the_newest(tmp_path):
    write(tmp_path, "start.json", {"remoteJid": "5541999999999@s.whatsapp.net", "url": 7, "typebot": "welcome"})
    (message,) = messages(lint_files(tmp_path), "FL206")
    assert message.endswith("EvolutionAPI 2.3.6 (assumed: no version pinned) rejects the body")
    assert message.startswith("'url' must be a string, not the number 7")


def test_fl206_pinned_1x_reads_a_2x_body(tmp_path):
    pinned(tmp_path, "1.8.2")
    write(tmp_path, "typebot.json", {**CREATE, "expire": 0, "keywordFinish": "#stop", "delay_message": 1000,
                                     "unknown_message": "?", "listening_from_me": False, "keepOpen": True})
    diagnostics = found(lint_files(tmp_path), "FL206")
    assert [(d.pointer, d.message) for d in diagnostics] == [
        ("/keywordFinish", "keywordFinish is the 2.x spelling; 1.x reads keyword_finish and silently ignores this key"),
        ("/keepOpen", "keepOpen is a 2.x key that EvolutionAPI 1.8.2 silently ignores: 1.x has no per-bot keepOpen; "
                      "set TYPEBOT_KEEP_OPEN=true in the environment (1.6.1-1.8.x)"),
    ]


def test_fl206_a_2x_body_without_its_required_keys_on_1x(tmp_path):
    write(tmp_path, "typebot.json", {**CREATE, "triggerType": "all", "expire": 0})
    (message,) = messages(lint_files(tmp_path, evolution_version="1.8.2"), "FL206")[:1]
    assert message == ("the /typebot/set body lacks delay_message, unknown_message, listening_from_me, all required "
                       "by EvolutionAPI 1.8.2: it answers 400")


def test_fl206_list_bodies_are_pointed_at_by_index(tmp_path):
    path = write(tmp_path, "bodies.json", [{**CREATE, "triggerType": "all"}, {**CREATE, "triggerType": "sometimes"}])
    (diagnostic,) = found(lint_files(tmp_path, evolution_version="2.3.6"), "FL206")
    assert diagnostic.pointer == "/1/triggerType"
    assert path.read_text().splitlines()[diagnostic.line - 1].strip() == '"triggerType": "sometimes"'
    assert "not one of all|keyword|none|advanced" in diagnostic.message


def test_fl206_trigger_types_the_pinned_version_does_not_have(tmp_path):
    write(tmp_path, "bot.json", {**CREATE, "triggerType": "advanced", "triggerValue": "contains:price"})
    assert messages(lint_files(tmp_path, evolution_version="2.0.10"), "FL206") == [
        "triggerType 'advanced' arrived in EvolutionAPI 2.1.0: EvolutionAPI 2.0.10 rejects it"]
    assert messages(lint_files(tmp_path, evolution_version="2.1.2"), "FL206") == []
    write(tmp_path, "bot.json", {**CREATE, "triggerType": "advanced"})
    assert "triggerType 'advanced' needs triggerValue" in messages(lint_files(tmp_path, evolution_version="2.3.6"), "FL206")[0]


def test_fl206_enum_lists_only_what_the_version_has(tmp_path):
    write(tmp_path, "bot.json", {**CREATE, "triggerType": "any"})
    (message,) = messages(lint_files(tmp_path, evolution_version="2.0.10"), "FL206")
    assert "not one of all|keyword|none:" in message


def test_fl206_leaves_change_status_to_fl402(tmp_path):
    write(tmp_path, "a.json", {"remoteJid": "5541999999999@s.whatsapp.net", "status": "stop"})
    write(tmp_path, "b.json", [{"remoteJid": "", "status": "paused"}, {"remoteJid": 5541999999999, "status": "paused"}])
    diagnostics = lint_files(tmp_path, evolution_version="2.3.6")
    assert [d.pointer for d in found(diagnostics, "FL206")] == ["/1/remoteJid"]  # FL402 cannot see a number
    assert len(found(diagnostics, "FL402")) == 2


def test_fl206_ignore_jid_does_not_exist_on_1x(tmp_path):
    write(tmp_path, "ignore.json", {"remoteJid": "120363025246125486@g.us", "action": "add"})
    assert messages(lint_files(tmp_path, evolution_version="1.8.2"), "FL206") == [
        "/typebot/ignoreJid does not exist in EvolutionAPI 1.8.2: it is a 2.x endpoint"]


def test_fl206_endpoint_from_keys_then_file_name(tmp_path):
    write(tmp_path, "typebot-update.json", {"expire": 5, "keywordFinish": "#stop", "delayMessage": 1000})
    (message,) = messages(lint_files(tmp_path, evolution_version="2.3.6"), "FL206")
    assert message.startswith("the /typebot/update body lacks enabled, url, typebot, triggerType")
    (tmp_path / "typebot-update.json").unlink()
    write(tmp_path, "instance.json", {**SETTINGS, "keepOpen": "yes"})
    assert messages(lint_files(tmp_path, evolution_version="2.3.6"), "FL206") == [
        "'keepOpen' must be true or false, not the string \"yes\": EvolutionAPI 2.3.6 rejects the body"]


def test_fl206_does_not_judge_http_blocks(tmp_path):
    write(tmp_path, "flow.json", http_flow(("create", {"enabled": True, "keyword_finish": "#stop"})))
    assert not found(lint_files(tmp_path, evolution_version="2.3.6"), "FL206")


# --- FL207 typebot-url-trailing-slash -----------------------------------------------------------

def test_fl207_in_an_http_block_points_inside_the_body(tmp_path):
    path = write(tmp_path, "flow.json", http_flow(("create", {**CREATE, "url": "https://typebot.example.com/",
                                                              "triggerType": "keyword"})))
    (diagnostic,) = found(lint_files(tmp_path), "FL207")
    line = path.read_text().splitlines()[diagnostic.line - 1]
    assert line[diagnostic.column - 1:diagnostic.end_column - 1] == "https://typebot.example.com/"
    assert "'https://typebot.example.com//api/v1/…'" in diagnostic.message


def test_fl207_fix_drops_the_slashes(cli, tmp_path, in_repo):
    shutil.copytree(in_repo / rule_fixture("FL207", "bad"), tmp_path / "bot")
    write(tmp_path / "bot", "typebot-create.json", [{**CREATE, "url": "https://typebot.example.com//", "triggerType": "all",
                                                     "keepOpen": True}])
    cli("check", "--fix", "--select", "FL207", tmp_path / "bot")
    assert json.loads((tmp_path / "bot/typebot-create.json").read_text())[0]["url"] == "https://typebot.example.com"
    flow = json.loads((tmp_path / "bot/flow.json").read_text())
    body = json.loads(flow["groups"][0]["blocks"][1]["options"]["webhook"]["body"])
    assert body["url"] == "https://typebot.example.com"
    assert cli("check", "--select", "FL207", tmp_path / "bot")[0] == 0


def test_fl207_quiet_on_other_endpoints_and_templates(tmp_path):
    write(tmp_path, "flow.json", http_flow(("changeStatus", {"remoteJid": "{{remoteJid}}", "status": "paused",
                                                             "url": "https://x.example.com/"}),
                                           ("create", '{"url": "{{typebotUrl}}", "typebot": "a"}')))
    assert not found(lint_files(tmp_path), "FL207")


# --- FL208 debounce-in-milliseconds -------------------------------------------------------------

@pytest.mark.parametrize("value, fires", [(999, False), (1000, True), (2.5, False), (True, False), ("3000", False)])
def test_fl208_threshold(tmp_path, value, fires):
    write(tmp_path, "settings.json", {**SETTINGS, "debounceTime": value})
    assert bool(found(lint_files(tmp_path, evolution_version="2.3.6"), "FL208")) is fires


def test_fl208_message_and_http_block(tmp_path):
    path = write(tmp_path, "flow.json", http_flow(("settings", '{"debounceTime": 90000, "delayMessage": 90000}')))
    (diagnostic,) = found(lint_files(tmp_path), "FL208")
    assert diagnostic.message == ("debounceTime 90000 is in seconds, not milliseconds (unlike delayMessage): EvolutionAPI "
                                  "waits 25 hours for more messages before every answer; for 90 seconds write 90")
    line = path.read_text().splitlines()[diagnostic.line - 1]
    assert line[diagnostic.column - 1:diagnostic.end_column - 1] == "90000"
    assert line[:diagnostic.column - 1].endswith('debounceTime\\": ')  # not delayMessage's 90000


def test_fl208_quiet_on_1x(tmp_path):
    write(tmp_path, "set.json", {**SET_1X, "debounceTime": 3000})
    assert not found(lint_files(tmp_path, evolution_version="1.8.2"), "FL208")


# --- FL209 trigger-none-changed -----------------------------------------------------------------

def test_fl209_unknown_version_gives_both_meanings(tmp_path):
    write(tmp_path, "bot.json", {**CREATE, "triggerType": "none", "keepOpen": True})
    (message,) = messages(lint_files(tmp_path), "FL209")
    assert "not pinned" in message and "up to 2.2.3 it never starts the bot" in message
    assert "from 2.3.0 it matches every message, like 'all'" in message


@pytest.mark.parametrize("version, fires", [("2.0.10", False), ("2.2.3", False), ("2.3.0", True), ("2.3.6", True)])
def test_fl209_by_pinned_version(tmp_path, version, fires):
    write(tmp_path, "bot.json", {**CREATE, "triggerType": "none"})
    assert bool(found(lint_files(tmp_path, evolution_version=version), "FL209")) is fires


def test_fl209_in_an_http_block(tmp_path):
    path = write(tmp_path, "flow.json", http_flow(("create", {**CREATE, "triggerType": "none"})))
    (diagnostic,) = found(lint_files(tmp_path), "FL209")
    line = path.read_text().splitlines()[diagnostic.line - 1]
    assert line[diagnostic.column - 1:diagnostic.end_column - 1] == "none"


# --- FL404 keep-open-without-delete -------------------------------------------------------------

def test_fl404_on_2_0_expire_still_reopens(tmp_path):
    write(tmp_path, "bot.json", {**CREATE, "triggerType": "keyword", "triggerOperator": "equals", "triggerValue": "hi",
                                 "keepOpen": True})
    (message,) = messages(lint_files(tmp_path, evolution_version="2.0.10"), "FL404")
    assert "with expire 0 nothing reopens it" in message and "on 2.0.x a positive expire would still reopen it" in message
    write(tmp_path, "settings.json", {**SETTINGS, "expire": 30})  # the bot inherits the instance's expire
    assert not found(lint_files(tmp_path, evolution_version="2.0.10"), "FL404")
    assert len(found(lint_files(tmp_path, evolution_version="2.1.2"), "FL404")) == 1


@pytest.mark.parametrize("status, fires", [("delete", False), ("{{status}}", False), ("paused", True), ("closed", True)])
def test_fl404_a_delete_call_anywhere_silences_it(tmp_path, status, fires):
    write(tmp_path, "bot.json", {**CREATE, "triggerType": "all", "keepOpen": True})
    write(tmp_path, "flow.json", http_flow(("changeStatus", {"remoteJid": "{{remoteJid}}", "status": status})))
    assert bool(found(lint_files(tmp_path, evolution_version="2.3.6"), "FL404")) is fires


def test_fl404_delete_in_a_body_file(tmp_path):
    write(tmp_path, "settings.json", {**SETTINGS, "keepOpen": True})
    assert messages(lint_files(tmp_path), "FL404")[0].startswith(
        "keepOpen: true makes EvolutionAPI 2.x (assumed from the camelCase keys; no version pinned) mark the session "
        "'closed' when the flow ends, for every bot that does not set its own keepOpen")
    write(tmp_path, "delete.json", {"remoteJid": "{{remoteJid}}", "status": "delete"})
    assert not found(lint_files(tmp_path), "FL404")


def test_fl404_quiet_on_1x_and_without_config(tmp_path):
    write(tmp_path, "flow.json", http_flow(("create", {**CREATE, "triggerType": "all", "keepOpen": True})))
    assert not found(lint_files(tmp_path), "FL404")  # a flow alone: no EvolutionAPI config
    write(tmp_path, "bot.json", {**SET_1X, "keepOpen": True})
    assert not found(lint_files(tmp_path, evolution_version="1.8.2"), "FL404")


def test_fl404_in_an_http_block_points_at_the_value(tmp_path):
    pinned(tmp_path, "2.3.6")
    path = write(tmp_path, "flow.json", http_flow(("settings", '{"keepOpen":true, "expire": 0}')))
    (diagnostic,) = found(lint_files(tmp_path), "FL404")
    line = path.read_text().splitlines()[diagnostic.line - 1]
    assert line[diagnostic.column - 1:diagnostic.end_column - 1] == "true"


# --- FL405 closed-status-restarts ---------------------------------------------------------------

def test_fl405_2x_instance_keep_open_keeps_the_session(tmp_path):
    pinned(tmp_path, "2.3.6")
    write(tmp_path, "close.json", {"remoteJid": "{{remoteJid}}", "status": "closed"})
    (message,) = messages(lint_files(tmp_path), "FL405")
    assert message.startswith("status 'closed' deletes the session on EvolutionAPI 2.3.6, because no linted "
                              "/typebot/settings body sets keepOpen: true")
    write(tmp_path, "settings.json", {**SETTINGS, "keepOpen": False})
    assert "the instance Typebot settings in " in messages(lint_files(tmp_path), "FL405")[0]
    write(tmp_path, "settings.json", {**SETTINGS, "keepOpen": True})
    assert not found(lint_files(tmp_path), "FL405")


def test_fl405_a_bots_keep_open_does_not_count(tmp_path):
    pinned(tmp_path, "2.3.6")
    write(tmp_path, "bot.json", {**CREATE, "triggerType": "keyword", "triggerOperator": "equals", "triggerValue": "hi",
                                 "keepOpen": True})
    write(tmp_path, "flow.json", http_flow(("changeStatus", {"remoteJid": "{{remoteJid}}", "status": "closed"})))
    assert len(found(lint_files(tmp_path), "FL405")) == 1


def test_fl405_unknown_version_gives_both_majors(tmp_path):
    write(tmp_path, ".env", "AUTHENTICATION_API_KEY=5be1c0a7d2e94f3b8a6c1d0e9f7b2a44\n")
    write(tmp_path, "close.json", {"remoteJid": "{{remoteJid}}", "status": "closed"})
    (message,) = messages(lint_files(tmp_path), "FL405")
    assert message.startswith("status 'closed' deletes the session on EvolutionAPI 1.x, and on 2.x unless the "
                              "instance Typebot settings set keepOpen: true")
    assert "no version pinned" in message


def test_fl405_quiet_without_a_server_description_on_2x(tmp_path):
    write(tmp_path, "close.json", {"remoteJid": "{{remoteJid}}", "status": "closed"})
    assert not found(lint_files(tmp_path, evolution_version="2.3.6"), "FL405")
    write(tmp_path, "flow.json", http_flow(("changeStatus", {"remoteJid": "{{remoteJid}}", "status": "closed"})))
    (tmp_path / "close.json").unlink()
    assert not found(lint_files(tmp_path), "FL405")  # a flow alone: no EvolutionAPI config
    pinned(tmp_path, "1.7.4")
    assert len(found(lint_files(tmp_path), "FL405")) == 1  # 1.x: always


# --- FL406 restart-on-every-message -------------------------------------------------------------

def test_fl406_message_points_at_the_trigger(in_repo):
    (diagnostic,) = found(lint_files(rule_fixture("FL406", "bad")), "FL406")
    assert diagnostic.pointer == "/triggerType"
    assert diagnostic.message.startswith("the bot for typebot 'welcome-3f9a2c' answers every message (triggerType "
                                         "'all') and keepOpen is false: when its flow ends EvolutionAPI 2.3.6 deletes")


@pytest.mark.parametrize("bot, settings, version, fires", [
    ({"triggerType": "all"}, None, "2.3.6", True),
    ({"triggerType": "all"}, {"keepOpen": True}, "2.3.6", False),  # inherits the instance's keepOpen
    ({"triggerType": "all"}, {"keepOpen": False}, "2.3.6", True),
    ({"triggerType": "all", "keepOpen": False}, {"keepOpen": True}, "2.3.6", True),
    ({"triggerType": "all", "keepOpen": False}, {"keepOpen": True}, "2.2.3", False),  # falsy replaced on 2.1-2.2
    ({"triggerType": "all", "keepOpen": True}, None, "2.3.6", False),
    ({"triggerType": "all", "enabled": False}, None, "2.3.6", False),
    ({"triggerType": "none"}, None, "2.3.6", True),
    ({"triggerType": "none"}, None, "2.0.10", False),
    ({"triggerType": "keyword", "triggerOperator": "equals", "triggerValue": "hi"}, None, "2.3.6", False),
])
def test_fl406_effective_keep_open(tmp_path, bot, settings, version, fires):
    write(tmp_path, "bot.json", {**CREATE, **bot})
    if settings is not None:
        write(tmp_path, "settings.json", {**SETTINGS, **settings})
    assert bool(found(lint_files(tmp_path, evolution_version=version), "FL406")) is fires


def test_fl406_in_an_http_block(tmp_path):
    pinned(tmp_path, "2.3.6")
    path = write(tmp_path, "flow.json", http_flow(("create", {**CREATE, "triggerType": "all"})))
    diagnostics = lint_files(tmp_path)
    (diagnostic,) = found(diagnostics, "FL406")
    line = path.read_text().splitlines()[diagnostic.line - 1]
    assert line[diagnostic.column - 1:diagnostic.end_column - 1] == "all"
    assert found(diagnostics, "FL400")  # the flow's own end, reported by FL400


def test_fl406_quiet_on_1x(tmp_path):
    write(tmp_path, "set.json", SET_1X)
    assert not found(lint_files(tmp_path, evolution_version="1.8.2"), "FL406")


def test_a_route_is_found_through_the_characters_urlsplit_drops():
    from flowlint.model.requests import route

    assert route("https://evo.example.com/typebot/changeStatus/bot") == ("changeStatus", "changeStatus", "bot", "typebot")
    assert route("https://evo.example.com/typebot\n/changeStatus/{{instanceName}}") == \
        ("changeStatus", "changeStatus", "{{instanceName}}", "typebot")
    assert route("https://evo.example.com/chatbot/changeStatus/bot") == (None, None, None, None)
    # other integrations: no Typebot endpoint, but the integration and action (issue 14)
    assert route("https://evo.example.com/openai/settings/bot") == (None, "settings", "bot", "openai")

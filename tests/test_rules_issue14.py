"""The rules of issue 14 (reported problems): @lid contacts (FL302), choices on WhatsApp (FL116), the start
call (FL216), human handover (FL409, FL410),
Typebot's cloud session cleanup (FL411), the other 2.x chatbot integrations (FL217, FL412, and
the shared session rules run on them). — exact places on their
fixtures, quiet on the sound variants, and the variants that decide them."""
import pytest

from conftest import fixture_tests, lint_files, write
from test_rules_bodies import pinned

# code -> (line, column) of every finding on fixtures/rules/<code>/bad, in report order.
POSITIVE = {
    # numbered single-choice item, a second 'Support', an item without text, a picture choice
    "FL116": [(39, 26), (49, 26), (53, 26), (58, 17)],
    # Set variable .replace('@s.whatsapp.net'…), Code block .split('@'), {{phone}}@s.whatsapp.net in a body
    # no startSession, keepOpen, variables as an object; startSession "false", an entry without name
    "FL216": [(2, 3), (6, 17), (7, 18), (13, 21), (14, 18)],
    "FL409": [(7, 20)],  # stopBotFromMe with expire 0
    # Chatwoot on and a bot without stopBotFromMe; stopBotFromMe on an 'all' bot; listeningFromMe with no stop
    "FL410": [(10, 22), (20, 22), (6, 22)],
    "FL411": [(9, 15), (18, 15)],  # typebot.co with expire 0, viewer.typebot.io with three days
    # dify settings without splitMessages/timePerChar, its expire; OpenAI disabled, no openaiCredsId, keepOpen "yes"
    "FL217": [(1, 1), (2, 13), (1, 1), (1, 1), (8, 15)],
    "FL412": [(10, 22), (21, 22)],  # a Dify bot's keywordFinish; an OpenAI bot's with keepOpen
    "FL302": [(30, 60), (38, 77), (57, 39)],
}

test_rule_fires_at_exact_places, test_sound_variant_is_clean = fixture_tests(POSITIVE)


def found(diagnostics, code):
    return [d for d in diagnostics if d.code == code]


def flow_of(*blocks, variables=("remoteJid", "phone")):
    return {
        "version": "6.1", "id": "fl", "name": "fl",
        "events": [{"id": "ev", "type": "start", "graphCoordinates": {"x": 0, "y": 0}, "outgoingEdgeId": "ed"}],
        "groups": [{"id": "gr", "title": "Main", "graphCoordinates": {"x": 0, "y": 0}, "blocks": list(blocks)}],
        "edges": [{"id": "ed", "from": {"eventId": "ev"}, "to": {"groupId": "gr"}}],
        "variables": [{"id": f"v-{name}", "name": name} for name in variables],
    }


def set_phone(expression):
    return {"id": "bl-set", "type": "Set variable", "options": {"variableId": "v-phone", "expressionToEvaluate": expression}}


def send(body):
    return {"id": "bl-send", "type": "Webhook", "options": {"isCustomBody": True, "webhook": {
        "method": "POST", "url": "https://crm.example.com/contacts", "body": body}}}


# --- FL302 lid-phone-from-remote-jid -----------------------------------------------------------

@pytest.mark.parametrize("expression, fires", [
    ("return '{{remoteJid}}'.replace(/\\D/g, '')", True),
    ("return '{{remoteJid}}'.replace(/@.*/, '')", True),
    ("return '{{remoteJid}}'.slice(0, -15)", True),
    ("const j = '{{remoteJid}}'; return j.substring(0, j.indexOf('@'))", True),
    ("return '{{remoteJid}}'.replaceAll(\"@s.whatsapp.net\", \"\")", True),
    ("return '{{remoteJid}}'.toUpperCase()", False),
    ("return '{{pushName}}'.split('@')[0]", False),  # not the JID
    ("return '{{remoteJid}}'.split('@')[1] === 'g.us'", False),  # the domain: a group check
    ("return '{{remoteJid}}'.split(\"@\").shift()", True),
])
def test_fl302_patterns(tmp_path, expression, fires):
    write(tmp_path, "flow.json", flow_of(set_phone(expression)))
    assert bool(found(lint_files(tmp_path / "flow.json"), "FL302")) is fires


def test_fl302_quiet_on_1x(tmp_path):
    pinned(tmp_path, "1.8.2")
    write(tmp_path, "flow.json", flow_of(set_phone("return '{{remoteJid}}'.split('@')[0]")))
    assert not found(lint_files(tmp_path), "FL302")


@pytest.mark.parametrize("version, says", [("2.3.2", "only when WhatsApp also sends one"),
                                           ("2.3.6", "passes it unchanged"), ("2.2.3", "passes it unchanged")])
def test_fl302_says_what_the_version_delivers(tmp_path, version, says):
    pinned(tmp_path, version)
    write(tmp_path, "flow.json", flow_of(set_phone("return '{{remoteJid}}'.split('@')[0]")))
    (diagnostic,) = found(lint_files(tmp_path), "FL302")
    assert says in diagnostic.message


def test_fl302_suffix_only_on_a_number_stripped_from_remote_jid(tmp_path):
    """{{phone}}@s.whatsapp.net is fine when phone is what the user typed."""
    typed = {"id": "bl-ask", "type": "phone number input", "options": {"variableId": "v-phone"}}
    write(tmp_path, "flow.json", flow_of(typed, send('{"jid": "{{phone}}@s.whatsapp.net"}')))
    assert not found(lint_files(tmp_path / "flow.json"), "FL302")
    write(tmp_path, "flow.json", flow_of(set_phone("return '{{remoteJid}}'.split('@')[0]"),
                                         send('{"jid": "{{phone}}@s.whatsapp.net"}')))
    first, second = found(lint_files(tmp_path / "flow.json"), "FL302")
    assert "@s.whatsapp.net rebuilds a JID from 'phone'" in second.message and second.pointer.endswith("/body")


# --- FL116 choice-reply-cannot-match -----------------------------------------------------------

def choice(*texts, **options):
    return {"id": "bl-ask", "type": "choice input", "options": options,
            "items": [{"id": f"it-{n}", "content": text} for n, text in enumerate(texts)]}


def test_fl116_only_on_evolution(tmp_path):
    """Without an EvolutionAPI config the flow may run on the web, where buttons are clicked."""
    write(tmp_path, "flow.json", flow_of(choice("Yes", "Yes")))
    assert not found(lint_files(tmp_path / "flow.json"), "FL116")
    pinned(tmp_path, "2.3.6")
    assert found(lint_files(tmp_path), "FL116")


@pytest.mark.parametrize("texts, options, reported", [
    (("1. Buy", "2. Sell"), {}, 2),
    (("1️⃣ Buy", "2️⃣ Sell"), {}, 2),
    (("1. Buy", "2. Sell"), {"isMultipleChoice": True}, 0),  # multiple choice accepts the numbers
    (("Buy 2", "Sell"), {}, 0),
    (("Yes", "No", "yes"), {}, 0),  # case: distinct texts (Typebot >= 2.25 compares exactly)
    (("Yes", "Yes"), {"dynamicVariableId": "v-phone"}, 0),  # items come from the variable
])
def test_fl116_items(tmp_path, texts, options, reported):
    pinned(tmp_path, "2.3.6")
    write(tmp_path, "flow.json", flow_of(choice(*texts, **options)))
    assert len(found(lint_files(tmp_path), "FL116")) == reported


def test_fl116_numbered_item_whose_value_is_the_number(tmp_path):
    """parseSingleChoiceReply matches the item's internal value too: a value "1" takes the reply 1."""
    pinned(tmp_path, "2.3.6")
    block = choice("1 - Buy", "2 - Sell")
    block["items"][0]["value"] = "1"
    write(tmp_path, "flow.json", flow_of(block))
    (diagnostic,) = found(lint_files(tmp_path), "FL116")
    assert "'2 - Sell'" in diagnostic.message


def test_fl116_item_with_only_a_value_is_pickable(tmp_path):
    pinned(tmp_path, "1.8.2")
    block = choice("", "No")
    block["items"][0]["value"] = "yes"
    write(tmp_path, "flow.json", flow_of(block))
    assert not found(lint_files(tmp_path), "FL116")


# --- FL216 start-call-ignored ------------------------------------------------------------------

START = {"url": "https://typebot.example.com", "typebot": "survey", "remoteJid": "5511999999999@s.whatsapp.net"}


@pytest.mark.parametrize("version, fires, says", [
    ("2.0.2", True, "answers 500"), ("2.0.3", False, ""), ("2.1.1", True, "belongs to no bot"), ("2.1.2", False, ""),
    ("2.3.6", False, ""),
])
def test_fl216_start_session_true_per_version(tmp_path, version, fires, says):
    pinned(tmp_path, version)
    write(tmp_path, "start.json", {**START, "startSession": True})
    messages = [d.message for d in found(lint_files(tmp_path), "FL216")]
    assert bool(messages) is fires and all(says in m for m in messages)


@pytest.mark.parametrize("version, blank", [("2.0.10", False), ("2.1.2", True), ("1.8.2", False)])
def test_fl216_no_session_says_what_the_flow_gets(tmp_path, version, blank):
    pinned(tmp_path, version)
    write(tmp_path, "start.json", {**START, "startSession": 0})
    (diagnostic,) = found(lint_files(tmp_path), "FL216")
    assert "takes as false" in diagnostic.message
    assert ("none of remoteJid" in diagnostic.message) is blank


def test_fl216_no_session_is_fine_for_a_flow_that_asks_nothing(tmp_path):
    pinned(tmp_path, "2.3.6")
    write(tmp_path, "start.json", START)
    say = {"id": "bl-say", "type": "text", "content": {"richText": [{"type": "p", "children": [{"text": "Sale!"}]}]}}
    survey = {**flow_of(say), "publicId": "survey"}
    write(tmp_path, "survey.json", survey)
    assert not found(lint_files(tmp_path / "start.json", tmp_path / "survey.json"), "FL216")
    survey["groups"][0]["blocks"].append({"id": "bl-ask", "type": "text input"})
    write(tmp_path, "survey.json", survey)
    assert found(lint_files(tmp_path / "start.json", tmp_path / "survey.json"), "FL216")


def test_fl216_variables_as_a_string_fail(tmp_path):
    write(tmp_path, "start.json", {**START, "startSession": True, "variables": "campaign=july"})
    (diagnostic,) = found(lint_files(tmp_path / "start.json"), "FL216")
    assert "fails with 500" in diagnostic.message


def test_fl216_1x_options_and_http_blocks(tmp_path):
    """1.x reads the options from the instance's /typebot/set config; a flow's HTTP block counts."""
    pinned(tmp_path, "1.8.2")
    body = '{"url": "https://typebot.example.com", "typebot": "survey", "remoteJid": "{{remoteJid}}", ' \
           '"startSession": true, "keyword_finish": "#stop"}'
    block = {"id": "bl-start", "type": "Webhook", "options": {"isCustomBody": True, "webhook": {
        "method": "POST", "url": "https://evolution.example.com/typebot/start/{{instanceName}}", "body": body}}}
    write(tmp_path, "flow.json", flow_of(block, variables=("remoteJid", "instanceName")))
    (diagnostic,) = found(lint_files(tmp_path), "FL216")
    assert diagnostic.message.startswith("keyword_finish in a /typebot/start body is ignored on EvolutionAPI 1.8.2")
    assert diagnostic.pointer.endswith("/options/webhook/body")


def test_fl206_no_longer_claims_the_server_rejects_start_session(tmp_path):
    """The server's start schema checks only remoteJid, url and typebot (2.3.6 typebot.schema.ts:57-67)."""
    write(tmp_path, "start.json", {**START, "startSession": "true", "variables": {}})
    assert not found(lint_files(tmp_path / "start.json"), "FL206")


# --- FL409 handover-never-returns, FL410 bot-answers-over-agent --------------------------------

HANDOVER = {"expire": 30, "keywordFinish": "#bot", "delayMessage": 1000, "unknownMessage": "Sorry?",
            "listeningFromMe": False, "stopBotFromMe": True}


@pytest.mark.parametrize("version, settings, fires", [
    ("2.3.1", {}, True),  # paused sessions skipped before expire
    ("2.3.3", {}, False),
    ("2.3.6", {"expire": 0}, True),
    ("2.3.6", {"keepOpen": True}, True),  # expiry closes the paused session
    ("2.0.10", {"keepOpen": True}, False),  # 2.0.x: expiry still reopens it
    ("2.3.6", {"stopBotFromMe": False, "expire": 0}, False),
])
def test_fl409_per_version(tmp_path, version, settings, fires):
    pinned(tmp_path, version)
    write(tmp_path, "typebot-settings.json", {**HANDOVER, **settings})
    assert bool(found(lint_files(tmp_path), "FL409")) is fires


def test_fl409_a_reopening_call_brings_the_bot_back(tmp_path):
    pinned(tmp_path, "2.3.6")
    write(tmp_path, "typebot-settings.json", {**HANDOVER, "expire": 0})
    write(tmp_path, "reopen.json", {"remoteJid": "5511999999999@s.whatsapp.net", "status": "opened"})
    assert not found(lint_files(tmp_path), "FL409")


def test_fl409_bot_inherits_expire_from_the_settings(tmp_path):
    pinned(tmp_path, "2.3.6")
    write(tmp_path, "typebot-settings.json", {**HANDOVER, "stopBotFromMe": False, "expire": 0})
    write(tmp_path, "typebot-create.json", {"enabled": True, "url": "https://typebot.example.com", "typebot": "sales",
                                            "triggerType": "keyword", "triggerOperator": "equals",
                                            "triggerValue": "sales", "stopBotFromMe": True})
    (diagnostic,) = found(lint_files(tmp_path), "FL409")
    assert diagnostic.path.endswith("typebot-create.json") and "typebot-settings.json" in diagnostic.message


def test_fl410_1x_listening_from_me(tmp_path):
    pinned(tmp_path, "1.8.2")
    body = {"enabled": True, "url": "https://typebot.example.com", "typebot": "welcome", "expire": 20,
            "keyword_finish": "#stop", "delay_message": 1000, "unknown_message": "Sorry?", "listening_from_me": True}
    write(tmp_path, "typebot-set.json", body)
    (diagnostic,) = found(lint_files(tmp_path), "FL410")
    assert diagnostic.message.startswith("listening_from_me is true and stopBotFromMe is off (1.x has no")
    write(tmp_path, "typebot-set.json", {**body, "listening_from_me": False})
    assert not found(lint_files(tmp_path), "FL410")


def test_fl410_chatwoot_only_when_enabled_and_once(tmp_path):
    pinned(tmp_path, "2.3.6")
    write(tmp_path, "typebot-settings.json", {**HANDOVER, "stopBotFromMe": False})
    write(tmp_path, "typebot-create.json", {"enabled": True, "url": "https://typebot.example.com", "typebot": "sales",
                                            "triggerType": "keyword", "triggerOperator": "equals", "triggerValue": "x"})
    assert not found(lint_files(tmp_path), "FL410")  # Chatwoot off
    with open(tmp_path / ".env", "a") as env:
        env.write("CHATWOOT_ENABLED=true\n")
    (diagnostic,) = found(lint_files(tmp_path), "FL410")  # on the settings, not again on the bot that inherits it
    assert diagnostic.path.endswith("typebot-settings.json")


# --- FL411 typebot-cloud-session-expiry --------------------------------------------------------

CLOUD_BOT = {"enabled": True, "url": "https://typebot.co", "typebot": "support", "triggerType": "keyword",
             "triggerOperator": "equals", "triggerValue": "help"}


@pytest.mark.parametrize("url, expire, fires", [
    ("https://typebot.co", 2879, False), ("https://typebot.co", 2880, True),
    ("https://bots.example.com", 0, False),  # self-hosted: no cloud cleanup
    ("https://nottypebot.co", 0, False), ("{{url}}", 0, False),
])
def test_fl411_cloud_and_expire(tmp_path, url, expire, fires):
    pinned(tmp_path, "2.3.6")
    write(tmp_path, "typebot-create.json", {**CLOUD_BOT, "url": url, "expire": expire})
    assert bool(found(lint_files(tmp_path), "FL411")) is fires


def test_fl411_bot_takes_the_instance_expire(tmp_path):
    pinned(tmp_path, "2.3.6")
    write(tmp_path, "typebot-create.json", CLOUD_BOT)
    (diagnostic,) = found(lint_files(tmp_path), "FL411")
    assert "EvolutionAPI's default" in diagnostic.message and diagnostic.pointer.endswith("/url")
    write(tmp_path, "typebot-settings.json", {**HANDOVER, "stopBotFromMe": False, "expire": 600})
    assert not found(lint_files(tmp_path), "FL411")


def test_fl411_1x(tmp_path):
    pinned(tmp_path, "1.8.2")
    write(tmp_path, "typebot-set.json", {"enabled": True, "url": "https://typebot.co", "typebot": "support",
                                         "expire": 0, "keyword_finish": "#stop", "delay_message": 1000,
                                         "unknown_message": "Sorry?", "listening_from_me": False})
    (diagnostic,) = found(lint_files(tmp_path), "FL411")
    assert "EvolutionAPI 1.8.2 keeps its session" in diagnostic.message


# --- The other 2.x chatbot integrations: FL217 invalid-chatbot-body, FL412, shared rules -------

DIFY = {"enabled": True, "apiUrl": "https://dify.example.com/v1", "apiKey": "app-1", "botType": "chatBot",
        "triggerType": "keyword", "triggerOperator": "equals", "triggerValue": "dify"}
ENABLED = "OPENAI_ENABLED=true\nDIFY_ENABLED=true\nN8N_ENABLED=true\nFLOWISE_ENABLED=true\n"


def enable_all(tmp_path):
    with open(tmp_path / ".env", "a") as env:
        env.write(ENABLED)


def test_other_integrations_are_not_read_as_typebot_bodies(tmp_path):
    """An OpenAI or Dify body file is no Typebot create body: FL206 would demand url and typebot."""
    pinned(tmp_path, "2.3.6")
    enable_all(tmp_path)
    write(tmp_path, "dify.json", DIFY)
    write(tmp_path, "openai.json", {"enabled": True, "openaiCredsId": "c1", "botType": "assistant", "triggerType": "all",
                                    "assistantId": "asst_1", "keepOpen": False})
    assert [d.code for d in lint_files(tmp_path)] == []


@pytest.mark.parametrize("version, body, says", [
    ("2.2.3", {"enabled": True, "webhookUrl": "https://n8n.example.com/webhook/x", "triggerType": "all"},
     "/n8n/* arrived in EvolutionAPI 2.3.0"),
    ("1.8.2", DIFY, "are 2.x"),
    ("2.0.10", {**DIFY, "triggerType": "advanced", "triggerValue": "contains:oi"}, "triggerType 'advanced' arrived"),
    ("2.1.2", {**DIFY, "splitMessages": True}, "splitMessages is read from EvolutionAPI 2.2.0"),
])
def test_fl217_per_version(tmp_path, version, body, says):
    pinned(tmp_path, version)
    enable_all(tmp_path)
    write(tmp_path, "bot.json", body)
    assert any(says in d.message for d in found(lint_files(tmp_path), "FL217"))


def test_fl217_reads_an_http_block_by_its_url(tmp_path):
    pinned(tmp_path, "2.3.6")
    enable_all(tmp_path)
    block = {"id": "bl-make", "type": "Webhook", "options": {"isCustomBody": True, "webhook": {
        "method": "POST", "url": "https://evolution.example.com/flowise/create/{{instanceName}}",
        "body": '{"enabled": true, "triggerType": "all", "debounceTime": 5000}'}}}
    write(tmp_path, "flow.json", flow_of(block, variables=("instanceName",)))
    diagnostics = lint_files(tmp_path)
    assert [m for m in (d.message for d in found(diagnostics, "FL217")) if "has no apiUrl" in m]
    assert found(diagnostics, "FL208")  # the shared debounce rule runs on other integrations too


def test_shared_handover_rules_on_other_integrations(tmp_path):
    pinned(tmp_path, "2.3.6")
    enable_all(tmp_path)
    write(tmp_path, "dify.json", {**DIFY, "stopBotFromMe": True, "expire": 30})
    write(tmp_path, "openai.json", {"enabled": True, "openaiCredsId": "c1", "botType": "chatCompletion",
                                    "triggerType": "keyword", "triggerOperator": "equals", "triggerValue": "ai",
                                    "stopBotFromMe": True})
    diagnostics = lint_files(tmp_path)
    (never,) = found(diagnostics, "FL409")  # Dify: no expire, paused sessions ignored
    assert never.path.endswith("dify.json") and "never compare expire" in never.message
    (over,) = found(diagnostics, "FL410")  # OpenAI: the next message reopens a paused session
    assert over.path.endswith("openai.json") and "#2143" in over.message


def test_fl412_quiet_before_2_3_and_with_a_delete_call(tmp_path):
    pinned(tmp_path, "2.2.3")
    enable_all(tmp_path)
    write(tmp_path, "dify.json", {**DIFY, "keywordFinish": "#stop"})
    assert not found(lint_files(tmp_path), "FL412")
    pinned(tmp_path, "2.3.6")
    enable_all(tmp_path)
    assert found(lint_files(tmp_path), "FL412")
    write(tmp_path, "delete.json", {"remoteJid": "5511999999999@s.whatsapp.net", "status": "delete"})
    assert not found(lint_files(tmp_path), "FL412")


def test_another_integrations_keep_open_does_not_keep_the_typebot_session(tmp_path):
    """FL400 reads the Typebot bot's keepOpen: an OpenAI bot's keepOpen says nothing about it."""
    pinned(tmp_path, "2.3.6")
    enable_all(tmp_path)
    say = {"id": "bl-say", "type": "text", "content": {"richText": [{"type": "p", "children": [{"text": "Bye"}]}]}}
    write(tmp_path, "flow.json", flow_of(say))
    assert found(lint_files(tmp_path), "FL400")
    write(tmp_path, "openai.json", {"enabled": True, "openaiCredsId": "c1", "botType": "chatCompletion",
                                    "triggerType": "keyword", "triggerOperator": "equals", "triggerValue": "ai",
                                    "keepOpen": True})
    assert found(lint_files(tmp_path), "FL400")


def test_fl209_on_every_integration_from_2_3_0(tmp_path):
    """All 2.x integrations pick a bot with the one findBotByTrigger (2.3.0 src/utils/findBotByTrigger.ts:3,
    chatbot.controller.ts:200), which 2.3.0 made match 'none' like 'all' (2.2.3: 'all' only)."""
    pinned(tmp_path, "2.3.6")
    enable_all(tmp_path)
    write(tmp_path, "dify.json", {**DIFY, "triggerType": "none"})
    (finding,) = [d for d in lint_files(tmp_path) if d.code == "FL209"]
    assert finding.path.endswith("dify.json") and "typebotIdFallback" not in finding.message
    pinned(tmp_path, "2.2.3")
    enable_all(tmp_path)
    assert not found(lint_files(tmp_path), "FL209")


def test_fl302_a_set_variable_target_that_is_no_string_is_no_crash(tmp_path):
    # found by scripts/fuzz.py (flow case 6818): `variableId` retyped to an object raised TypeError
    import json

    from conftest import REPO

    flow = json.loads((REPO / "fixtures/rules/FL302/bad/flow.json").read_text())
    for group in flow["groups"]:
        for block in group["blocks"]:
            if block.get("type") == "Set variable":
                block["options"]["variableId"] = {"id": block["options"].get("variableId")}
    path = write(tmp_path, "flow.json", flow)
    from flowlint.config import Settings
    from flowlint.lint import lint

    result = lint([str(path)], Settings(discover=False))
    assert result.project.internal_errors == []

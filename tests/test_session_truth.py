"""What really ends a Typebot session on EvolutionAPI (issue 10), checked path by path.

Evidence for the change-status correction (FL400): Typebot runs an HTTP request block on its
server, inside the chat turn (typebot.io v3.18.0
packages/blocks/integrations/src/httpRequest/constants.ts:21, `isExecutedOnClient: false`;
packages/bot-engine/src/blocks/integrations/httpRequest/executeHttpRequestBlock.ts:121), so
EvolutionAPI gets the turn's reply after the call. A reply without input ends the session:
evolution-api 1.8.2 src/api/integrations/typebot/services/typebot.service.ts:675-679 emits
`typebot:end`, whose handler (:18-23) runs clearSessions (:125) unless TYPEBOT_KEEP_OPEN;
2.3.6 src/api/integrations/chatbot/typebot/services/typebot.service.ts:410-428 deletes the
session (keepOpen false) or sets it closed. A reply with an input keeps it, and the next
message meets a session that is not `opened` (1.8.2 typebot.service.ts:800) and is ignored.
"""
from __future__ import annotations

import json

import pytest

from conftest import lint_files, write

JID = {"remoteJid": "{{remoteJid}}"}


def text(block_id, says="Bye"):
    return {"id": block_id, "type": "text", "content": {"richText": [{"type": "p", "children": [{"text": says}]}]}}


def status_call(block_id, status="paused"):
    return {"id": block_id, "type": "Webhook", "options": {"isCustomBody": True, "webhook": {
        "method": "POST", "url": "https://evolution.example.com/typebot/changeStatus/{{instanceName}}",
        "body": json.dumps({**JID, "status": status})}}}


def ask(block_id):
    return {"id": block_id, "type": "text input", "options": {"variableId": "v3"}}


def jump(block_id, group_id):
    return {"id": block_id, "type": "Jump", "options": {"groupId": group_id}}


def flow(*groups, edges=()):
    """A v6 flow: groups given as (id, title, blocks); the start leads to the first."""
    return {
        "version": "6.1", "id": "fl", "name": "fl",
        "events": [{"id": "ev", "type": "start", "graphCoordinates": {"x": 0, "y": 0}, "outgoingEdgeId": "ed"}],
        "groups": [{"id": gid, "title": title, "graphCoordinates": {"x": 0, "y": 0}, "blocks": blocks}
                   for gid, title, blocks in groups],
        "edges": [{"id": "ed", "from": {"eventId": "ev"}, "to": {"groupId": groups[0][0]}}, *edges],
        "variables": [{"id": "v1", "name": "remoteJid"}, {"id": "v2", "name": "instanceName"},
                      {"id": "v3", "name": "reply"}],
    }


def restart_loops(tmp_path, data, version="1.8.2", *extra):
    write(tmp_path, "flow.json", data)
    write(tmp_path, ".env", "AUTHENTICATION_API_KEY=a-real-secret-key-0123456789\n")
    paths = [tmp_path / "flow.json", tmp_path / ".env", *extra]
    return [d for d in lint_files(*paths, evolution_version=version) if d.code == "FL400"]


def test_paused_call_as_the_last_step_is_a_restart_loop(tmp_path):
    found = restart_loops(tmp_path, flow(("g1", "Bye", [text("b1"), status_call("b2")])))
    assert len(found) == 1
    message = found[0].message
    assert "after the change-status call in group 'Bye'" in message
    assert "inside the chat turn" in message and "#458" in message and "#1382" in message


def test_paused_call_then_an_input_keeps_the_session(tmp_path):
    assert restart_loops(tmp_path, flow(("g1", "Bye", [text("b1"), status_call("b2"), ask("b3")]))) == []


def test_an_input_before_the_call_does_not_count(tmp_path):
    # the wait ends the turn before the call; the call's own turn then ends with no input
    found = restart_loops(tmp_path, flow(("g1", "Bye", [ask("b0"), text("b1"), status_call("b2")])))
    assert len(found) == 1 and "after the change-status call" in found[0].message


def test_the_turn_goes_on_across_a_jump(tmp_path):
    data = flow(("g1", "Pause", [status_call("b1"), jump("b2", "g2")]), ("g2", "Wait", [text("b3"), ask("b4")]))
    assert restart_loops(tmp_path, data) == []


def test_only_the_branch_that_ends_after_the_call_loops(tmp_path):
    menu = {"id": "m", "type": "choice input", "items": [{"id": "i1", "content": "Talk", "outgoingEdgeId": "e1"},
                                                          {"id": "i2", "content": "Bye", "outgoingEdgeId": "e2"}]}
    data = flow(("g0", "Menu", [menu]), ("g1", "Talk", [status_call("b1"), ask("b2")]),
                ("g2", "Bye", [text("b3"), status_call("b4")]),
                edges=[{"id": "e1", "from": {"blockId": "m", "itemId": "i1"}, "to": {"groupId": "g1"}},
                       {"id": "e2", "from": {"blockId": "m", "itemId": "i2"}, "to": {"groupId": "g2"}}])
    found = restart_loops(tmp_path, data)
    assert [d.pointer for d in found] == ["/groups/2"]


def test_a_path_without_the_call_says_the_plain_thing(tmp_path):
    # Bye is reached past the call (Pause) and directly: the plain path is the one reported
    menu = {"id": "m", "type": "choice input", "items": [{"id": "i1", "content": "Pause", "outgoingEdgeId": "e1"},
                                                          {"id": "i2", "content": "Bye", "outgoingEdgeId": "e2"}]}
    data = flow(("g0", "Menu", [menu]), ("g1", "Pause", [status_call("b1"), jump("b2", "g2")]),
                ("g2", "Bye", [text("b3")]),
                edges=[{"id": "e1", "from": {"blockId": "m", "itemId": "i1"}, "to": {"groupId": "g1"}},
                       {"id": "e2", "from": {"blockId": "m", "itemId": "i2"}, "to": {"groupId": "g2"}}])
    found = restart_loops(tmp_path, data)
    assert len(found) == 1 and "after the change-status call" not in found[0].message


def test_the_fixture_of_the_pattern_that_works_is_clean(in_repo):
    assert lint_files("fixtures/change-status") == []


def _bot(tmp_path, **fields):
    body = {"enabled": True, "url": "https://typebot.example.com", "typebot": "fl", **fields}
    return write(tmp_path, "typebot-create.json", body)


@pytest.mark.parametrize("version, fields, says", [
    # reference/evolution.md §4.1 trigger matching: all (and none from 2.3.0) match any message
    ("2.3.6", {"triggerType": "all"}, "whatever it says, restarts the flow (triggerType 'all'"),
    ("2.3.6", {"triggerType": "none"}, "which matches every message since 2.3.0"),
    ("2.3.6", {"triggerType": "keyword", "triggerOperator": "equals", "triggerValue": "hi"},
     "when it matches the bot's trigger (triggerType 'keyword'"),
    ("2.3.6", {}, "assumed: no linted bot body gives its triggerType"),
])
def test_on_2x_the_message_says_which_next_message_restarts(tmp_path, version, fields, says):
    extra = [_bot(tmp_path, **fields)] if fields else []
    found = restart_loops(tmp_path, flow(("g1", "Bye", [text("b1")])), version, *extra)
    assert len(found) == 1 and says in found[0].message, found


def test_a_none_bot_before_2_3_0_is_not_restarted_by_a_message(tmp_path):
    # up to 2.2.3 `none` never matches a message: only /typebot/start runs the bot
    bot = _bot(tmp_path, triggerType="none")
    assert restart_loops(tmp_path, flow(("g1", "Bye", [text("b1")])), "2.2.3", bot) == []


# --- version boundaries ----------------------------------------------------------------------

def _status_body(tmp_path, status):
    return write(tmp_path, "status.json", {"remoteJid": "5541999999999@s.whatsapp.net", "status": status})


@pytest.mark.parametrize("version, fires", [("2.0.3", True), ("2.0.4", False), ("2.3.6", False)])
def test_delete_status_first_ships_in_2_0_4(tmp_path, version, fires):
    # 'delete' joined the status enum in commit 7ba1f2fd (7ba1f2fd:src/api/integrations/typebot/
    # validate/typebot.schema.ts:50), after the 2.0.3-beta release commit 24866834 and before
    # 95bc5e6b bumped package.json to 2.0.4-beta: no 2.0.3 build accepts it.
    found = [d for d in lint_files(_status_body(tmp_path, "delete"), evolution_version=version) if d.code == "FL402"]
    assert bool(found) == fires, found
    if fires:
        assert "opened|paused|closed" in found[0].message and "delete" not in found[0].message.split(":")[-1]


@pytest.mark.parametrize("version, fires", [("2.0.3", True), ("2.0.4", False)])
def test_trigger_none_first_ships_in_2_0_4(tmp_path, version, fires):
    # triggerType 'none' joined the enum in commit 2a7f9698 (2a7f9698:src/api/integrations/typebot/
    # validate/typebot.schema.ts:30; at 24866834, the 2.0.3-beta release, line 30 is ['all', 'keyword']).
    bot = _bot(tmp_path, triggerType="none")
    found = [d for d in lint_files(bot, evolution_version=version) if d.code == "FL206" and "'none'" in d.message]
    assert bool(found) == fires, found
    if fires:
        assert "2.0.4" in found[0].message


def _settings(tmp_path, keep_open):
    return write(tmp_path, "typebot-settings.json", {
        "expire": 0, "keywordFinish": "#end", "delayMessage": 1000, "unknownMessage": "?",
        "listeningFromMe": False, "stopBotFromMe": False, "keepOpen": keep_open})


def _bot_named(tmp_path, name, **fields):
    body = {"enabled": True, "url": "https://typebot.example.com", "typebot": "fl", "triggerType": "all", **fields}
    return write(tmp_path, name, body)


@pytest.mark.parametrize("version, name, replaced", [
    # run time, 2.0.0-2.1.x: `if (!keepOpen) keepOpen = settings.keepOpen` (0dbb5f53 = 2.0.10:
    # src/api/integrations/typebot/services/typebot.service.ts:1542; 29e2cfaf = 2.1.2:
    # src/api/integrations/chatbot/typebot/controllers/typebot.controller.ts:1035)
    ("2.0.10", "typebot-create.json", True),
    ("2.0.10", "typebot-update.json", True),
    ("2.1.2", "typebot-update.json", True),
    # 2.2.0 (commit 171f460f) tests undefined/null at run time (2.2.0 typebot.controller.ts:998), but
    # createBot keeps `if (!data.keepOpen) data.keepOpen = settings?.keepOpen || false` up to 2.2.x
    # (2.2.3 typebot.controller.ts:73); updateBot stores keepOpen as given (2.2.3 :347)
    ("2.2.3", "typebot-create.json", True),
    ("2.2.3", "typebot-update.json", False),
    # 2.3.0 createBot tests undefined/null too (2.3.0 src/api/integrations/chatbot/base-chatbot.controller.ts:129)
    ("2.3.6", "typebot-create.json", False),
])
def test_a_false_keep_open_gives_way_to_the_instance_where_the_code_did(tmp_path, version, name, replaced):
    bot = _bot_named(tmp_path, name, keepOpen=False)
    settings = _settings(tmp_path, True)
    every_message = [d for d in lint_files(bot, settings, evolution_version=version) if d.code == "FL406"]
    assert bool(every_message) != replaced, every_message
    loops = restart_loops(tmp_path, flow(("g1", "Bye", [text("b1")])), version, bot, settings)
    assert bool(loops) != replaced, loops


def test_fl405_docs_say_who_advised_paused_in_422():
    # evolution-api #422: the advice to use 'paused' is a user's comment; the maintainer only said
    # that 'closed' ends the session as designed.
    from flowlint.rules import find_rule

    docs = " ".join(find_rule("FL405").docs.split())
    assert "came from another user" in docs and "maintainer's answer is to use `paused`" not in docs


@pytest.mark.parametrize("version, says", [
    ("2.0.10", "still takes the instance settings' value (up to 2.1.x)"),  # 0dbb5f53 typebot.service.ts:1542
    ("2.2.3", "/typebot/create still stores the instance settings' keepOpen"),  # 2.2.3 typebot.controller.ts:73
    ("2.3.6", None),  # 2.3.0 base-chatbot.controller.ts:129 and :847 test undefined/null only
])
def test_versions_says_where_a_false_keep_open_gives_way(version, says):
    from flowlint.versions import describe
    from flowlint.model.evolution import parse_version

    text = " ".join(describe(parse_version(version)).split())
    if says is None:
        assert "still" not in text
    else:
        assert says in text

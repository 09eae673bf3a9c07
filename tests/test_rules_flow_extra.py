"""FL111 condition-without-edge, FL112 pause-on-whatsapp, FL113 api-key-leak,
FL114 client-side-action-on-whatsapp."""
import json

import pytest

from conftest import ALONE, CORPUS, needs_shared, RULE_FIXTURES, codes_at, lint_files

CODES = ("FL111", "FL112", "FL113", "FL114")

# --- the rules on their fixtures ---------------------------------------------------------------

BAD = {
    "FL111": "fixtures/rules/FL111/bad.json",
    "FL112": "fixtures/rules/FL112/bad",
    "FL113": "fixtures/rules/FL113/bad",
    "FL114": "fixtures/rules/FL114/bad",
}
GOOD = {
    "FL111": "fixtures/rules/FL111/good.json",
    "FL112": "fixtures/rules/FL112/good",
    "FL113": "fixtures/rules/FL113/good",
    "FL114": "fixtures/rules/FL114/good",
}
POSITIVE = {
    # 'Equal to vip' (an Else edge follows), 'gold OR GOLD' (a block follows); not the branch
    # without comparisons, nor the one of the Condition that ends its group with no Else
    "FL111": [(54, 21), (103, 21)],
    # the pausing Wait; not the one without seconds, which Typebot skips
    "FL112": [(46, 28)],
    # shown in a bubble, sent to another host, default body to another host, copied into 'Token'
    # which is shown; not the calls to the EvolutionAPI server itself
    "FL113": [(34, 49), (53, 29), (66, 22), (75, 38)],
    # Moment of the day, Set variable executed on the client, Code on the client by default, Redirect
    "FL114": [(30, 21), (38, 35), (43, 17), (67, 17)],
}


@pytest.mark.parametrize("code", CODES)
def test_rule_fires_at_exact_place(code, in_repo):
    assert codes_at(lint_files(BAD[code]), code) == POSITIVE[code]


@pytest.mark.parametrize("code", CODES)
def test_sound_variant_is_completely_clean(code, in_repo):
    diagnostics = lint_files(GOOD[code], ignore=ALONE)
    assert diagnostics == [], [f"{d.line}:{d.column} {d.code} {d.message}" for d in diagnostics]


@pytest.mark.parametrize("code", CODES)
def test_rule_is_registered_with_docs(code):
    from flowlint.rules import find_rule

    found = find_rule(code)
    assert found is not None and found.target == "flow"
    for section in ("## What it finds", "## Why it matters", "## Example", "## How to fix"):
        assert section in found.docs


def test_fl111_points_at_the_item(in_repo):
    found = [d for d in lint_files(BAD["FL111"]) if d.code == "FL111"]
    assert [d.pointer for d in found] == ["/groups/0/blocks/2/items/0", "/groups/1/blocks/0/items/0"]
    assert "instead of going on to the Else edge as when nothing matches" in found[0].message
    assert "instead of going on to the next block in group 'Gold'" in found[1].message


def test_fl113_span_is_the_reference_and_no_key_is_printed(in_repo):
    found = [d for d in lint_files(BAD["FL113"]) if d.code == "FL113"]
    text = (in_repo / BAD["FL113"] / "flow.json").read_text().splitlines()
    spans = [text[d.line - 1][d.column - 1:d.end_column - 1] for d in found]
    assert spans == ["{{apiKey}}", "{{apiKey}}", '"https://crm.example.com/contacts"', "{{apiKey}}"]
    key = next(line.split("=", 1)[1] for line in (in_repo / BAD["FL113"] / ".env").read_text().splitlines()
               if line.startswith("AUTHENTICATION_API_KEY="))
    assert all(key not in d.message for d in found)
    assert "stored in 'Token', which is shown in a text bubble" in found[3].message


def test_whatsapp_rules_quiet_on_a_web_flow(in_repo):
    for code in ("FL112", "FL114"):
        assert codes_at(lint_files(BAD[code] + "/flow.json", discover=False), code) == []  # not its compose


# --- small flows written on the fly ------------------------------------------------------------

def _flow(blocks, variables=(), whatsapp=None):
    data = {
        "version": "6.1", "id": "t", "name": "t",
        "events": [{"id": "start", "type": "start", "graphCoordinates": {"x": 0, "y": 0}, "outgoingEdgeId": "e0"}],
        "groups": [{"id": "g1", "title": "G", "graphCoordinates": {"x": 0, "y": 0}, "blocks": blocks}],
        "edges": [{"id": "e0", "from": {"eventId": "start"}, "to": {"groupId": "g1"}}],
        "variables": [{"id": f"v-{name}", "name": name} for name in variables],
    }
    if whatsapp is not None:
        data["settings"] = {"whatsApp": {"isEnabled": whatsapp}}
    return data


def _text(block_id, words):
    return {"id": block_id, "type": "text",
            "content": {"richText": [{"type": "p", "children": [{"text": words}]}]}}


def _http(block_id, url, **webhook):
    return {"id": block_id, "type": "Webhook",
            "options": {"isCustomBody": True, "webhook": {"method": "POST", "url": url, **webhook}}}


def _lint(tmp_path, data, code, env=None, **settings):
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(data, indent=2))
    paths = [path]
    if env is not None:
        (tmp_path / ".env").write_text(env)
        paths.append(tmp_path / ".env")
    else:  # a .env left beside the flow by an earlier call would be found as its deployment's config
        (tmp_path / ".env").unlink(missing_ok=True)
    return [d for d in lint_files(*paths, **settings) if d.code == code]


ENV_2X = ("AUTHENTICATION_API_KEY=3b9e61f0c24a4d7e8a15c6f2d0b47e93\nSERVER_URL=https://evo.example.com\n"
          "TYPEBOT_ENABLED=true\n")


def test_fl111_quiet_for_ab_test_and_choice_items(tmp_path):
    data = _flow([
        {"id": "ab", "type": "AB test", "items": [{"id": "a", "path": "a"}, {"id": "b", "path": "b"}]},
        {"id": "ask", "type": "choice input", "items": [{"id": "x", "content": "X"}]},
        _text("after", "next"),
    ])
    assert _lint(tmp_path, data, "FL111") == []


def test_fl111_or_condition_matches_if_any_comparison_is_complete(tmp_path):
    item = {"id": "i", "content": {"logicalOperator": "OR", "comparisons": [
        {"id": "k1", "variableId": "v-A"},  # no operator: never true
        {"id": "k2", "variableId": "v-A", "comparisonOperator": "Is set"}]}}
    data = _flow([{"id": "c", "type": "Condition", "items": [item]}, _text("after", "{{A}}")], ["A"])
    assert len(_lint(tmp_path, data, "FL111")) == 1
    item["content"]["logicalOperator"] = "AND"  # now one comparison can never hold, so the branch never matches
    assert _lint(tmp_path, data, "FL111") == []


def test_fl112_on_typebot_whatsapp_integration(tmp_path):
    wait = {"id": "w", "type": "Wait", "options": {"secondsToWaitFor": "{{Delay}}", "shouldPause": True}}
    data = _flow([wait, _text("t", "after")], ["Delay"], whatsapp=True)
    (d,) = _lint(tmp_path, data, "FL112")
    assert d.pointer == "/groups/0/blocks/0/options/shouldPause" and "typebot.io #1739" in d.message
    assert _lint(tmp_path, _flow([wait, _text("t", "after")], ["Delay"], whatsapp=False), "FL112") == []


def test_fl112_skipped_waits_are_quiet(tmp_path):
    for seconds in ("", "soon", 0):
        wait = {"id": "w", "type": "Wait", "options": {"secondsToWaitFor": seconds, "shouldPause": True}}
        assert _lint(tmp_path, _flow([wait], whatsapp=True), "FL112") == [], seconds


def test_fl113_quiet_on_1x_and_without_a_declared_api_key(tmp_path):
    data = _flow([_text("t", "key {{apiKey}}")], ["apiKey"])
    assert len(_lint(tmp_path, data, "FL113")) == 1
    assert len(_lint(tmp_path, data, "FL113", evolution_version="2.0.0")) == 1
    assert _lint(tmp_path, data, "FL113", evolution_version="1.8.2") == []
    assert _lint(tmp_path, _flow([_text("t", "key {{apiKey}}")], ["other"]), "FL113") == []


def test_fl113_choice_label_is_shown_and_item_value_is_not(tmp_path):
    choice = {"id": "c", "type": "choice input", "items": [
        {"id": "i1", "content": "Use {{apiKey}}"}, {"id": "i2", "content": "No", "value": "{{apiKey}}"}]}
    (d,) = _lint(tmp_path, _flow([choice], ["apiKey"]), "FL113")
    assert d.pointer == "/groups/0/blocks/0/items/0/content" and "button label" in d.message


def test_fl113_which_requests_reach_the_server(tmp_path):
    header = {"headers": [{"key": "apikey", "value": "{{apiKey}}"}], "body": "{}"}
    blocks = [
        _http("a", "{{serverUrl}}/chat/whatsappNumbers/{{instanceName}}", **header),
        _http("b", "https://evo.example.com/message/sendText/x", **header),
        _http("c", "http://evolution-api:8080/message/sendText/x", **header),  # a container name, EvolutionAPI route
        _http("d", "https://other.example.com/message/sendText/x", **header),
        _http("e", "{{Base}}/hook", **header),
    ]
    data = _flow(blocks, ["apiKey", "serverUrl", "instanceName", "Base"])
    with_server = _lint(tmp_path, data, "FL113", env=ENV_2X)
    assert [d.pointer.split("/")[4] for d in with_server] == ["3", "4"]
    without = _lint(tmp_path, data, "FL113")  # no SERVER_URL: EvolutionAPI routes count as the server
    assert [d.pointer.split("/")[4] for d in without] == ["4"]


def test_fl113_get_and_custom_bodies_carry_no_default_body(tmp_path):
    blocks = [
        {"id": "g", "type": "Webhook", "options": {"webhook": {"method": "GET", "url": "https://x.example.com"}}},
        _http("c", "https://x.example.com", body="{\"a\": 1}"),
        {"id": "z", "type": "Zapier", "options": {"webhook": {"url": "https://hooks.zapier.com/x"}}},
        # a body Typebot does not send (isCustomBody off): the default body is reported, not the {{apiKey}} in it
        {"id": "o", "type": "Webhook", "options": {"isCustomBody": False, "webhook": {
            "url": "https://x.example.com", "body": "{\"k\": \"{{apiKey}}\"}"}}},
    ]
    found = _lint(tmp_path, _flow(blocks, ["apiKey"]), "FL113")
    assert [d.pointer for d in found] == ["/groups/0/blocks/2/options/webhook/url", "/groups/0/blocks/3/options/webhook/url"]


def test_fl113_follows_set_variable_chains_once(tmp_path):
    blocks = [
        {"id": "s1", "type": "Set variable", "options": {"variableId": "v-A", "expressionToEvaluate": "{{apiKey}}"}},
        {"id": "s2", "type": "Set variable", "options": {"variableId": "v-B", "expressionToEvaluate": "'x' + {{A}}"}},
        _text("t1", "{{B}}"), _text("t2", "{{A}} {{B}}"),
    ]
    (d,) = _lint(tmp_path, _flow(blocks, ["apiKey", "A", "B"]), "FL113")
    assert d.pointer == "/groups/0/blocks/0/options/expressionToEvaluate"


def test_fl114_on_typebot_whatsapp_integration(tmp_path):
    blocks = [
        {"id": "m", "type": "Set variable", "options": {"variableId": "v-A", "type": "Moment of the day"}},
        {"id": "d", "type": "Set variable", "options": {"variableId": "v-A", "type": "Device type"}},
        {"id": "k", "type": "Code", "options": {"content": "1", "isExecutedOnClient": True}},
        {"id": "r", "type": "Redirect", "options": {"url": "https://example.com"}},
    ]
    found = _lint(tmp_path, _flow(blocks, ["A"], whatsapp=True), "FL114")
    # Typebot's own WhatsApp runtime evaluates Moment of the day on its server and sends a Redirect's URL
    assert [d.pointer for d in found] == ["/groups/0/blocks/1/options/type", "/groups/0/blocks/2/options/isExecutedOnClient"]


def test_fl114_blocks_typebot_skips_are_quiet(tmp_path):
    blocks = [
        {"id": "m", "type": "Set variable", "options": {"type": "Moment of the day"}},  # no variable
        {"id": "c", "type": "Set variable", "options": {"variableId": "v-A", "isExecutedOnClient": True, "type": "Now"}},
        {"id": "k", "type": "Code", "options": {"content": ""}},
        {"id": "r", "type": "Redirect", "options": {}},
    ]
    assert _lint(tmp_path, _flow(blocks, ["A"]), "FL114", env=ENV_2X) == []


# --- real flows written by others ----------------------------------------------------------------

FLOWS = sorted((CORPUS / "typebot").glob("*.json"))
EVOLUTION_2X = (RULE_FIXTURES / "FL113" / "good" / ".env", RULE_FIXTURES / "FL113" / "good" / "docker-compose.yml")

# Checked by hand, each linted next to an EvolutionAPI 2.3.6 config (the corpus flows alone carry
# no WhatsApp evidence and no `apiKey` variable, and every Condition branch there has an edge):
CORPUS_FINDINGS_ON_EVOLUTION = {
    # the NPS template's last group: 'Let me take you there...', a 1 s Wait, then a Redirect to
    # capterra.com: through EvolutionAPI the redirect action is ignored, the user gets no link
    ("baptisteArno_nps.json", "FL114", 459, 17),
    # a Set variable of `location.href` with isExecutedOnClient true: Typebot hands it to the
    # caller and waits for the value; EvolutionAPI never answers and ends the session
    ("typebot.io_linkTypebots-2.json", "FL114", 24, 35),
    # the skin-typology template's final group is a lone Redirect to global.typology.com
    ("typebot.io_skin-typology.json", "FL114", 1251, 17),
}


def test_corpus_flows_alone_raise_nothing(in_repo):
    found = [(p.name, d.code, d.line, d.column) for p in FLOWS for d in lint_files(p, select=CODES)]
    assert found == []


@needs_shared
def test_corpus_flows_on_evolution_raise_only_the_reviewed_findings(in_repo):
    found = set()
    for path in FLOWS:
        for d in lint_files(path, *EVOLUTION_2X, select=CODES):
            found.add((path.name, d.code, d.line, d.column))
    assert found == CORPUS_FINDINGS_ON_EVOLUTION

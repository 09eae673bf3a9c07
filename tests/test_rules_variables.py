"""FL107 undefined-variable, FL108 unused-variable, FL109 variable-never-set, and the variable scan they share."""
import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ALONE, CORPUS, needs_shared, codes_at, lint_files
from flowlint import fastjson
from flowlint.model.flow import build_flow
from flowlint.model.variables import READ, READ_WRITE, WRITE, prefilled_names, references, set_variable_calls, usage

# --- the rules on their fixtures ---------------------------------------------------------------

POSITIVE = {
    # {{remoteJid}} undeclared, an answer saved into a deleted variable id, the typo {{Nmae}}
    "FL107": [(42, 36), (53, 27), (65, 37)],
    # 'Email' declared, nothing uses it
    "FL108": [(85, 15)],
    # 'Phone' shown and 'Plan' compared, nothing sets either
    "FL109": [(115, 15), (119, 15)],
}


@pytest.mark.parametrize("code", sorted(POSITIVE))
def test_rule_fires_at_exact_place(code, in_repo):
    assert codes_at(lint_files(f"fixtures/rules/{code}/bad.json"), code) == POSITIVE[code]


@pytest.mark.parametrize("code", sorted(POSITIVE))
def test_rule_quiet_on_sound_variant(code, in_repo):
    diagnostics = lint_files(f"fixtures/rules/{code}/good.json", ignore=ALONE)
    assert codes_at(diagnostics, code) == []
    assert diagnostics == [], [f"{d.line}:{d.column} {d.code} {d.message}" for d in diagnostics]


def test_fl107_messages_say_why(in_repo):
    messages = [d.message for d in lint_files("fixtures/rules/FL107/bad.json") if d.code == "FL107"]
    assert "EvolutionAPI prefills 'remoteJid' only into a variable the flow declares" in messages[0]
    assert "declare a variable named 'remoteJid'" in messages[0]
    assert messages[1] == "variableId 'v-deleted' names no declared variable: the value is never stored"
    assert messages[2].endswith("did you mean 'Name'?")


def test_fl107_span_covers_the_reference(in_repo):
    (d,) = [d for d in lint_files("fixtures/rules/FL107/bad.json") if d.code == "FL107" and "Nmae" in d.message]
    line = (in_repo / "fixtures/rules/FL107/bad.json").read_text().splitlines()[d.line - 1]
    assert line[d.column - 1:d.end_column - 1] == "{{Nmae}}"
    assert d.pointer == "/groups/0/blocks/3/content/richText/0/children/0/text"


def test_fl108_and_fl109_point_at_the_variable_name(in_repo):
    (unused,) = [d for d in lint_files("fixtures/rules/FL108/bad.json") if d.code == "FL108"]
    assert unused.pointer == "/variables/1" and "'Email'" in unused.message
    never = [d for d in lint_files("fixtures/rules/FL109/bad.json") if d.code == "FL109"]
    assert [d.pointer for d in never] == ["/variables/0", "/variables/1"]
    assert never[0].message == ("variable 'Phone' is read in group 'Main' but nothing in the flow sets it, "
                                "so it is empty unless it is passed in from outside")


# --- small flows written on the fly ------------------------------------------------------------

def _flow(blocks, variables, events=(), **top):
    return {
        "version": "6.1", "id": "t", "name": "t",
        "events": [{"id": "start", "type": "start", "graphCoordinates": {"x": 0, "y": 0}, "outgoingEdgeId": "e0"},
                   *events],
        "groups": [{"id": "g1", "title": "G", "graphCoordinates": {"x": 0, "y": 0}, "blocks": blocks}],
        "edges": [{"id": "e0", "from": {"eventId": "start"}, "to": {"groupId": "g1"}}],
        "variables": [{"id": f"v-{name}", "name": name} for name in variables],
        **top,
    }


def _text(block_id, words):
    return {"id": block_id, "type": "text",
            "content": {"richText": [{"type": "p", "children": [{"text": words}]}]}}


def _lint(tmp_path, data, code, **settings):
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(data, indent=2))
    return [d for d in lint_files(path, **settings) if d.code == code]


PREFILL_READER = _flow([_text("b1", "{{remoteJid}} {{pushName}} {{instanceName}} {{messageType}} "
                                    "{{serverUrl}} {{apiKey}} {{ownerJid}}")],
                       ["remoteJid", "pushName", "instanceName", "messageType", "serverUrl", "apiKey", "ownerJid"])


def test_fl109_prefilled_count_as_set_when_version_unknown(tmp_path):
    assert _lint(tmp_path, PREFILL_READER, "FL109") == []


def test_fl109_on_1x_server_url_api_key_owner_jid_are_not_prefilled(tmp_path):
    found = _lint(tmp_path, PREFILL_READER, "FL109", evolution_version="1.8.2")
    assert [d.pointer for d in found] == ["/variables/4", "/variables/5", "/variables/6"]
    assert found[0].message == ("variable 'serverUrl' is read in group 'G' but nothing in the flow sets it; "
                                "EvolutionAPI 1.8.2 does not prefill 'serverUrl' (only 2.x sends it)")


def test_fl109_message_type_only_from_1_7_1_and_not_on_2x(tmp_path):
    assert [d.pointer for d in _lint(tmp_path, PREFILL_READER, "FL109", evolution_version="2.3.6")] == ["/variables/3"]
    before = _lint(tmp_path, PREFILL_READER, "FL109", evolution_version="1.7.0")
    assert "/variables/3" in [d.pointer for d in before]
    assert "/variables/3" not in [d.pointer for d in _lint(tmp_path, PREFILL_READER, "FL109", evolution_version="1.7.1")]


def test_fl109_version_from_the_config_files(tmp_path):
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  api:\n    image: atendai/evolution-api:v1.8.2\n    environment:\n      TYPEBOT_KEEP_OPEN: 'true'\n")
    (tmp_path / "flow.json").write_text(json.dumps(PREFILL_READER, indent=2))
    found = [d for d in lint_files(tmp_path) if d.code == "FL109"]
    assert [d.pointer for d in found] == ["/variables/4", "/variables/5", "/variables/6"]


def test_fl109_names_are_case_sensitive(tmp_path):
    (d,) = _lint(tmp_path, _flow([_text("b1", "Hi {{remotejid}}")], ["remotejid"]), "FL109")
    assert d.message.endswith("EvolutionAPI prefills 'remoteJid', and variable names are case-sensitive")


def test_fl109_default_value_and_start_call_variables_count_as_set(tmp_path):
    data = _flow([_text("b1", "{{Campaign}} {{Coupon}}")], ["Campaign", "Coupon"])
    data["variables"][0]["value"] = "spring"
    assert [d.pointer for d in _lint(tmp_path, data, "FL109")] == ["/variables/1"]
    (tmp_path / "start.json").write_text(json.dumps({
        "url": "https://typebot.example.com", "typebot": "t", "remoteJid": "5511999999999@s.whatsapp.net",
        "startSession": True, "variables": [{"name": "Coupon", "value": "X1"}]}))
    assert [d for d in lint_files(tmp_path) if d.code == "FL109"] == []


def test_fl109_read_write_list_operations_and_code_writes(tmp_path):
    blocks = [
        {"id": "b1", "type": "Set variable", "options": {"variableId": "v-List", "type": "Append value(s)", "item": "x"}},
        {"id": "b2", "type": "Code", "options": {"content": "setVariable('Total', 3)"}},
        _text("b3", "{{List}} {{Total}}"),
    ]
    assert _lint(tmp_path, _flow(blocks, ["List", "Total"]), "FL109") == []


def test_fl107_set_variable_call_and_dollar_form(tmp_path):
    blocks = [{"id": "b1", "type": "Code", "options": {"content": 'const n = ${{Count}};\nsetVariable("Totl", n)'}}]
    found = _lint(tmp_path, _flow(blocks, ["Total", "Count"]), "FL107")
    line = (tmp_path / "flow.json").read_text().splitlines()[found[0].line - 1]
    assert [(d.line, d.column) for d in found] == [(29, 60)]
    assert line[found[0].column - 1:found[0].end_column - 1] == r'\"Totl\"'  # the quoted name, as escaped in JSON
    assert found[0].message == ('setVariable("Totl") names no declared variable: Typebot drops the value; '
                                "did you mean 'Total'?")


def test_fl107_undeclared_ids_in_items_events_and_settings(tmp_path):
    blocks = [{"id": "b1", "type": "Condition", "items": [{"id": "i1", "content": {"comparisons": [
        {"id": "c1", "variableId": "v-gone", "comparisonOperator": "Is set"}]}}]}]
    events = [{"id": "r1", "type": "reply", "graphCoordinates": {"x": 0, "y": 0},
               "options": {"contentVariableId": "v-lost"}}]
    settings = {"whatsApp": {"startCondition": {"comparisons": [{"id": "c2", "variableId": "v-nope"}]}}}
    found = _lint(tmp_path, _flow(blocks, [], events, settings=settings), "FL107")
    assert [d.pointer for d in found] == [
        "/events/1/options/contentVariableId",
        "/groups/0/blocks/0/items/0/content/comparisons/0/variableId",
        "/settings/whatsApp/startCondition/comparisons/0/variableId",
    ]


def test_fl107_finds_the_reference_in_an_escaped_json_string(tmp_path):
    body = '{"name": "{{Nome}}", "jid": "{{remoteJid}}"}'
    blocks = [{"id": "b1", "type": "Webhook", "options": {"isCustomBody": True, "webhook": {"url": "https://x.example/{{Nome}}", "body": body}}}]
    found = _lint(tmp_path, _flow(blocks, ["remoteJid"]), "FL107")
    text = (tmp_path / "flow.json").read_text().splitlines()
    assert [text[d.line - 1][d.column - 1:d.end_column - 1] for d in found] == ["{{Nome}}", "{{Nome}}"]


def test_fl108_prefilled_variables_are_written_by_evolution(tmp_path):
    data = _flow([_text("b1", "Hello")], ["remoteJid", "serverUrl"])
    assert _lint(tmp_path, data, "FL108") == []
    assert [d.pointer for d in _lint(tmp_path, data, "FL108", evolution_version="1.8.2")] == ["/variables/1"]


# --- the scan ----------------------------------------------------------------------------------

def test_references_skip_inline_code_but_read_names_inside_it():
    text = "Hi {{Name}}, ${{Total}} {{= {{Count}} + 1 =}} {{= Date.now() =}}"
    assert list(references(text)) == [("Name", "{{Name}}"), ("Total", "${{Total}}"), ("Count", "{{Count}}")]


def test_references_match_names_exactly():
    assert list(references("{{ Name }} {{a}}b}} {{}}")) == [(" Name ", "{{ Name }}"), ("a", "{{a}}")]


def test_set_variable_calls():
    code = "setVariable('a', 1)\nsetVariable(\"b c\", x); setVariable(`d`, 2); setVariable(name, 3)"
    assert [name for name, _ in set_variable_calls(code)] == ["a", "b c", "d"]


def _scan(data):
    flow = build_flow(data)
    return flow, usage(flow)


def test_scan_reads_and_writes_with_pointers():
    blocks = [
        {"id": "b0", "type": "text input", "options": {"variableId": "v-a"}},
        {"id": "b1", "type": "Webhook", "options": {
            "webhook": {"url": "https://x.example/{{a}}", "headers": [{"key": "k", "value": "${{b}}"}]},
            "responseVariableMapping": [{"id": "m", "bodyPath": "data", "variableId": "v-c"}]}},
        {"id": "b2", "type": "choice input", "options": {"dynamicVariableId": "v-d"}, "items": [
            {"id": "i1", "content": "{{e}}", "displayCondition": {"isEnabled": True, "condition": {
                "comparisons": [{"id": "c", "variableId": "v-f", "value": "{{= 2 =}}"}]}}}]},
        {"id": "b3", "type": "Code", "options": {"content": "setVariable('g', {{h}})"}},
        {"id": "b4", "type": "openai", "options": {"threadVariableId": "v-i", "saveUrlInVariableId": "v-j"}},
        {"id": "b5", "type": "Set variable", "options": {"variableId": "v-k", "type": "Pop", "saveItemInVariableId": "v-l"}},
    ]
    flow, found = _scan(_flow(blocks, []))
    got = [(u.variable_id or u.name, u.access, u.pointer) for u in found.uses]
    assert got == [
        ("v-a", WRITE, "/groups/0/blocks/0/options/variableId"),
        ("a", READ, "/groups/0/blocks/1/options/webhook/url"),
        ("b", READ, "/groups/0/blocks/1/options/webhook/headers/0/value"),
        ("v-c", WRITE, "/groups/0/blocks/1/options/responseVariableMapping/0/variableId"),
        ("v-d", READ, "/groups/0/blocks/2/options/dynamicVariableId"),
        ("e", READ, "/groups/0/blocks/2/items/0/content"),
        ("v-f", READ, "/groups/0/blocks/2/items/0/displayCondition/condition/comparisons/0/variableId"),
        ("h", READ, "/groups/0/blocks/3/options/content"),
        ("g", WRITE, "/groups/0/blocks/3/options/content"),
        ("v-i", READ_WRITE, "/groups/0/blocks/4/options/threadVariableId"),
        ("v-j", WRITE, "/groups/0/blocks/4/options/saveUrlInVariableId"),
        ("v-k", READ_WRITE, "/groups/0/blocks/5/options/variableId"),
        ("v-l", WRITE, "/groups/0/blocks/5/options/saveItemInVariableId"),
    ]
    item_use = found.uses[5]
    assert item_use.ids == ("g1", "b2", "i1") and item_use.group_id == "g1"


def test_scan_counts_a_legacy_text_bubble_once_and_repeats_per_string():
    bubble = {"id": "b1", "type": "text", "content": {
        "html": "<p>{{x}}</p>", "plainText": "{{x}}",
        "richText": [{"type": "p", "children": [{"text": "{{x}} and {{x}} again"}]}]}}
    _, found = _scan(_flow([bubble], []))
    (use,) = found.uses
    assert (use.name, use.count, use.pointer) == ("x", 2, "/groups/0/blocks/0/content/richText/0/children/0/text")


# Pieces of keys and strings: the markers, their parts, and what JSON escapes (quotes,
# backslashes, control characters) or leaves as it is (non-ASCII, U+2028, DEL).
_PIECES = st.sampled_from(["{{a}}", "${{b}}", "{{=c=}}", "{{", "}}", "{", "setVariable('d', 1)", "setVariabl",
                           "ariableI", "\\", "\"", "\n", "\x00", "\x7f", "\u2028", "é", "\ud800", " "])
_TEXTS = st.lists(_PIECES, max_size=3).map("".join)
_KEYS = st.sampled_from(["variableId", "saveVariableId", "dynamicVariableId", "options", "content", "richText",
                         "html", "plainText", "items", "displayCondition", "isEnabled", "comparisons", "body",
                         "webhook", "isCustomBody", "text"]) | _TEXTS
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(min_value=2 ** 64) | _TEXTS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4), max_leaves=20)
_BLOCKS = st.lists(st.tuples(st.sampled_from(["text", "Code", "Set variable", "Webhook", "choice input", "cards"]),
                             st.dictionaries(_KEYS, _VALUES, max_size=5)), max_size=4)


def _uses(blocks) -> list:
    data = _flow([{**body, "id": f"b{i}", "type": kind} for i, (kind, body) in enumerate(blocks)], [],
                 settings={"general": {"a": "{{x}}"}, "b": blocks[0][1] if blocks else {}})
    return [(u.order, u.access, u.pointer, u.ids, u.variable_id, u.name, u.literal, u.count, u.in_code)
            for u in _scan(data)[1].uses]


@settings(max_examples=300, deadline=None)
@given(_BLOCKS)
def test_scan_finds_the_same_uses_without_msgspec(blocks):
    """The walk skips what msgspec's JSON text shows holds no marker; without msgspec it walks it all."""
    fastjson.msgspec()  # imported (where installed): the walk uses it once something has
    fast = _uses(blocks)
    with pytest.MonkeyPatch.context() as plain:
        plain.setitem(sys.modules, "msgspec", None)
        assert _uses(blocks) == fast


def test_scan_is_kept_on_the_flow_and_walks_once():
    flow = build_flow(_flow([_text("b1", "{{a}}")], ["a"]))
    first = usage(flow)
    assert usage(flow) is first
    assert usage(build_flow(_flow([_text("b1", "{{a}}")], ["a"]))) is not first


def test_prefilled_names_by_version():
    assert prefilled_names((1, 6, 1)) == {"remoteJid", "pushName", "instanceName"}
    assert prefilled_names((1, 8, 2)) == {"remoteJid", "pushName", "instanceName", "messageType"}
    assert prefilled_names((2, 0, 10)) == {"remoteJid", "pushName", "instanceName", "serverUrl", "apiKey", "ownerJid"}
    assert prefilled_names(None) == prefilled_names((1, 8, 2)) | prefilled_names((2, 3, 6))


# --- real flows --------------------------------------------------------------------------------

def test_options_that_name_undeclared_variable_ids(in_repo):
    found = [d for d in lint_files("fixtures/flows/undeclared-variable-ids.json") if d.code == "FL107"]
    # a Set variable and a choice input whose variableId is missing from `variables`
    assert [(d.line, d.column, d.pointer) for d in found] == [
        (9, 74, "/groups/0/blocks/0/options/variableId"),
        (10, 75, "/groups/0/blocks/1/options/variableId"),
    ]
    assert "'v-gone-score'" in found[0].message and "'v-gone-pick'" in found[1].message


@needs_shared
def test_skin_typology_options_name_undeclared_variable_ids(in_repo):
    path = CORPUS / "typebot" / "typebot.io_skin-typology.json"
    found = [d for d in lint_files(path) if d.code == "FL107" and d.message.startswith("variableId")]
    # 'Group #4' Set variable and 'Group #5' choice input name ids missing from `variables`
    assert [(d.line, d.column, d.pointer) for d in found] == [
        (314, 27, "/groups/3/blocks/0/options/variableId"),
        (385, 27, "/groups/4/blocks/1/options/variableId"),
    ]
    assert "'vm8iu1iexkbk01ptkqnfwdva4'" in found[0].message and "'vd5zutxjechfh2ihdzsw2rcc3'" in found[1].message


# Every FL107/FL109 finding on the corpus, each checked by hand (see the notes);
# a new finding fails here and must be reviewed before it is added.
CORPUS_FINDINGS = {
    # Set variable 'Variable de Inicio' (isCode) is `{{crypto.randomUUID()}}`: a single {{…}} is parsed
    # as a variable name, none is declared, so id_conversa is set to ""
    ("irastorzatobias_sample-data.json", "FL107", 240, 42),
    # four HTTP bodies send "prelead_id": "{{preLeadId}}"; no variable preLeadId is declared
    ("irastorzatobias_sample-data.json", "FL107", 567, 111),
    ("irastorzatobias_sample-data.json", "FL107", 698, 111),
    ("irastorzatobias_sample-data.json", "FL107", 955, 111),
    ("irastorzatobias_sample-data.json", "FL107", 1016, 111),
    # conversationName is the dify-ai query; no block, mapping or code ever sets it
    ("irastorzatobias_sample-data.json", "FL109", 1629, 19),
    # 'Bye' shows {{Email}}; this test bot has no input or Set variable for Email
    ("typebot.io_commandEvent.json", "FL109", 179, 15),
    # the viewer's test of URL-prefilled variables: {{Name}} is only ever given from outside
    ("typebot.io_predefinedVariables.json", "FL109", 72, 50),
    # the template's 'Group #4' Set variable targets a deleted variable id and reads {{Sebum score}},
    # which is not declared; 'Group #5' saves its answer into another deleted id
    ("typebot.io_skin-typology.json", "FL107", 314, 27),
    ("typebot.io_skin-typology.json", "FL107", 315, 38),
    ("typebot.io_skin-typology.json", "FL107", 385, 27),
}


@needs_shared
def test_corpus_variable_findings_are_the_reviewed_ones(in_repo):
    found = set()
    for path in sorted((CORPUS / "typebot").glob("*.json")):
        for d in lint_files(path, select=["FL107", "FL109"]):
            found.add((path.name, d.code, d.line, d.column))
    assert found == CORPUS_FINDINGS

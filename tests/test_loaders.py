"""Loaders: kinds, exact positions, and any bytes in -> a document, never an exception."""
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import needs_shared
from flowlint.discover import Input, read
from flowlint.jsonpos import JsonLocator, join_pointer, split_pointer
from flowlint.lint import broken
from flowlint.kinds import COMPOSE, ENV, FLOW, SETTINGS, YAML
from flowlint.loaders import load
from flowlint.model.flow import build_flow
from flowlint.source import SourceFile


def loaded(name, text):
    return load(SourceFile(name, text))


def test_env_positions_quotes_export_crlf_and_comments():
    text = "# comment\r\nexport A=1\r\nB = \"two # x\" # c\r\nC='x'\r\nD=\r\n  E=plain # trailing\r\n"
    document = loaded(".env", text)
    assert document.kind == ENV
    got = {s.name: (s.value, s.key_span.line, s.key_span.column, s.value_span.column, s.value_span.end_column)
           for s in document.settings}
    assert got == {
        "A": ("1", 2, 8, 10, 11),
        "B": ("two # x", 3, 1, 5, 14),
        "C": ("x", 4, 1, 3, 6),
        "D": ("", 5, 1, 3, 3),
        "E": ("plain", 6, 3, 5, 10),
    }


def test_env_bom_is_not_a_column():
    source = read(Input("x.env", None, True), b"\xef\xbb\xbfTYPEBOT_KEEP_OPEN=true\n").source
    (setting,) = load(source).settings
    assert (setting.name, setting.key_span.column, setting.value_span.column) == ("TYPEBOT_KEEP_OPEN", 1, 19)


def test_yaml_1x_maps_nested_keys_to_env_names():
    text = "SERVER:\n  PORT: 8080\nTYPEBOT:\n  API_VERSION: latest\n  KEEP_OPEN: true\nAUTHENTICATION:\n  API_KEY:\n    KEY: secret-key\nCORS:\n  ORIGIN:\n    - '*'\n    - https://a.example\n"
    document = loaded("env.yml", text)
    assert document.kind == YAML
    got = {s.name: (s.value, s.value_span.line, s.value_span.column) for s in document.settings}
    assert got["TYPEBOT_KEEP_OPEN"] == ("true", 5, 14)
    assert got["AUTHENTICATION_API_KEY"] == ("secret-key", 8, 10)
    assert got["SERVER_PORT"] == ("8080", 2, 9)
    assert got["CORS_ORIGIN"][0] == "*,https://a.example"


def test_compose_list_and_mapping_environment_and_image_version():
    text = ("x-env: &env\n  LOG_LEVEL: ERROR\nservices:\n  db:\n    image: postgres:16\n  api:\n"
            "    image: evoapicloud/evolution-api:v2.2.3\n    env_file:\n      - path: ./evo.env\n        required: false\n"
            "    environment:\n      <<: *env\n      TYPEBOT_ENABLED: \"true\"\n      SERVER_URL: ${PUBLIC_URL}\n")
    document = loaded("compose.yaml", text)
    assert document.kind == COMPOSE
    assert document.pin.version == (2, 2, 3) and (document.pin.span.line, document.pin.span.column) == (7, 12)
    got = {s.name: (s.value, s.value_span.line, s.value_span.column, s.interpolated) for s in document.settings}
    assert got == {"LOG_LEVEL": ("ERROR", 2, 14, False), "TYPEBOT_ENABLED": ("true", 13, 25, False),
                   "SERVER_URL": ("${PUBLIC_URL}", 14, 19, True)}
    assert [path for path, _ in document.env_files] == ["./evo.env"]
    listed = loaded("docker-compose.yml", "services:\n  api:\n    image: atendai/evolution-api\n    environment:\n      - \"TYPEBOT_KEEP_OPEN=true\"\n      - HOST_ONLY\n")
    got = {s.name: (s.value, s.key_span.column, s.value_span.column) for s in listed.settings}
    assert got == {"TYPEBOT_KEEP_OPEN": ("true", 10, 28), "HOST_ONLY": (None, 9, 18)}
    assert listed.pin.version is None and listed.pin.text == ""


def test_compose_without_evolution_is_unknown():
    document = loaded("docker-compose.yml", "services:\n  db:\n    image: postgres:16\n")
    assert document.kind is None and "no EvolutionAPI service" in document.unknown_reason


def test_json_kinds():
    assert loaded("a.json", '{"typebot": {"groups": [], "edges": []}, "currentUserMode": "write"}').kind == FLOW
    assert loaded("a.json", '{"remoteJid": "1@s.whatsapp.net", "status": "paused"}').kind == SETTINGS
    assert loaded("a.json", '[{"enabled": true, "url": "u", "typebot": "t", "expire": 0}]').kind == SETTINGS
    assert loaded("a.json", '{"name": "x"}').kind is None


@needs_shared
def test_flow_model_normalises_a_v4_start_block_and_a_wrapped_v6_export(in_repo):
    v4 = build_flow(json.loads((in_repo / "fixtures/flows/v4-start-block.json").read_text()))
    assert v4.start_block.id == "b-start" and v4.start_event is None and v4.start_edge_id == "e-1"
    assert v4.edges[0].from_block == "b-start"
    wrapped = build_flow(json.loads((in_repo / "fixtures/flows/wrapped-v6.json").read_text()))
    assert wrapped.base == "/typebot" and wrapped.start_event is not None
    assert wrapped.groups[0].pointer == "/typebot/groups/0"


@needs_shared
def test_flow_model_normalises_v4_and_wrapped_v6(in_repo):
    from conftest import CORPUS

    v4 = build_flow(json.loads((CORPUS / "typebot/baptisteArno_lead-gen.json").read_text()))
    assert v4.start_block is not None and v4.start_event is None and v4.start_edge_id
    assert v4.edges[0].from_block == v4.start_block.id
    wrapped = build_flow(json.loads((CORPUS / "typebot/irastorzatobias_sample-data.json").read_text()))
    assert wrapped.base == "/typebot" and wrapped.start_event is not None
    assert wrapped.groups[0].pointer == "/typebot/groups/0"


def test_legacy_blocks_and_steps_era():
    legacy = {"blocks": [{"id": "g1", "title": "Start", "steps": [{"id": "s1", "type": "start", "outgoingEdgeId": "e1"}]},
                         {"id": "g2", "title": "Hi", "steps": [{"id": "s2", "type": "text"}]}],
              "edges": [{"id": "e1", "from": {"blockId": "g1", "stepId": "s1"}, "to": {"blockId": "g2"}}]}
    flow = build_flow(legacy)
    assert [g.id for g in flow.groups] == ["g1", "g2"] and flow.start_block.id == "s1"
    assert (flow.edges[0].from_block, flow.edges[0].to_group) == ("s1", "g2")


def test_json_pointer_locator_is_exact():
    text = '{\n  "a": {"b/c": [1, {"d~e": "x"}]},\n  "a": 2\n}'
    locator = JsonLocator(text)
    member = locator.member("/a")
    assert text[member.start:member.end] == "2"  # the later duplicate wins, as in json.loads
    first = locator.duplicates("")[0][1]
    assert text[first.start:first.end].startswith('{"b/c"')
    assert split_pointer(join_pointer("b/c", 1, "d~e")) == ["b/c", "1", "d~e"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600), name=st.sampled_from(["flow.json", ".env", "env.yml", "compose.yaml", "x.env", "body.json", "noext"]))
def test_any_bytes_load_without_exception(data, name):
    entry = read(Input(name, None, True), data)
    document = broken(entry) if entry.error else load(entry.source)
    if document.error is not None and document.error[1] is not None:
        assert document.error[1].line >= 1 and document.error[1].column >= 1
    if document.kind == FLOW:
        build_flow(document.data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["groups", "blocks", "edges", "events", "items", "id", "type", "outgoingEdgeId", "from", "to",
                         "groupId", "blockId", "options", "version", "variables", "typebot", "remoteJid", "status"]),
        children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values)
def test_any_json_shape_lints_without_exception(value, tmp_path_factory):
    from flowlint.config import Settings
    from flowlint.lint import lint

    path = tmp_path_factory.mktemp("j") / "flow.json"
    path.write_text(json.dumps(value))
    for diagnostic in lint([str(path)], Settings()).diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1


def test_json_duplicates_are_noticed_only_when_asked_and_the_data_is_the_same():
    text = '{"version": "6", "groups": [{"id": "g1", "id": "g2", "blocks": []}], "edges": [], "events": []}'
    noticed = load(SourceFile("flow.json", text))
    unnoticed = load(SourceFile("flow.json", text), json_duplicates=False)
    assert unnoticed.data == noticed.data == json.loads(text) and unnoticed.kind == noticed.kind == FLOW
    assert [d.key for d in noticed.duplicates] == ["id"] and unnoticed.duplicates == []


def test_a_file_of_only_whitespace_is_empty_json_or_unknown():
    assert load(SourceFile("flow.json", " \n\t ")).kind is None
    assert load(SourceFile("flow.json", "  {}  ")).data == {}

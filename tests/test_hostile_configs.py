"""Files written to hurt the loaders (issue 13): each gets one located finding or is read, never a
traceback, and never takes long. Times are CPU seconds of this process (the machine is shared)."""
import json
import time

import pytest

from flowlint.kinds import COMPOSE, ENV, FLOW, SETTINGS, YAML
from flowlint.loaders import load
from flowlint.loaders.yamldoc import ALIAS_BUDGET, ALIAS_RATIO, MAX_DEPTH
from flowlint.source import SourceFile

HUGE = "9" * 5000  # past Python's 4,300-digit int conversion limit
IMAGE = "atendai/evolution-api:v1.7.4"


def timed_load(name, text):
    started = time.process_time()
    document = load(SourceFile(name, text))
    assert time.process_time() - started < 1.0
    return document


def error_at(document):
    """(message, line, column) of the document's one FL001."""
    assert document.error is not None and document.error[1] is not None, document.error
    message, span = document.error
    return message, span.line, span.column


def checked(cli, path, *args):
    started = time.process_time()
    code, out, err = cli("check", "--format", "json", *args, path)
    assert time.process_time() - started < 1.0
    assert "Traceback" not in out + err and err == "", err
    return code, json.loads(out)["diagnostics"]


def list_bomb(levels=9, width=9):
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    return "\n".join(lines + ["TYPEBOT:", "  KEEP_OPEN: true", "SERVER:", "  PORT: 8080"]) + "\n"


def merge_bomb(levels=11, width=9):
    lines = ["m0: &m0", "  A: 1"]
    for level in range(1, levels):
        lines += [f"m{level}: &m{level}", f"  <<: [{', '.join([f'*m{level - 1}'] * width)}]", f"  K{level}: v"]
    return "\n".join(lines + ["TYPEBOT:", "  KEEP_OPEN: true"]) + "\n"


@pytest.mark.parametrize("name, text, where", [
    ("docker-compose.yml", "services:\n  ? [a, b]\n  : c\n", (2, 5)),
    ("docker-compose.yml", f"services:\n  api:\n    image: {IMAGE}\n    environment:\n      ? {{A: 1}}\n      : 1\n", (5, 9)),
    ("env.yml", "? - a\n  - b\n: 1\nTYPEBOT:\n  KEEP_OPEN: true\n", (1, 3)),
])
def test_a_key_that_is_a_sequence_or_mapping_is_one_located_error(name, text, where):
    message, *position = error_at(timed_load(name, text))
    assert tuple(position) == where and "a mapping key that is a" in message


def test_a_complex_key_through_the_cli_is_one_finding(cli, tmp_path):
    path = tmp_path / "docker-compose.yml"
    path.write_text("services:\n  ? [a, b]\n  : c\n")
    code, diagnostics = checked(cli, path)
    assert code == 1 and [(d["code"], d["line"], d["column"]) for d in diagnostics] == [("FL001", 2, 5)]


@pytest.mark.parametrize("name, text, where", [
    ("env.yml", "x: &x [*x]\n", (1, 8)),
    ("env.yml", "TYPEBOT: &t\n  KEEP_OPEN: true\n  SELF: *t\n", (3, 9)),
    ("docker-compose.yml", f"services: &s\n  api:\n    image: {IMAGE}\n    environment: *s\n", (4, 18)),
    ("docker-compose.yml", f"services:\n  api:\n    image: {IMAGE}\n    environment: &e\n      A: 1\n      <<: *e\n", (6, 11)),
])
def test_a_recursive_alias_or_self_merge_is_one_located_error(name, text, where):
    message, *position = error_at(timed_load(name, text))
    assert tuple(position) == where and message.startswith("recursive alias: *")


@pytest.mark.parametrize("bomb, where", [(list_bomb(), (5, 35)), (merge_bomb(), (13, 18))])
def test_alias_and_merge_bombs_stop_at_the_alias_that_blows_the_budget(bomb, where):
    message, *position = error_at(timed_load("env.yml", bomb))
    assert message.startswith("too many alias expansions") and f"({ALIAS_BUDGET:,} and {ALIAS_RATIO} per node written)" in message
    assert tuple(position) == where
    line = bomb.splitlines()[where[0] - 1]
    assert line[where[1] - 1] == "*"


def test_a_merge_bomb_through_the_cli_is_one_finding_in_linear_time(cli, tmp_path):
    path = tmp_path / "env.yml"
    path.write_text(merge_bomb(levels=40))
    code, diagnostics = checked(cli, path)
    assert code == 1 and [d["code"] for d in diagnostics] == ["FL001"]
    assert "too many alias expansions" in diagnostics[0]["message"]


def test_aliases_within_the_budget_are_followed_as_before():
    document = timed_load("env.yml", merge_bomb(levels=4) + "SERVER:\n  <<: *m3\n")
    assert document.kind == YAML and document.error is None
    names = [s.name for s in document.settings]
    assert "TYPEBOT_KEEP_OPEN" in names and names.count("SERVER_K3") == 1


def test_many_aliases_in_a_big_file_are_no_bomb():
    text = "TYPEBOT:\n  KEEP_OPEN: &on 'true'\nSERVER:\n" + "".join(f"  K{i}: *on\n" for i in range(ALIAS_BUDGET * 2))
    started = time.process_time()
    document = load(SourceFile("env.yml", text))
    assert document.error is None and len(document.settings) == ALIAS_BUDGET * 2 + 1
    assert time.process_time() - started < 10  # ruamel reads some 10,000 lines a second


def test_an_alias_chain_deeper_than_the_limit_is_refused_at_the_alias():
    lines = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, MAX_DEPTH + 5)]
    message, line, column = error_at(timed_load("env.yml", "\n".join(lines) + "\n"))
    assert message.startswith(f"aliases nest more than {MAX_DEPTH} levels deep at *a")
    assert lines[line - 1][column - 1:].startswith(message.rsplit(" ", 1)[1] + "]")


@pytest.mark.parametrize("text, where", [
    # the node one level too deep: the root mapping is level 1, the n-th bracket level n + 1
    ("a: " + "[" * 5000 + "]" * 5000, (1, 3 + MAX_DEPTH)),
    ("a: [" + "[ " * 5000, (1, 5 + 2 * (MAX_DEPTH - 2))),
    ("a: [" + "[x, " * 5000, (1, 5 + 4 * (MAX_DEPTH - 3) + 1)),  # the `x` in the 99th bracket
    ("".join("  " * i + f"k{i}:\n" for i in range(400)) + "  " * 400 + "v\n", (MAX_DEPTH, 2 * MAX_DEPTH - 1)),
])
def test_yaml_nested_past_the_limit_is_one_located_error(text, where):
    message, *position = error_at(timed_load("env.yml", text))
    assert message == f"nested more than {MAX_DEPTH} levels deep" and tuple(position) == where


@pytest.mark.parametrize("name, text", [
    (".env", f"SERVER_PORT={HUGE}\nTYPEBOT_API_VERSION={HUGE}\n"),
    ("docker-compose.yml", f"services:\n  api:\n    image: {IMAGE}\n    environment:\n      SERVER_PORT: {HUGE}\n      TYPEBOT_API_VERSION: {HUGE}\n"),
    ("env.yml", f"SERVER:\n  PORT: {HUGE}\nTYPEBOT:\n  API_VERSION: {HUGE}\n"),
])
def test_a_5000_digit_config_value_is_read_and_judged(cli, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    code, diagnostics = checked(cli, path)
    located = [d for d in diagnostics if text.splitlines()[d["line"] - 1].endswith(HUGE)]
    assert code == 1 and located, diagnostics


def test_a_5000_digit_json_number_reads_as_typebots_javascript_does(in_repo):
    flow = json.loads((in_repo / "fixtures/rules/FL001/good.json").read_text())
    flow["groups"][0]["graphCoordinates"] = {"x": 1, "y": 2}
    text = json.dumps(flow).replace('"x": 1', f'"x": {HUGE}').replace('"y": 2', f'"y": -{HUGE}')
    document = timed_load("flow.json", text)
    assert document.kind == FLOW and document.error is None
    assert document.data["groups"][0]["graphCoordinates"] == {"x": float("inf"), "y": float("-inf")}
    body = timed_load("body.json", '{"enabled": true, "url": "u", "typebot": "t", "expire": %s, "expire": 1}' % HUGE)
    assert body.kind == SETTINGS and body.data["expire"] == 1 and [d.key for d in body.duplicates] == ["expire"]


def test_a_5000_digit_json_number_is_located_by_rules(cli, tmp_path):
    path = tmp_path / "body.json"
    path.write_text('{"enabled": true, "url": "https://t.example/", "typebot": "t", "expire": %s, "delay_message": %s}' % (HUGE, HUGE))
    code, diagnostics = checked(cli, path)
    assert code == 1 and all(d["line"] == 1 and d["column"] >= 1 for d in diagnostics)


@pytest.mark.parametrize("text", ["[" * 950 + "]" * 950, '{"a":' * 3000 + "1" + "}" * 3000])
def test_json_too_deep_to_read_is_located_at_the_deepest_bracket(text):
    document = timed_load("flow.json", text)
    assert document.kind != SETTINGS
    if document.error is not None:  # how deep the stdlib parser goes depends on the stack
        message, line, column = error_at(document)
        assert message == "JSON nested too deeply to read" and text[column - 1] in "[{"
        assert text[:column].count(text[0]) == text.count(text[0])


@pytest.mark.parametrize("name, text, kind", [
    ("docker-compose.yml", f"services:\n  api:\n    image: {IMAGE}\n    environment:\n      A: !!binary aGVsbG8=\n"
                           "      B: !!python/object:os.system x\n      C: !!int notanumber\n", COMPOSE),
    ("env.yml", "TYPEBOT: !!python/object/apply:os.system\n  KEEP_OPEN: true\nSERVER:\n  PORT: 1\n", YAML),
    (".env", "\ufeffA=1\r\nB=2\r\n", ENV),
])
def test_odd_tags_and_extra_documents_are_read_as_text(name, text, kind):
    document = timed_load(name, text)
    assert document.kind == kind and document.error is None


def test_a_tab_indent_is_one_located_error():
    assert error_at(timed_load("env.yml", "SERVER:\n  PORT: 1\n\tTYPEBOT: x\n"))[1:] == (3, 1)


@pytest.mark.parametrize("text", ['"x": ' + "9" * 20000, "a" * 30000 + "key=1", "x" * 30000 + "://u:p@h"])
def test_redacting_a_long_run_of_name_characters_is_linear(text):
    from flowlint.redact import MASK, mask_text

    started = time.process_time()
    assert mask_text(text).endswith((MASK, MASK + "@h"))
    assert time.process_time() - started < 0.5


def test_a_binary_value_is_decoded_as_compose_decodes_it_and_bad_base64_is_refused():
    head = f"services:\n  api:\n    image: {IMAGE}\n    environment:\n"
    document = timed_load("docker-compose.yml", head + "      TYPEBOT_KEEP_OPEN: !!binary dHJ1ZQ==\n")
    assert [(s.name, s.value) for s in document.settings] == [("TYPEBOT_KEEP_OPEN", "true")]
    message, *position = error_at(timed_load("docker-compose.yml", head + "      TYPEBOT_KEEP_OPEN: !!binary not*base64\n"))
    assert message.startswith("a !!binary value that is not base64") and tuple(position) == (5, 26)


def test_a_compose_file_of_several_documents_is_read_as_compose_merges_them():
    text = (f"services:\n  api:\n    image: {IMAGE}\n    environment:\n      TYPEBOT_KEEP_OPEN: 'false'\n---\n"
            "services:\n  api:\n    environment:\n      TYPEBOT_KEEP_OPEN: 'true'\n  other:\n    image: redis\n")
    document = timed_load("docker-compose.yml", text)
    assert document.kind == COMPOSE and document.pin.text == "v1.7.4"
    assert [(s.name, s.value, s.key_span.line) for s in document.settings] == [
        ("TYPEBOT_KEEP_OPEN", "false", 5), ("TYPEBOT_KEEP_OPEN", "true", 10)]


def test_an_env_yml_of_several_documents_is_refused_as_evolution_api_refuses_it():
    message, *position = error_at(timed_load("env.yml", "TYPEBOT:\n  KEEP_OPEN: true\nSERVER:\n  PORT: 1\n---\nother: document\n"))
    assert message.startswith("a second YAML document") and tuple(position) == (6, 1)


@pytest.mark.parametrize("text, column", [('{"a": "NaN", "b": -Infinity}', 19), ('[NaN]', 2), ('{"groups": [], "v": Infinity}', 21)])
def test_nan_and_infinity_are_refused_as_javascript_refuses_them(text, column):
    message, line, at = error_at(timed_load("flow.json", text))
    assert message.startswith("invalid JSON: ") and "is not a JSON value" in message and (line, at) == (1, column)


@pytest.mark.parametrize("value", [HUGE, "9" * 400, "1e999"])
def test_a_debounce_time_beyond_a_float_is_no_internal_error(cli, in_repo, tmp_path, value):
    folder = in_repo / "fixtures/rules/FL208/bad"
    (tmp_path / "docker-compose.yml").write_text((folder / "docker-compose.yml").read_text())
    body = tmp_path / "typebot-settings.json"
    body.write_text((folder / "typebot-settings.json").read_text().replace('"debounceTime": 3000', f'"debounceTime": {value}'))
    code, diagnostics = checked(cli, tmp_path)
    assert "FL208" not in [d["code"] for d in diagnostics]

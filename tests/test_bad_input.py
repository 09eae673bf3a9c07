"""Bad input is normal input: a clear diagnostic or a one-line error, never a traceback or a hang."""
import json

import pytest


def check(cli, *paths, fmt="json"):
    code, out, err = cli("check", "--format", fmt, *paths)
    assert "Traceback" not in out + err
    return code, (json.loads(out) if fmt == "json" and out else out), err


def only(payload):
    return [(d["code"], d["line"], d["column"], d["message"]) for d in payload["diagnostics"]]


@pytest.mark.parametrize("name, content, expected", [
    ("flow.json", b'{"version": "6", "groups": [', ("FL001", 1, 29, "invalid JSON: Expecting value")),
    ("flow.json", b'{"groups": []}}', ("FL001", 1, 15, "invalid JSON: Extra data")),
    ("flow.json", b"", ("FL001", 1, 1, "empty file: expected JSON")),
    ("flow.json", b'{"a": "caf\xe9"}', ("FL001", 1, 11, "invalid UTF-8 byte 0xe9; save the file as UTF-8")),
    ("flow.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("FL001", 1, 1, "binary file (contains NUL bytes); expected UTF-8 text")),
    ("flow.json", "\ufeff{}".encode("utf-16"), ("FL001", 1, 1, "file is UTF-16 encoded; save it as UTF-8")),
    ("flow.json", b"[" * 100000, ("FL001", 1, 100000, "JSON nested too deeply to read")),  # the deepest bracket
    ("env.yml", b"SERVER:\n  PORT: [8080\n", ("FL001", 3, 1, "invalid YAML: expected ',' or ']', but got '<stream end>'")),
    (".env", b"A=1\nB='unterminated\n", ("FL001", 2, 1, "cannot parse this line as KEY=VALUE (an unclosed quote, or no '=')")),
    ("notes.txt", b"just some words\n", ("FL002", 1, 1, "not a Typebot flow or EvolutionAPI config: neither JSON, YAML nor KEY=VALUE lines")),
    ("data.json", b'{"name": "x"}', ("FL002", 1, 1, "not a Typebot flow or EvolutionAPI config: JSON that is neither a Typebot flow nor an EvolutionAPI Typebot body")),
])
def test_broken_files_get_one_located_diagnostic(cli, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    code, payload, err = check(cli, path)
    assert code == 1 and err == ""
    assert [d for d in only(payload) if d[0] in ("FL001", "FL002")] == [expected]


def test_parse_error_excerpt_never_crashes_on_missing_text(cli, tmp_path):
    path = tmp_path / "flow.json"
    path.write_bytes(b"\x00\x01")
    code, out, _ = check(cli, path, fmt="text")
    assert code == 1 and "FL001" in out


def test_unknown_keys_and_block_types_are_fine(cli, in_repo, tmp_path):
    flow = json.loads((in_repo / "fixtures/rules/FL001/good.json").read_text())
    flow["somethingNew"] = {"x": 1}
    flow["groups"][0]["blocks"][0]["futureField"] = True
    flow["groups"][0]["blocks"].insert(0, {"id": "forge1", "type": "some-new-forge-block", "options": {"action": "x"}})
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(flow))
    code, payload, _ = check(cli, path)
    assert (code, [d["code"] for d in payload["diagnostics"]]) == (0, ["FL408"])  # a flow alone: no config read


def test_directory_with_thousands_of_files(cli, tmp_path):
    for i in range(2000):
        (tmp_path / f"note{i}.txt").write_text("x")
        (tmp_path / f"other{i}.json").write_text('{"name": "not a flow"}')
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "flow.json").write_text("{broken")
    code, payload, _ = check(cli, tmp_path)
    assert (code, payload["diagnostics"], payload["summary"]["files"]) == (0, [], 0)


def test_duplicate_keys_in_json_are_found_at_the_later_key(cli, tmp_path):
    path = tmp_path / "flow.json"
    path.write_text('{"version": "6", "groups": [], "edges": [],\n "events": [], "variables": [], "edges": []}')
    _, payload, _ = check(cli, path)
    assert [(d[0], d[1], d[2]) for d in only(payload) if d[0] == "FL006"] == [("FL006", 2, 33)]


def test_big_flow_lints_in_bounded_time(cli, tmp_path):
    """A ~6 MB flow (about 15,000 blocks) completes; the benchmark measures the speed."""
    import sys
    import time

    sys.path.insert(0, str(__import__("conftest").REPO / "benchmarks"))
    from generate import generate_flow

    path = tmp_path / "big.json"
    path.write_text(json.dumps(generate_flow(15000), indent=1))
    started = time.perf_counter()
    code, payload, _ = check(cli, "--select", "FL1,FL4", path)
    assert code == 0 and [d["code"] for d in payload["diagnostics"]] == ["FL408"]  # a flow alone: no config read
    assert time.perf_counter() - started < 60


def test_user_files_are_never_modified(cli, in_repo, tmp_path):
    import shutil

    target = tmp_path / "bot"
    shutil.copytree(in_repo / "fixtures/restart-loop", target)
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    for fmt in ("text", "json", "sarif", "github"):
        cli("check", "--format", fmt, target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before

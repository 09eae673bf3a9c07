"""Witnesses: the path Typebot's engine takes to a finding (FL400, FL101, FL104, the first group
of an unreachable chain for FL102), in text, JSON and SARIF, and marked by `flowlint graph`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import lint_files, write
from test_session_truth import flow, jump, status_call, text

SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"  # OASIS sarif-spec, errata01
SPINNING = "fixtures/witness/flow.json"  # a loop without input (FL101, FL104) and an unreachable chain (FL102)
RESTART = "fixtures/restart-loop"  # two ends that restart (FL400)


@pytest.mark.parametrize("format_name", ["text", "json"])
@pytest.mark.parametrize("target", [SPINNING, RESTART])
def test_witness_in_text_and_json(cli, snapshot, target, format_name):
    assert cli("check", "--format", format_name, target) == snapshot


@pytest.mark.parametrize("target", [SPINNING, RESTART])
def test_witness_in_sarif(cli, snapshot, target):
    # the results' code flows only: the rest of the log (rule help, driver fields) is another test's
    log = json.loads(cli("check", "--format", "sarif", target)[1])
    assert [(r["ruleId"], r.get("codeFlows")) for r in log["runs"][0]["results"]] == snapshot


@pytest.mark.parametrize("target", [SPINNING, RESTART])
def test_sarif_with_code_flows_is_valid_sarif_2_1_0(cli, target):
    from jsonschema import Draft4Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    log = json.loads(cli("check", "--format", "sarif", target)[1])
    errors = [e.message for e in Draft4Validator(schema).iter_errors(log)]
    assert errors == []
    flows = [r["codeFlows"] for r in log["runs"][0]["results"] if "codeFlows" in r]
    assert flows and all(f[0]["threadFlows"][0]["locations"] for f in flows)


def test_graph_marks_the_witness_paths(cli, snapshot):
    assert cli("graph", SPINNING) == snapshot
    assert cli("graph", "--format", "dot", *(f"{RESTART}/{n}" for n in ("flow.json", ".env", "docker-compose.yml"))) \
        == snapshot


def _steps(diagnostic):
    return [(s.group, s.via) for s in diagnostic.witness.steps]


def _restart_loops(tmp_path, data):
    write(tmp_path, "flow.json", data)
    write(tmp_path, ".env", "AUTHENTICATION_API_KEY=a-real-secret-key-0123456789\n")
    return [d for d in lint_files(tmp_path, evolution_version="1.8.2") if d.code == "FL400"]


def _menu(*choices):
    return {"id": "m", "type": "choice input", "items": [
        {"id": f"i{n}", "content": label, "outgoingEdgeId": f"e{n}"} for n, (label, _) in enumerate(choices)]}


def _edges(*choices):
    return [{"id": f"e{n}", "from": {"blockId": "m", "itemId": f"i{n}"}, "to": {"groupId": target}}
            for n, (_, target) in enumerate(choices)]


def test_the_witness_takes_the_fewest_groups(tmp_path):
    # 'Long' reaches Bye through two more groups; the button 'Short' goes straight there
    choices = (("Long", "g1"), ("Short", "g3"))
    data = flow(("g0", "Menu", [_menu(*choices)]), ("g1", "Step 1", [text("b1"), jump("j1", "g2")]),
                ("g2", "Step 2", [text("b2"), jump("j2", "g3")]), ("g3", "Bye", [text("b3")]),
                edges=_edges(*choices))
    found = _restart_loops(tmp_path, data)
    assert [_steps(d) for d in found] == [[("Menu", "start"), ("Bye", "Short")]]
    assert found[0].witness.outcome.startswith("end: EvolutionAPI 1.8.2 deletes the session")


def test_the_witness_is_the_same_every_time(tmp_path):
    choices = (("A", "g1"), ("B", "g2"))  # two equally short ways to Bye: the first edge met wins
    data = flow(("g0", "Menu", [_menu(*choices)]), ("g1", "A", [jump("j1", "g3")]), ("g2", "B", [jump("j2", "g3")]),
                ("g3", "Bye", [text("b3")]), edges=_edges(*choices))
    runs = {tuple(_steps(d)) for _ in range(3) for d in _restart_loops(tmp_path, data)}
    assert runs == {(("Menu", "start"), ("A", "A"), ("Bye", "Jump"))}


def test_a_restart_after_the_call_shows_the_call_on_the_path(tmp_path):
    data = flow(("g0", "Pause", [status_call("b1"), jump("j1", "g1")]), ("g1", "Bye", [text("b2")]))
    found = _restart_loops(tmp_path, data)
    assert [_steps(d) for d in found] == [[("Pause", "start"), ("Bye", "Jump")]]
    assert "after the change-status call in group 'Pause'" in found[0].message


def test_witnesses_only_where_the_issue_asks(in_repo):
    diagnostics = lint_files(SPINNING)
    with_path = {d.code: _steps(d) for d in diagnostics if d.witness is not None}
    assert with_path == {
        "FL101": [("Hello", "start"), ("Ping", "else"), ("Pong", None), ("Ping", "Jump")],
        "FL104": [("Hello", "start"), ("Ping", "else"), ("Pong", None), ("Ping", "Jump")],
        "FL102": [("Old offer", None), ("Older offer", None)],  # the first group of the chain only
    }
    assert [d.witness is None for d in diagnostics if d.code == "FL102"] == [False, True]

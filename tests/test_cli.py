"""Whole CLI outputs, snapshotted (review every snapshot change), and the CLI contracts."""
import json

import pytest

from conftest import REPO, needs_shared
from flowlint import __version__

FORMATS = ["text", "json", "sarif", "github"]


@pytest.mark.parametrize("format_name", FORMATS)
def test_check_restart_loop_every_format(cli, snapshot, format_name):
    code, out, err = cli("check", "--format", format_name, "fixtures/restart-loop")
    assert (code, out.replace(REPO.as_uri() + "/", "file:///checkout/"), err) == snapshot  # SARIF's %SRCROOT%


@pytest.mark.parametrize("fixture", ["keep-open", "change-status"])
def test_fixed_variants_are_clean(cli, fixture):
    code, out, err = cli("check", f"fixtures/{fixture}")
    assert (code, err) == (0, "")
    assert out == "No problems found in 3 files.\n"


def test_json_contract(cli):
    code, out, _ = cli("check", "--format", "json", "fixtures/restart-loop")
    payload = json.loads(out)
    assert code == 1
    assert set(payload) == {"version", "diagnostics", "summary"}
    assert payload["version"] == __version__
    assert payload["summary"] == {"files": 3, "error": 2, "warning": 1, "info": 0}
    keys = {"code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column", "pointer", "fixable"}
    assert all(set(d) in (keys, keys | {"witness"}) for d in payload["diagnostics"])  # witness: additive
    order = [(d["path"], d["line"], d["column"], d["code"]) for d in payload["diagnostics"]]
    assert order == sorted(order)


def test_sarif_is_what_code_scanning_accepts(cli):
    _, out, _ = cli("check", "--format", "sarif", "fixtures/restart-loop")
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    for result in log["runs"][0]["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["level"] in ("error", "warning", "note")
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in driver["rules"])


def test_github_is_default_on_actions_and_keeps_summary(cli):
    code, out, _ = cli("check", "fixtures/restart-loop", env={"GITHUB_ACTIONS": "true"})
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith("::warning file=fixtures/restart-loop/docker-compose.yml,line=3,col=12,")
    assert lines[-1] == "Found 3 problems (2 errors, 1 warning) in 3 files."


def test_exit_codes_fail_on_and_exit_zero(cli):
    assert cli("check", "fixtures/change-status")[0] == 0
    assert cli("check", "fixtures/restart-loop")[0] == 1
    assert cli("check", "--ignore", "FL400", "fixtures/restart-loop")[0] == 0  # only a warning left
    assert cli("check", "--ignore", "FL400", "--fail-on", "warning", "fixtures/restart-loop")[0] == 1
    assert cli("check", "--exit-zero", "fixtures/restart-loop")[0] == 0


def test_select_and_ignore_take_codes_prefixes_and_names(cli):
    def codes(*args):
        return sorted({d["code"] for d in json.loads(cli("check", "--format", "json", *args, "fixtures/restart-loop")[1])["diagnostics"]})

    assert codes("--select", "FL4") == ["FL400"]
    assert codes("--select", "missing-keep-open") == ["FL200"]
    assert codes("--ignore", "FL200,restart-loop") == []


@pytest.mark.parametrize("args, message", [
    (["check", "--select", "FL999", "fixtures"], "unknown rule code or name 'FL999'"),
    (["check", "--ignore", "no-such-rule", "fixtures"], "unknown rule code or name 'no-such-rule'"),
    (["check", "does/not/exist.json"], "does/not/exist.json: no such file or directory"),
    (["check", "--evolution-version", "banana", "fixtures"], "'banana' is not a version"),
    (["check", "--config", "missing.toml", "fixtures"], "missing.toml: config file not found"),
    (["explain", "FL999"], "unknown rule code or name 'FL999'"),
])
def test_usage_errors_exit_2_with_one_line(cli, args, message):
    code, out, err = cli(*args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_unknown_option_exits_2(cli):
    assert cli("check", "--no-such-option", "fixtures")[0] == 2


def test_quiet_drops_excerpts_and_clean_summary(cli):
    _, out, _ = cli("check", "-q", "fixtures/restart-loop")
    assert all(line.startswith("fixtures/") or line.startswith("Found") for line in out.splitlines())
    assert cli("check", "-q", "fixtures/keep-open")[1] == ""


def test_stdin_with_filename(cli, in_repo):
    flow = (in_repo / "fixtures/rules/FL103/bad.json").read_text()
    code, out, _ = cli("check", "-q", "--select", "FL103", "--stdin-filename", "flows/x.json", "-", input=flow)
    assert code == 1
    assert out.splitlines()[0].startswith("flows/x.json:46:24: FL103 [error] dangling-reference:")


def test_color_only_when_asked(cli, monkeypatch):
    from flowlint.cli import _use_color

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _use_color(no_color=True) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert _use_color(no_color=False) is False
    assert "\x1b[" not in cli("check", "fixtures/restart-loop")[1]


def test_version(cli):
    assert cli("--version")[1] == f"flowlint, version {__version__}\n"


def test_rules_catalogue(cli, snapshot):
    assert cli("rules") == snapshot
    rules = json.loads(cli("rules", "--format", "json")[1])
    assert all(set(r) == {"code", "name", "severity", "summary", "fixable"} for r in rules)


def test_every_design_code_is_registered(cli):
    design = ["FL001", "FL002", "FL003", "FL004", "FL005", "FL006", "FL100", "FL101", "FL102", "FL103", "FL104",
              "FL105", "FL106", "FL107", "FL108", "FL109", "FL110", "FL200", "FL201", "FL202", "FL203", "FL204",
              "FL205", "FL300", "FL301", "FL400", "FL401", "FL402", "FL403"]
    registered = {r["code"] for r in json.loads(cli("rules", "--format", "json")[1])}
    assert set(design) <= registered


def test_each_rule_module_is_named_after_its_one_rule():
    """The catalogue is read from the file names (so a run imports only the selected modules):
    every module in rules/ is one rule's, named `fl<number>_<name>`, and holds that rule alone."""
    from pathlib import Path

    import flowlint.rules as rules

    # what Python can import from rules/: its .py files and its packages (a folder with __init__.py)
    modules = sorted(p.stem for p in Path(rules.__file__).parent.iterdir()
                     if (p.suffix == ".py" or (p / "__init__.py").is_file()) and p.stem != "__init__")
    entries = rules.catalogue()
    assert [e.module for e in sorted(entries, key=lambda e: e.module)] == modules
    for entry in entries:
        rule = entry.load()
        assert (rule.code, rule.name, rule.check.__module__) == (entry.code, entry.name, f"flowlint.rules.{entry.module}")
    assert sorted(rules.REGISTRY) == [e.code for e in entries]


def test_every_rule_has_its_docs(cli):
    for rule in json.loads(cli("rules", "--format", "json")[1]):
        code, out, _ = cli("explain", rule["code"])
        assert code == 0
        for section in ("## What it finds", "## Why it matters", "## Example", "## How to fix"):
            assert section in out, (rule["code"], section)
        assert cli("explain", rule["name"])[1] == out


def test_explain(cli, snapshot):
    assert cli("explain", "restart-loop") == snapshot


@pytest.mark.parametrize("format_name", ["mermaid", "dot", "json"])
def test_graph_of_fixture(cli, snapshot, format_name):
    assert cli("graph", "--format", format_name, "fixtures/restart-loop/flow.json") == snapshot


def test_graph_to_file(cli, tmp_path):
    target = tmp_path / "flow.mmd"
    code, out, _ = cli("graph", "fixtures/restart-loop/flow.json", "-o", target)
    assert (code, out) == (0, "")
    assert target.read_text().startswith("flowchart TD\n")


def test_graph_rejects_non_flow(cli):
    code, _, err = cli("graph", "fixtures/restart-loop/.env")
    assert code == 2 and "not a Typebot flow export" in err


def test_readme_example_output_is_true(cli, in_repo):
    readme = (in_repo / "README.md").read_text()
    block = readme.split("$ flowlint check fixtures/restart-loop\n", 1)[1].split("```", 1)[0]
    assert cli("check", "fixtures/restart-loop")[1] == block


def test_readme_opens_with_the_two_commands(in_repo):
    readme = (in_repo / "README.md").read_text().splitlines()
    commands = [line for line in readme[:6] if line.startswith("pip install")]
    assert commands[0].split("#")[0].strip() == "pip install . && flowlint check fixtures/restart-loop"
    assert commands[1].split("#")[0].strip() == "pip install -e '.[test]' && pytest"
    ci = (in_repo / ".ci/run").read_text()
    assert "pip install -e '.[test]' && pytest\n" in ci


def test_versions_overview_and_one_version(cli, snapshot):
    assert cli("versions") == snapshot
    code, out, _ = cli("versions", "1.7.4")
    assert code == 0
    assert "deleted unless TYPEBOT_KEEP_OPEN=true" in out and "opened|paused|closed" in out
    assert "delete" in cli("versions", "2.3.6")[1]
    assert cli("versions", "nope")[0] == 2


@needs_shared
@pytest.mark.parametrize("flow", ["baptisteArno_lead-gen.json", "irastorzatobias_sample-data.json"])
def test_graph_of_corpus_flows(cli, snapshot, flow):
    from conftest import CORPUS

    assert cli("graph", CORPUS / "typebot" / flow) == snapshot


def test_github_step_summary_gets_markdown_and_mermaid(cli, tmp_path):
    summary = tmp_path / "summary.md"
    cli("check", "--format", "github", "fixtures/restart-loop", env={"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text()
    assert text.startswith("## flowlint\n")
    assert "| `fixtures/restart-loop/flow.json:61:16` | FL400 restart-loop |" in text
    assert "```mermaid\nflowchart TD" in text and "class n2,n3 finding" in text


def test_readme_rule_table_is_the_registry(in_repo):
    from flowlint.rules import all_rules

    readme = (in_repo / "README.md").read_text()
    rows = [line for line in readme.splitlines() if line.startswith("| FL")]
    assert [row.split(" | ")[0][2:] for row in rows] == [r.code for r in all_rules()]
    for row, rule in zip(rows, all_rules()):
        assert f"| {rule.name} | {rule.severity} |" in row

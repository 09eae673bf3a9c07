"""SARIF output: valid against the official OASIS SARIF 2.1.0 schema (tests/schemas, the
errata01 OS file from oasis-tcs/sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json), with
columnKind, helpUri, full rule help, fixes, security severities and root-relative URIs."""
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, rule_fixture, write

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
FIXABLE = ["FL200", "FL202", "FL207", "FL301"]
SECURITY = {"FL113": "8.8", "FL204": "7.5"}


def sarif(cli, *args) -> dict:
    _, out, err = cli("check", "--format", "sarif", *args)
    assert err == ""
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    return log


def offset(text: str, line: int, column: int) -> int:
    """The code-point offset of a 1-based SARIF line and column."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    return starts[line - 1] + column - 1


def apply_fixes(log: dict, root: Path) -> dict:
    """Every file's text after the fixes of every result (identical replacements once)."""
    edits: dict = {}
    for result in log["runs"][0]["results"]:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                assert change["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
                for replacement in change["replacements"]:
                    region = replacement["deletedRegion"]
                    edits.setdefault(change["artifactLocation"]["uri"], set()).add(
                        (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"],
                         replacement["insertedContent"]["text"]))
    fixed = {}
    for uri, replacements in edits.items():
        text = (root / uri).read_text(encoding="utf-8")
        for line, column, end_line, end_column, inserted in sorted(replacements, reverse=True):
            text = text[:offset(text, line, column)] + inserted + text[offset(text, end_line, end_column):]
        fixed[uri] = text
    return fixed


def test_every_rule_fixture_is_valid_sarif_with_help_and_column_kind(cli):
    from flowlint.rules import all_rules

    rules = {r.code: r for r in all_rules()}
    described = {}
    for code in rules:  # one run per rule: configs given together would make one config
        bad = sorted(p.relative_to(REPO) for p in (REPO / rule_fixture(code, "")).glob("bad*"))
        if bad:
            run = sarif(cli, "--fail-on", "info", *bad)["runs"][0]
            assert run["columnKind"] == "unicodeCodePoints"
            assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": REPO.as_uri() + "/"}}
            described.update((e["id"], e) for e in run["tool"]["driver"]["rules"])
    assert len(described) > 40
    for entry in described.values():
        rule = rules[entry["id"]]
        assert entry["helpUri"].endswith(f"/flowlint/rules/{rule.check.__module__.rsplit('.', 1)[1]}.py")
        assert entry["help"]["text"] == rule.docs and "## How to fix" in entry["help"]["markdown"]
        assert entry["help"]["markdown"].startswith(f"# {rule.code} {rule.name}\n\n")
        assert entry["properties"].get("security-severity") == SECURITY.get(rule.code)
        assert ("security" in entry["properties"]["tags"]) == (rule.code in SECURITY)
    assert SECURITY.keys() <= described.keys()


@pytest.mark.parametrize("code", FIXABLE)
def test_fixes_do_what_fix_does(cli, code):
    from flowlint.config import Settings
    from flowlint.fixes import plan
    from flowlint.lint import lint

    log = sarif(cli, rule_fixture(code, "bad"))
    assert any(r["ruleId"] == code and "fixes" in r for r in log["runs"][0]["results"])
    expected = {item.source.path: item.text for item in plan(lint([rule_fixture(code, "bad")], Settings()).diagnostics)}
    assert expected
    assert apply_fixes(log, REPO) == expected


def test_columns_count_code_points(cli, tmp_path, monkeypatch):
    # astral emoji (two UTF-16 units, four UTF-8 bytes) and an accent before the finding, same line
    body = '[{"description": "Olá 😀😀", "enabled": true, "url": "https://typebot.example.com/", ' \
           '"typebot": "welcome", "triggerType": "all", "keepOpen": true}]\n'
    write(tmp_path, "typebot-create.json", body)
    (tmp_path / ".git").mkdir()  # the source root
    monkeypatch.chdir(tmp_path)
    log = sarif(cli, "--select", "FL207", "typebot-create.json")
    (result,) = log["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (1, body.index('"https:') + 1)  # the JSON string
    assert body[region["startColumn"] - 1:region["endColumn"] - 1] == '"https://typebot.example.com/"'
    assert apply_fixes(log, tmp_path)["typebot-create.json"] == body.replace(".com/", ".com")


def test_yaml_columns_count_code_points(cli, tmp_path):
    line = '    environment: {DEL_😀: "é😀", TYPEBOT_KEEP_OPN: "true"}'
    path = write(tmp_path, "docker-compose.yml", f"services:\n  api:\n    image: atendai/evolution-api:v1.8.2\n{line}\n")
    (result,) = sarif(cli, "--select", "FL202", path)["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 4
    assert line[region["startColumn"] - 1:region["endColumn"] - 1] == "TYPEBOT_KEEP_OPN"


def test_uris_do_not_depend_on_the_working_directory(cli, monkeypatch, tmp_path):
    from_root = sarif(cli, rule_fixture("FL207", "bad"))
    monkeypatch.chdir(REPO / "tests")
    from_below = sarif(cli, "../" + rule_fixture("FL207", "bad"))
    assert from_below == from_root
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in from_root["runs"][0]["results"]]
    assert {"uri": "fixtures/rules/FL207/bad/flow.json", "uriBaseId": "%SRCROOT%"} in locations
    outside = write(tmp_path, "x y.env", "TYPEBOT_KEEP_OPN=true\n")
    (result,) = sarif(cli, "--select", "FL202", outside)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": outside.as_uri()}


@pytest.mark.parametrize("line, start, end, inserted, reveals", [
    ("AUTHENTICATION_API_KEY=\n", 23, 23, "s3cr3t-value", True),  # the value itself
    ("AUTHENTICATION_API_KY=s3cr3t-value\n", 0, 21, "AUTHENTICATION_API_KEY", False),  # a key renamed
    ("URI=postgres://u:pw@db/x\n", 17, 19, "pw2", True),  # URI credentials
    ("TYPEBOT_KEEP_OPEN=false\n", 18, 23, "true", False),
    ("SERVER_URL=https://x.example.com/\n", 32, 33, "", False),
])
def test_a_fix_that_would_show_a_secret_is_left_out(line, start, end, inserted, reveals):
    from flowlint.diagnostics import Diagnostic, Edit, Severity
    from flowlint.reporters.sarif_report import _fix
    from flowlint.source import SourceFile

    source = SourceFile(".env", line)
    d = Diagnostic("FL202", "unknown-setting", Severity.WARNING, "m", ".env", 1, 1, 1, 2, fixable=True,
                   source=source, edits=(Edit(start, end, inserted),))
    fix = _fix(d, REPO)
    assert (fix is None) == reveals
    if fix is not None:
        (change,) = fix["artifactChanges"]
        assert change["replacements"][0]["insertedContent"]["text"] == inserted

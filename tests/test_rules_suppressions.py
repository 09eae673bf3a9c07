"""FL007 (unused-suppression) and FL008 (unknown-code-in-suppression): suppressions that silence
nothing, inline and in per-file-ignores, as ruff's RUF100."""
import json
import os

import pytest

from conftest import FIXTURES, codes_at, fixture_tests, lint_files, write

POSITIVE = {
    "FL007": [(2, 20), (4, 62), (4, 69), (5, 1), (6, 25)],  # two codes, a bare comment, an ignore-file
    "FL008": [(2, 45), (3, 25)],
}
test_rule_fires, test_sound_variant_is_clean = fixture_tests(POSITIVE)

COMPOSE = "services:\n  evolution:\n    image: atendai/evolution-api:v1.7.4\n    env_file: .env\n"
KEY = "AUTHENTICATION_API_KEY=a-long-random-production-key\n"


def _json(cli, *args):
    _, out, _ = cli("check", "--format", "json", *args)
    return [(d["code"], d["path"], d["line"], d["column"], d["end_column"]) for d in json.loads(out)["diagnostics"]]


def test_the_comment_it_silences_with_is_used(tmp_path):
    write(tmp_path, "docker-compose.yml", COMPOSE)
    line = "TYPEBOT_KEEP_OPEN=false  # flowlint: ignore FL200, FL204"
    write(tmp_path, ".env", KEY + line + "\n")
    assert codes_at(lint_files(tmp_path), "FL007") == [(2, line.index("FL204") + 1)]  # FL200 was silenced, FL204 not
    assert line.index("FL204") + 1 == 52


def test_codes_of_rules_that_did_not_run_are_not_judged(tmp_path):
    write(tmp_path, "docker-compose.yml", COMPOSE)
    write(tmp_path, ".env", KEY + "TYPEBOT_KEEP_OPEN=true  # flowlint: ignore FL200\n")
    assert codes_at(lint_files(tmp_path, select=("FL007", "FL204")), "FL007") == []
    assert codes_at(lint_files(tmp_path, select=("FL007", "FL200")), "FL007") == [(2, 44)]
    assert codes_at(lint_files(tmp_path, ignore=("FL007",)), "FL007") == []


def test_naming_fl007_silences_it_but_a_bare_comment_does_not(tmp_path):
    write(tmp_path, "docker-compose.yml", COMPOSE)
    write(tmp_path, ".env", KEY + "TYPEBOT_KEEP_OPEN=true  # flowlint: ignore FL200, unused-suppression\n")
    assert codes_at(lint_files(tmp_path), "FL007") == []
    write(tmp_path, ".env", KEY + "# flowlint: ignore\nTYPEBOT_KEEP_OPEN=true\n")
    assert codes_at(lint_files(tmp_path), "FL007") == [(2, 1)]


def test_context_files_are_not_judged(cli, tmp_path):
    write(tmp_path, "docker-compose.yml", COMPOSE)
    write(tmp_path, ".env", KEY + "TYPEBOT_KEEP_OPEN=true  # flowlint: ignore FL200\n")
    write(tmp_path, "flow.json", (FIXTURES / "restart-loop" / "flow.json").read_text())
    found = _json(cli, "--evolution-config", tmp_path / "docker-compose.yml", tmp_path / "flow.json")
    assert [f for f in found if f[0] in ("FL007", "FL008")] == []


PYPROJECT = """\
[tool.flowlint]
fail-on = "warning"

[tool.flowlint.per-file-ignores]
"flows/*.json" = ["FL108", "FL102"]
'flows/welcome.json#/groups/9' = [
    "FL400",
]
"legacy/*.json" = ["FL108"]
"""


@pytest.fixture
def project(tmp_path, in_repo):
    write(tmp_path, "pyproject.toml", PYPROJECT)
    flow = json.loads((FIXTURES / "rules" / "FL108" / "bad.json").read_text())
    write(tmp_path, "flows/welcome.json", flow)
    os.chdir(tmp_path)
    return tmp_path


def test_per_file_ignores_that_silence_nothing(cli, project):
    assert codes_at(lint_files("flows/welcome.json"), "FL108")  # without the config it has FL108 findings
    found = _json(cli, "flows")
    assert not [f for f in found if f[0] == "FL108"]
    # FL102 names a rule that ran and found nothing; the pointer entry's group 9 holds no finding;
    # legacy/*.json matches no file of this run: not judged
    assert [f for f in found if f[0] == "FL007"] == [
        ("FL007", "pyproject.toml", 5, 29, 34),
        ("FL007", "pyproject.toml", 7, 6, 11),
    ]
    lines = PYPROJECT.splitlines()
    assert lines[4][28:33] == "FL102" and lines[6][5:10] == "FL400"


def test_per_file_ignores_judged_alike_when_a_helper_process_shares_the_lint(cli, project, monkeypatch):
    from flowlint import parallel

    if not hasattr(os, "fork"):
        pytest.skip("no os.fork here")
    serial = _json(cli, "flows")
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(parallel, "MIN_JSON_TEXT", 0)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    monkeypatch.setattr(parallel.os, "fork", lambda: forks.append(1) or real_fork())
    assert _json(cli, "flows") == serial  # FL108 (a helper rule) silenced there still counts as used
    assert forks


def test_unknown_codes_in_per_file_ignores_stay_a_usage_error(cli, project):
    write(project, "pyproject.toml", PYPROJECT.replace('"FL102"', '"FL1O2"'))
    code, _, err = cli("check", "flows")
    assert code == 2 and "FL1O2" in err

"""What users of other linters expect of the CLI: --output-file, --statistics, colour variables,
`check` with no path."""
import json
import os

import pytest

from conftest import write

RESTART = "fixtures/restart-loop"
ANSI = "\x1b["


def test_output_file_gets_the_report_and_stdout_stays_empty(cli, tmp_path):
    target = tmp_path / "report.json"
    code, out, err = cli("check", "--format", "json", "-o", target, RESTART)
    assert (code, out, err) == (1, "", "")
    assert json.loads(target.read_text())["summary"] == {"files": 3, "error": 2, "warning": 1, "info": 0}
    assert os.listdir(tmp_path) == ["report.json"]  # no temporary file left


def test_output_file_text_has_no_colour_even_when_forced(cli, tmp_path):
    target = tmp_path / "report.txt"
    code, out, _ = cli("check", "--output-file", target, RESTART, env={"FORCE_COLOR": "1"})
    assert code == 1 and out == ""
    text = target.read_text()
    assert ANSI not in text
    assert text.splitlines()[0].startswith("fixtures/restart-loop/docker-compose.yml:3:12: FL200 [warning]")
    assert text.endswith("Found 3 problems (2 errors, 1 warning) in 3 files.\n")


def test_output_file_replaces_a_file_whole_and_keeps_its_mode(cli, tmp_path):
    target = write(tmp_path, "old.sarif", "old report, much longer than nothing\n" * 100)
    target.chmod(0o640)
    cli("check", "--format", "sarif", "-o", target, "fixtures/keep-open")
    assert json.loads(target.read_text())["runs"][0]["results"] == []
    assert target.stat().st_mode & 0o777 == 0o640


def test_output_file_that_cannot_be_written_is_a_usage_error(cli, tmp_path):
    code, out, err = cli("check", "-o", tmp_path / "missing" / "r.txt", RESTART)
    assert code == 2 and out == ""
    assert err.startswith(f"flowlint: error: --output-file: {tmp_path / 'missing' / 'r.txt'}: No such file")


def test_statistics_counts_by_code_most_first(cli, tmp_path):
    write(tmp_path, ".env", "TYPEBOT_KEEP_OPN=true\nTYPEBOT_ENABLD=true\nSERVER_URL=https://e.example.com\n"
                            "AUTHENTICATION_API_KEY=a-long-random-key-of-many-chars\n")
    write(tmp_path, "docker-compose.yml", "services:\n  api:\n    image: atendai/evolution-api:v1.7.4\n"
                                          "    env_file: .env\n")
    code, out, _ = cli("check", "--statistics", "--fail-on", "info", tmp_path)
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == "2  FL202  unknown-setting (fixable)"
    assert lines[-1].startswith("Found ") and len(lines) >= 3
    counts = [int(line.split()[0]) for line in lines[:-1]]
    assert counts == sorted(counts, reverse=True)
    _, out, _ = cli("check", "--statistics", "--format", "json", "--fail-on", "info", tmp_path)
    assert json.loads(out)[0] == {"code": "FL202", "name": "unknown-setting", "count": 2, "fixable": True}
    _, listed, _ = cli("check", "--format", "json", tmp_path)
    assert sum(r["count"] for r in json.loads(out)) == len(json.loads(listed)["diagnostics"])


def test_statistics_refuses_sarif(cli):
    code, _, err = cli("check", "--statistics", "--format", "sarif", RESTART)
    assert code == 2 and "--statistics" in err


@pytest.mark.parametrize("env, coloured", [
    ({"NO_COLOR": "1"}, False),
    ({"NO_COLOR": None}, False),  # not a terminal
    ({"NO_COLOR": None, "FORCE_COLOR": "1"}, True),
    ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True),  # force-color.org: FORCE_COLOR wins
    ({"NO_COLOR": "1", "FORCE_COLOR": ""}, False),  # empty is unset
    ({"NO_COLOR": None, "CLICOLOR_FORCE": "1"}, True),
    ({"NO_COLOR": None, "CLICOLOR_FORCE": "0"}, False),
    ({"NO_COLOR": "1", "CLICOLOR_FORCE": "1"}, False),  # bixense.com/clicolors: NO_COLOR wins
])
def test_colour_variables(cli, env, coloured):
    _, out, _ = cli("check", RESTART, env=env)
    assert (ANSI in out) == coloured
    assert out.replace(ANSI + "1m", "").startswith("fixtures/restart-loop/docker-compose.yml:3:12:")


def test_no_color_flag_beats_force_color(cli):
    _, out, _ = cli("check", "--no-color", RESTART, env={"FORCE_COLOR": "1"})
    assert ANSI not in out


def test_check_without_paths_lints_the_working_directory(cli, monkeypatch, in_repo):
    monkeypatch.chdir(in_repo / RESTART)
    code, out, _ = cli("check", "-q")
    assert code == 1
    assert out.splitlines()[0].startswith("docker-compose.yml:3:12: FL200")
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == ["docker-compose.yml", "flow.json", "flow.json"]


def test_a_plain_check_loads_none_of_the_new_options_modules(tmp_path):
    import subprocess
    import sys

    write(tmp_path, ".env", "TYPEBOT_KEEP_OPEN=true\n")
    code = ("import sys\nfrom flowlint.cli import main\n"
            f"try: main(['check', '-q', {str(tmp_path / '.env')!r}])\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('flowlint.atomic', 'flowlint.reporters.statistics', 'flowlint.reporters.sarif_report',"
            " 'jsonschema', 'networkx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")

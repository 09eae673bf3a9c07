"""Values no Typebot export has, where rules expect others: a finding or nothing, never an
internal error (issue 17, repros 04, 06, 07)."""
import json
import subprocess
import sys

import pytest

from conftest import REPO


def _flow_with(tmp_path, fixture: str, change) -> str:
    flow = json.loads((REPO / fixture / "flow.json").read_text())
    change(flow)
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(flow))
    return path


def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("levels", [150, 975])
def test_a_deeply_nested_value_is_read_or_refused_never_an_internal_error(tmp_path, levels):
    """../shared/repro/06: 975 levels, a few under what the parser takes at a shallow stack, made
    FL003 fail (jsonschema's repr of the value ran out of stack). Run as a process: how deep the
    parser goes depends on the stack below it, and pytest's is deep."""
    def change(flow):
        flow["groups"][1]["title"] = "@@"

    path = _flow_with(tmp_path, "fixtures/restart-loop", change)
    path.write_text(path.read_text().replace('"@@"', _nested(levels)))
    run = subprocess.run([sys.executable, "-m", "flowlint", "check", "-q", "--format", "json", str(path),
                          str(REPO / "fixtures/restart-loop/docker-compose.yml")], capture_output=True, text=True)
    assert run.stderr == "" and run.returncode == 1
    codes = {d["code"] for d in json.loads(run.stdout)["diagnostics"]}
    assert "FL001" not in codes if levels < 200 else codes & {"FL001", "FL003"}  # 3.12 reads 975 levels


@pytest.mark.parametrize("value", [["v-token"], {"id": "v-token"}, 7])
def test_a_set_variable_block_whose_variable_id_is_no_string(cli, tmp_path, value):
    # ../shared/repro/07: a list failed FL113 (unhashable type: 'list')
    def change(flow):
        for group in flow["groups"]:
            for block in group["blocks"]:
                if block["type"] == "Set variable":
                    block["options"]["variableId"] = value

    path = _flow_with(tmp_path, "fixtures/rules/FL113/bad", change)
    code, out, err = cli("check", "-q", path, REPO / "fixtures/rules/FL113/bad/docker-compose.yml")
    assert "internal error" not in err and code == 1
    assert "FL003" in out  # the schema says what is wrong with it


def test_a_huge_version_tag_is_no_version(cli, tmp_path):
    # ../shared/repro/04: int() refuses 5,000 digits; a traceback, exit 1
    digits = "9" * 5000
    compose = tmp_path / "docker-compose.yml"
    compose.write_text(f"services:\n  api:\n    image: atendai/evolution-api:v{digits}.0.0\n")
    code, out, err = cli("check", "-q", compose)
    assert err == "" and "FL401" in out  # the version cannot be determined
    code, _, err = cli("check", "--evolution-version", f"{digits}.0.0", compose)
    assert code == 2 and "is not a version like 1.7.4" in err


def test_a_huge_json_number_is_read_as_javascript_reads_it(cli, tmp_path):
    # (past Python's 4,300-digit int conversion: it raised; Typebot's JSON.parse reads it as a float)
    path = tmp_path / "flow.json"
    path.write_text('{"version": "6", "groups": [], "x": ' + "9" * 5000 + "}")
    code, out, err = cli("check", "-q", path)
    assert (code, err) == (1, "") and "FL001" not in out and "FL003" in out


def test_a_quoted_env_key_over_two_lines_is_a_parse_error(cli, tmp_path):
    # found by tests/test_fix_property.py: python-dotenv reads `'\nOTHER='` as a key; it raised
    env = tmp_path / ".env"
    env.write_text("TYPEBOT_KEEP_OPEN=\n'\nOTHER_SETTING='\n")
    code, out, err = cli("check", "-q", "--evolution-version", "1.7.4", env)
    assert (code, err) == (1, "") and f"{env}:2:1: FL001" in out

"""`--jobs` / FLOWLINT_JOBS / `jobs` in config: how many processes a lint may use."""

import pytest

from conftest import FIXTURES, needs_fork

FLOW = str(FIXTURES / "rules" / "FL107" / "bad.json")


@needs_fork
def test_by_default_a_big_flow_gets_a_helper(cli, forks):
    code, _, _ = cli("check", FLOW)
    assert code == 1
    assert forks


@needs_fork
@pytest.mark.parametrize("how", ["option", "env", "config"])
def test_jobs_1_lints_in_one_process_with_the_same_output(cli, forks, tmp_path, how):
    _, split, _ = cli("check", "--format", "json", FLOW)
    assert forks
    forks.clear()
    if how == "option":
        code, output, _ = cli("check", "--format", "json", "--jobs", "1", FLOW)
    elif how == "env":
        code, output, _ = cli("check", "--format", "json", FLOW, env={"FLOWLINT_JOBS": "1"})
    else:
        (tmp_path / ".flowlint.toml").write_text("jobs = 1\n")
        code, output, _ = cli("check", "--format", "json", "--config", tmp_path / ".flowlint.toml", FLOW)
    assert not forks
    assert code == 1
    assert output == split


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_a_bad_jobs_value_is_a_usage_error(cli, value):
    code, _, err = cli("check", "--jobs", value, FLOW)
    assert code == 2
    assert "--jobs: expected a whole number of processes" in err


def test_a_bad_jobs_value_in_config_is_a_usage_error(cli, tmp_path):
    (tmp_path / ".flowlint.toml").write_text('jobs = "many"\n')
    code, _, err = cli("check", "--config", tmp_path / ".flowlint.toml", FLOW)
    assert code == 2
    assert "jobs: expected a whole number of processes" in err

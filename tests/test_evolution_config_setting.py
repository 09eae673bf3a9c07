"""`evolution-config`: the deployment's EvolutionAPI config read with every run, so a pre-commit
run that passes only a changed flow still judges it against that config."""
import shutil

import pytest

from conftest import FIXTURES, write
from flowlint.config import ConfigError, load_settings
from flowlint.lint import lint


@pytest.fixture
def deployment(tmp_path):
    """The seed scenario as a repo: flow.json, docker-compose.yml (1.7.4) naming .env."""
    for name in ("flow.json", "docker-compose.yml", ".env"):
        shutil.copy(FIXTURES / "restart-loop" / name, tmp_path / name)
    return tmp_path


def codes(result) -> list:
    return sorted((d.code, d.path.rsplit("/", 1)[-1], d.line) for d in result.diagnostics)


def test_a_flow_alone_is_judged_against_the_named_config(deployment, monkeypatch):
    monkeypatch.chdir(deployment)
    write(deployment, ".flowlint.toml", 'evolution-config = ["docker-compose.yml"]\n')
    result = lint(["flow.json"], load_settings())
    # FL400 (in the flow) needs the config; FL200 and the .env's findings are in context files: not reported.
    assert codes(result) == [("FL400", "flow.json", 61), ("FL400", "flow.json", 87)]
    assert result.files == 1
    assert [d.source.path for d in result.documents if d.context] == ["docker-compose.yml", ".env"]


def test_without_it_the_flow_alone_has_no_config_to_judge_against(deployment, monkeypatch):
    monkeypatch.chdir(deployment)
    assert codes(lint(["flow.json"], load_settings())) == []


def test_a_config_file_also_given_is_linted_once_as_usual(deployment, monkeypatch):
    monkeypatch.chdir(deployment)
    write(deployment, ".flowlint.toml", 'evolution-config = ["docker-compose.yml", ".env"]\n')
    result = lint(["flow.json", "docker-compose.yml"], load_settings())
    assert [c for c in codes(result) if c[0] == "FL200"] == [("FL200", "docker-compose.yml", 3)]
    assert result.files == 3  # the flow, the compose file, and the .env it names (given: compose)


def test_paths_are_relative_to_the_config_file(deployment, monkeypatch):
    (deployment / "sub").mkdir()
    monkeypatch.chdir(deployment / "sub")
    write(deployment, "pyproject.toml", '[tool.flowlint]\nevolution_config = ["docker-compose.yml"]\n')
    assert [c[0] for c in codes(lint(["../flow.json"], load_settings()))] == ["FL400", "FL400"]


def test_an_unreadable_context_file_is_still_reported(deployment, monkeypatch):
    monkeypatch.chdir(deployment)
    (deployment / "docker-compose.yml").write_text("services: [\n")
    write(deployment, ".flowlint.toml", 'evolution-config = ["docker-compose.yml"]\n')
    assert [c[:2] for c in codes(lint(["flow.json"], load_settings()))] == [("FL001", "docker-compose.yml")]


@pytest.mark.parametrize("value, message", [
    ('["missing.env"]', "evolution-config: missing.env: no such file"),
    ('"docker-compose.yml"', "evolution-config: expected a list of paths"),
])
def test_bad_values_are_usage_errors(deployment, monkeypatch, value, message):
    monkeypatch.chdir(deployment)
    write(deployment, ".flowlint.toml", f"evolution-config = {value}\n")
    with pytest.raises(ConfigError, match=message):
        load_settings()


def test_the_option(cli, deployment):
    code, out, err = cli("check", deployment / "flow.json", "--evolution-config", deployment / "docker-compose.yml", "-q")
    assert code == 1 and out.count("FL400") == 2 and "FL200" not in out, out + err
    code, out, err = cli("check", deployment / "flow.json", "--evolution-config", deployment / "nope.env")
    assert code == 2 and err.strip().endswith("nope.env: no such file") and len(err.strip().splitlines()) == 1

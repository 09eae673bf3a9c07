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


def test_without_it_the_config_beside_the_flow_is_found(deployment, monkeypatch):
    monkeypatch.chdir(deployment)
    assert codes(lint(["flow.json"], load_settings())) == [("FL400", "flow.json", 61), ("FL400", "flow.json", 87)]
    write(deployment, ".flowlint.toml", "discover = false\n")  # and without discovery, it says so
    assert codes(lint(["flow.json"], load_settings())) == [("FL408", "flow.json", 1)]


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
    found = lint(["flow.json"], load_settings())
    assert [c[:2] for c in codes(found)] == [("FL001", "docker-compose.yml"), ("FL408", "flow.json")]
    assert "evolution-config names no readable EvolutionAPI config" in found.diagnostics[-1].message


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


def test_a_commit_of_only_the_env_file_still_hears_about_the_whole_config(deployment, monkeypatch):
    monkeypatch.chdir(deployment)
    write(deployment, ".flowlint.toml", 'evolution-config = ["docker-compose.yml"]\n')
    # TYPEBOT_KEEP_OPEN is missing from the merged config: FL200 sits on the (context) image line.
    assert ("FL200", "docker-compose.yml", 3) in codes(lint([".env"], load_settings()))


def test_a_given_compose_file_pins_the_version_over_a_context_one(deployment, monkeypatch):
    monkeypatch.chdir(deployment)
    compose = (deployment / "docker-compose.yml").read_text()
    write(deployment, "compose.new.yml", compose.replace("atendai/evolution-api:v1.7.4", "evoapicloud/evolution-api:v2.2.3"))
    write(deployment, ".flowlint.toml", 'evolution-config = ["docker-compose.yml"]\n')
    result = lint(["flow.json", "compose.new.yml"], load_settings())
    (deployment_of_both,) = result.project.parts
    assert deployment_of_both.evolution.version == (2, 2, 3)
    assert not any("TYPEBOT_KEEP_OPEN" in d.message for d in result.diagnostics if d.code == "FL400")


def test_an_editor_buffer_on_stdin_stands_for_the_context_file_it_names(cli, deployment, monkeypatch):
    monkeypatch.chdir(deployment)
    write(deployment, ".flowlint.toml", 'evolution-config = ["docker-compose.yml"]\n')
    disk = (deployment / "docker-compose.yml").read_text()
    (deployment / "docker-compose.yml").write_text(disk.replace('DOCKER_ENV: "true"', 'TYPEBOT_KEEP_OPEN: "true"'))
    code, out, _ = cli("check", "-", "flow.json", "--stdin-filename", "docker-compose.yml", "-q", input=disk)
    assert code == 1 and "docker-compose.yml:3:12: FL200" in out and out.count("FL400") == 2, out


def test_fixes_never_write_a_context_file(cli, deployment, monkeypatch):
    monkeypatch.chdir(deployment)
    write(deployment, "prod.env", "SERVER_URL=https://evolution.example.com\n")
    (deployment / "docker-compose.yml").write_text(
        "services:\n  api:\n    image: atendai/evolution-api:v1.7.4\n    environment:\n      SERVER_URL: https://x.example\n")
    write(deployment, ".flowlint.toml", 'evolution-config = ["prod.env"]\n')
    code, out, _ = cli("check", "docker-compose.yml", "--diff")
    assert "prod.env" not in out
    cli("check", "docker-compose.yml", "--fix")
    assert (deployment / "prod.env").read_text() == "SERVER_URL=https://evolution.example.com\n"


@pytest.mark.parametrize("named, message", [
    ("other.json", "other.json: evolution-config names a Typebot flow, not an EvolutionAPI config"),
    (".", ".: a directory, not a file"),
])
def test_what_is_no_config_file_is_a_usage_error(cli, deployment, monkeypatch, named, message):
    monkeypatch.chdir(deployment)
    shutil.copy(deployment / "flow.json", deployment / "other.json")
    code, _, err = cli("check", "flow.json", "--evolution-config", named)
    assert code == 2 and err.strip().endswith(message), err

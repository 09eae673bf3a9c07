"""Each flow is judged against its own deployment: the EvolutionAPI config nearest to it, found from
its folder up to the project root when none is named (flowlint/deployments.py); a flow with none
says so (FL408)."""
import re
import shutil

import pytest

from conftest import FIXTURES, REPO, write
from flowlint.config import Settings, load_settings
from flowlint.lint import lint

V2_COMPOSE = "services:\n  api:\n    image: evoapicloud/evolution-api:v2.3.6\n    environment:\n      TYPEBOT_ENABLED: \"true\"\n"


def found(result) -> list:
    return sorted((d.path.replace("\\", "/"), d.code, d.line) for d in result.diagnostics)


def deployment(folder, source="restart-loop", flow_at="flows/welcome.json"):
    """A fixture's compose file and .env in `folder`, its flow at folder/flow_at."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("docker-compose.yml", ".env"):
        shutil.copy(FIXTURES / source / name, folder / name)
    (folder / flow_at).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / source / "flow.json", folder / flow_at)
    return folder / flow_at


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()  # the project root
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- part 1: discovery --------------------------------------------------------------------------

def test_a_flow_alone_is_judged_against_the_compose_file_above_it(cli, repo):
    deployment(repo / "bot")
    result = lint(["bot/flows/welcome.json"], Settings())
    assert found(result) == [("bot/flows/welcome.json", "FL400", 61), ("bot/flows/welcome.json", "FL400", 87)]
    # read as context, as evolution-config does: its own findings (FL200) are not reported
    assert [d.path for d in result.documents if d.context] == ["bot/docker-compose.yml", "bot/.env"]
    code, out, _ = cli("check", "bot/flows/welcome.json", "-q")
    assert code == 1
    assert out.splitlines()[-1] == "EvolutionAPI config found and read: bot/docker-compose.yml, bot/.env"


def test_keep_open_in_the_found_env_file_keeps_the_session(repo):
    deployment(repo / "bot", source="keep-open")
    assert found(lint(["bot/flows/welcome.json"], Settings())) == []


def test_the_search_stops_at_the_project_root(tmp_path, monkeypatch):
    deployment(tmp_path / "outside", flow_at="project/flows/welcome.json")  # a compose file above the project
    project = tmp_path / "outside" / "project"
    (project / ".git").mkdir()
    monkeypatch.chdir(project)
    result = lint(["flows/welcome.json"], Settings())
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("FL408", 1, 1)]
    assert "found from the flow's folder up to the project root" in result.diagnostics[0].message


def test_without_a_root_only_the_flows_own_folder_is_searched(tmp_path, monkeypatch):
    """No .git, pyproject.toml or .flowlint.toml above: flowlint does not wander up the disk."""
    monkeypatch.chdir(tmp_path)
    deployment(tmp_path / "bot")
    assert [d.code for d in lint(["bot/flows/welcome.json"], Settings()).diagnostics] == ["FL408"]
    shutil.copy(FIXTURES / "restart-loop/flow.json", tmp_path / "bot" / "welcome.json")
    assert [d.code for d in lint(["bot/welcome.json"], Settings()).diagnostics] == ["FL400", "FL400"]


def test_the_nearest_config_wins(repo):
    flow = deployment(repo, source="keep-open")  # the root keeps the session...
    deployment(repo / "flows", flow_at="welcome.json")  # ...the flows' own folder does not
    assert [d.code for d in lint([str(flow.relative_to(repo))], Settings()).diagnostics] == ["FL400", "FL400"]


def test_an_env_file_is_found_only_if_it_carries_evolution_settings(repo):
    shutil.copy(FIXTURES / "restart-loop/flow.json", repo / "flows.json")
    write(repo, "flows/.env", "POSTGRES_PASSWORD=x\n")  # some other service's .env: not EvolutionAPI's
    shutil.move(repo / "flows.json", repo / "flows" / "welcome.json")
    write(repo, ".env", "TYPEBOT_KEEP_OPEN=false\n")
    result = lint(["flows/welcome.json"], Settings(evolution_version="1.7.4"))
    assert [d.code for d in result.diagnostics] == ["FL400", "FL400"]
    assert [d.path for d in result.documents if d.context] == [".env"]


def test_a_compose_file_without_an_evolution_service_is_passed_over(repo):
    flow = deployment(repo)
    write(repo, "flows/docker-compose.yml", "services:\n  db:\n    image: postgres:16\n")
    result = lint([str(flow.relative_to(repo))], Settings())
    assert [d.path for d in result.documents if d.context] == ["docker-compose.yml", ".env"]


def test_compose_override_is_read_after_its_base_as_docker_compose_does(repo):
    flow = deployment(repo, flow_at="welcome.json")
    write(repo, "docker-compose.override.yml",
          "services:\n  evolution-api:\n    image: atendai/evolution-api:v1.8.2\n    environment:\n"
          "      TYPEBOT_KEEP_OPEN: \"true\"\n")
    result = lint([flow.name], Settings())
    assert [d.path for d in result.documents if d.context] == ["docker-compose.yml", "docker-compose.override.yml", ".env"]
    assert found(result) == []
    (part,) = result.project.parts
    assert part.evolution.version == (1, 8, 2)  # the later file's image wins


def test_the_override_is_the_first_of_composes_override_names(repo):
    write(repo, "compose.yaml", "services:\n  api:\n    image: atendai/evolution-api:v1.7.4\n")
    write(repo, "compose.override.yml", "services:\n  api:\n    image: atendai/evolution-api:v1.8.2\n"
                                        "    environment:\n      TYPEBOT_KEEP_OPEN: \"true\"\n")
    write(repo, "docker-compose.yml", "services:\n  api:\n    image: atendai/evolution-api:v1.6.0\n")  # not read
    shutil.copy(FIXTURES / "restart-loop/flow.json", repo / "welcome.json")
    result = lint(["welcome.json"], Settings())
    assert [d.path for d in result.documents if d.context] == ["compose.yaml", "compose.override.yml"]
    assert found(result) == []
    assert result.project.parts[0].evolution.version == (1, 8, 2)


def test_a_broken_compose_file_found_is_reported(repo):
    flow = deployment(repo, flow_at="welcome.json")
    (repo / "docker-compose.yml").write_text("services: [\n")
    assert [(d.path, d.code) for d in lint([flow.name], Settings()).diagnostics] == [
        ("docker-compose.yml", "FL001"), ("welcome.json", "FL408")]


def test_a_bot_settings_file_is_found_as_well(repo):
    write(repo, "docker-compose.yml", V2_COMPOSE)
    shutil.copy(FIXTURES / "restart-loop/flow.json", repo / "welcome.json")
    assert [d.code for d in lint(["welcome.json"], Settings()).diagnostics] == ["FL400", "FL400"]  # keepOpen: false by default
    write(repo, "typebot-settings.json", {"expire": 60, "keywordFinish": "#stop", "keepOpen": True})
    result = lint(["welcome.json"], Settings())
    assert [d.path for d in result.documents if d.context] == ["docker-compose.yml", "typebot-settings.json"]
    assert "FL400" not in [d.code for d in result.diagnostics]


def test_a_named_config_turns_discovery_off_for_its_files(repo):
    flow = deployment(repo, source="keep-open", flow_at="welcome.json")
    write(repo, "loops.env", "TYPEBOT_KEEP_OPEN=false\n")
    write(repo, ".flowlint.toml", 'evolution-version = "1.7.4"\nevolution-config = ["loops.env"]\n')
    result = lint([flow.name], load_settings())
    assert [d.path for d in result.documents if d.context] == ["loops.env"]
    assert [d.code for d in result.diagnostics] == ["FL400", "FL400"]


def test_no_discover_says_so(cli, repo):
    deployment(repo, flow_at="welcome.json")
    code, out, _ = cli("check", "welcome.json", "--no-discover", "-q")
    assert code == 0
    assert "welcome.json:1:1: FL408 [info] no-evolution-config: no EvolutionAPI config read for this flow " \
           "(none given or named in evolution-config, and discovery is off): the session rules " \
           "(FL400 restart-loop, FL404-FL407) did not run" in out
    write(repo, ".flowlint.toml", "discover = false\n")
    assert "FL408" in cli("check", "welcome.json", "-q")[1]


def test_config_files_given_are_not_read_again_from_disk(repo):
    flow = deployment(repo, flow_at="welcome.json")
    result = lint([flow.name, "docker-compose.yml"], Settings())
    assert [d.path for d in result.documents if d.context] == []  # .env: linted, the compose file names it
    assert ("docker-compose.yml", "FL200", 3) in found(result)


def test_a_buffer_on_stdin_stands_for_the_config_it_names(repo):
    """An editor's unsaved .env (check - --stdin-filename, the language server) is its deployment's
    config: found by discovery as the file it names, not read from disk, and no crash for having
    no path on disk."""
    deployment(repo, flow_at="welcome.json")  # the .env on disk is the looping fixture's
    result = lint(["-"], Settings(), stdin_filename=".env", stdin=b"TYPEBOT_KEEP_OPEN=true\n")
    assert [d for d in result.diagnostics if d.code == "FL200"] == []


@pytest.mark.parametrize("name, matched", [
    ("typebot-settings.json", True), ("bots/sales/typebot-settings.json", True), ("bot_settings.prod.json", True),
    ("Typebot-Settings.json", True), (".vscode/settings.json", False), ("package.json", False),
    ("bot/flows/welcome.json", True), ("bot/docker-compose.yml", True), ("bot/.env", True), ("README.md", False),
])
def test_the_hook_matches_bot_settings_files(name, matched):
    from ruamel.yaml import YAML

    (hook,) = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert bool(re.search(hook["files"], name)) is matched


# --- part 2: several deployments in one repo ----------------------------------------------------

TWO = FIXTURES / "two-deployments"


def test_each_flow_is_judged_against_its_own_deployment(monkeypatch):
    """bots/sales runs 1.7.4 without TYPEBOT_KEEP_OPEN (its flow loops), bots/support 1.8.2 with it:
    one merged config would have let support's keep-open hide the sales loop."""
    monkeypatch.chdir(TWO)
    result = lint(["."], Settings())
    assert found(result) == [("bots/sales/docker-compose.yml", "FL200", 3),
                             ("bots/sales/flows/welcome.json", "FL400", 61),
                             ("bots/sales/flows/welcome.json", "FL400", 87)]
    versions = sorted(part.evolution.version for part in result.project.parts)
    assert versions == [(1, 7, 4), (1, 8, 2)]


@pytest.mark.parametrize("alone", ["bots/sales", "bots/support", "bots/sales/flows/welcome.json",
                                   "bots/support/flows/help.json", "bots/sales/.env", "bots/support/docker-compose.yml"])
def test_the_whole_run_gives_each_file_the_findings_it_gets_alone(monkeypatch, alone):
    monkeypatch.chdir(TWO)
    whole = found(lint(["."], Settings()))
    by_itself = found(lint([alone], Settings()))
    assert [f for f in by_itself if f[0].startswith(alone)] == [f for f in whole if f[0].startswith(alone)]
    assert set(by_itself) <= set(whole)  # a .env alone also has FL200 on its compose file's image line


def test_config_files_linted_directly_belong_to_the_deployment_of_their_folder(monkeypatch):
    monkeypatch.chdir(TWO)
    result = lint(["bots/support/.env", "bots/sales/flows/welcome.json"], Settings())
    by_deployment = sorted(sorted(d.path for d in part.documents) for part in result.project.parts)
    assert by_deployment == [["bots/sales/.env", "bots/sales/docker-compose.yml", "bots/sales/flows/welcome.json"],
                             ["bots/support/.env", "bots/support/docker-compose.yml"]]


def test_a_bot_settings_file_shared_by_two_deployments_is_reported_once(repo):
    deployment(repo / "bots/sales", flow_at="welcome.json")
    deployment(repo / "bots/support", source="keep-open", flow_at="help.json")
    write(repo, "typebot-settings.json", {"expire": 20, "keepOpen": True, "debounceTime": 5000})  # read by both, linted
    result = lint(["."], Settings())
    assert [d for d in result.diagnostics if d.path == "typebot-settings.json"]
    paths = [(d.path, d.code, d.line, d.column, d.message) for d in result.diagnostics]
    assert len(paths) == len(set(paths))
    assert sum(1 for part in result.project.parts for d in part.documents if d.path == "typebot-settings.json") == 3


def test_given_files_no_deployment_claims_are_judged_together(tmp_path, monkeypatch):
    """`flowlint check flows/ deploy/.env`: a flow with no config near it, a config no flow is near."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "restart-loop/flow.json", write(tmp_path, "flows/.keep", "").parent / "welcome.json")
    write(tmp_path, "deploy/.env", "TYPEBOT_KEEP_OPEN=false\n")
    result = lint(["flows", "deploy/.env"], Settings(evolution_version="1.7.4"))
    assert [d.code for d in result.diagnostics if d.path.endswith("welcome.json")] == ["FL400", "FL400"]


def test_later_compose_files_win_the_version(repo):
    flow = deployment(repo, flow_at="welcome.json")
    write(repo, "compose.prod.yml", "services:\n  evolution-api:\n    image: atendai/evolution-api:v1.8.2\n")
    (first,) = lint([flow.name, "docker-compose.yml", "compose.prod.yml"], Settings()).project.parts
    assert first.evolution.version == (1, 8, 2)
    (second,) = lint([flow.name, "compose.prod.yml", "docker-compose.yml"], Settings()).project.parts
    assert second.evolution.version == (1, 7, 4)

"""Configuration: discovery, selection, severities, per-file ignores, inline suppressions."""
import json
import shutil

import pytest


@pytest.fixture
def project(tmp_path, in_repo, monkeypatch):
    target = tmp_path / "bot"
    shutil.copytree(in_repo / "fixtures/restart-loop", target)
    monkeypatch.chdir(target)
    return target


def codes(cli, *args):
    code, out, err = cli("check", "--format", "json", *args)
    return code, [(d["code"], d["severity"], d["path"], d["line"]) for d in json.loads(out)["diagnostics"]] if out else err


def test_nearest_pyproject_table_applies(cli, project):
    (project / "pyproject.toml").write_text('[tool.flowlint]\nignore = ["FL200"]\nseverity = { FL400 = "warning" }\n')
    assert codes(cli, ".") == (0, [("FL400", "warning", "flow.json", 61), ("FL400", "warning", "flow.json", 87)])


def test_dedicated_file_and_cli_beats_config(cli, project):
    (project / ".flowlint.toml").write_text('select = ["FL200"]\nfail-on = "warning"\n')
    assert codes(cli, ".")[0] == 1
    assert codes(cli, "--fail-on", "error", ".")[0] == 0
    assert [c for c, *_ in codes(cli, "--select", "FL4", ".")[1]] == ["FL400", "FL400"]


def test_config_found_from_a_subdirectory(cli, project, monkeypatch):
    (project / ".flowlint.toml").write_text('ignore = ["FL4", "missing-keep-open"]\n')
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    assert codes(cli, "..") == (0, [])


def test_evolution_version_from_config(cli, project):
    (project / ".flowlint.toml").write_text('evolution-version = "2.3.6"\n')
    found = codes(cli, ".")[1]
    assert ("FL200", "warning", "docker-compose.yml", 3) not in found  # 2.x ignores TYPEBOT_KEEP_OPEN


def test_per_file_ignores_by_glob_pointer_and_id(cli, project):
    (project / ".flowlint.toml").write_text(
        '[per-file-ignores]\n"docker-compose.yml" = ["FL200"]\n"flow.json#/groups/1" = ["FL400"]\n"*.json#support" = ["restart-loop"]\n')
    assert codes(cli, ".") == (0, [])


def test_per_file_ignore_pointer_is_a_whole_token(cli, project):
    (project / ".flowlint.toml").write_text('[per-file-ignores]\n"flow.json#/groups/" = ["FL400"]\n"flow.json#/groups/11" = ["FL400"]\n')
    assert len([c for c in codes(cli, ".")[1] if c[0] == "FL400"]) == 2


def test_inline_suppression_in_env_and_yaml(cli, project):
    compose = (project / "docker-compose.yml").read_text()
    (project / "docker-compose.yml").write_text(compose.replace("    image:", "    # flowlint: ignore missing-keep-open\n    image:"))
    assert [c for c, *_ in codes(cli, ".")[1]] == ["FL400", "FL400"]
    (project / "docker-compose.yml").write_text(compose)
    env = project / ".env"
    env.write_text(env.read_text() + "TYPEBOT_KEEP_OPEN=True  # flowlint: ignore FL200 -- reviewed\n")
    assert [c for c, *_ in codes(cli, ".")[1]] == ["FL400", "FL400"]
    env.write_text(env.read_text().replace("  # flowlint: ignore FL200 -- reviewed", ""))
    assert [c for c, *_ in codes(cli, ".")[1]] == ["FL200", "FL400", "FL400"]
    env.write_text("# flowlint: ignore-file FL200\n" + env.read_text())
    assert [c for c, *_ in codes(cli, ".")[1]] == ["FL400", "FL400"]


@pytest.mark.parametrize("content, message", [
    ("select = [\n", "invalid TOML"),
    ('nonsense = 1\n', "unknown key 'nonsense'"),
    ('select = ["FL9"]\n', "unknown rule code or name 'FL9'"),
    ('fail-on = "fatal"\n', "unknown severity 'fatal'"),
    ('severity = { FL400 = "loud" }\n', "unknown severity 'loud'"),
    ('per-file-ignores = { "x" = ["nope"] }\n', "unknown rule code or name 'nope'"),
])
def test_bad_config_exits_2_with_one_line(cli, project, content, message):
    (project / ".flowlint.toml").write_text(content)
    code, out, err = cli("check", ".")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err


def test_exclude_skips_paths_in_directory_walks(cli, project):
    (project / "legacy").mkdir()
    (project / "legacy" / "old.json").write_text('{"groups": [')
    assert "FL001" in [c for c, *_ in codes(cli, ".")[1]]
    (project / ".flowlint.toml").write_text('exclude = ["legacy"]\n')
    assert "FL001" not in [c for c, *_ in codes(cli, ".")[1]]

"""As in ruff: the flowlint config nearest to each linted file is that file's, and `extend`
inherits another config whose keys the extending file's own replace."""
import shutil

import pytest

from conftest import FIXTURES, write
from flowlint.config import ConfigError, load_settings
from flowlint.lint import lint


def codes(result) -> list:
    return sorted((d.path, d.code, str(d.severity)) for d in result.diagnostics)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """Two deployments that loop (1.7.4, no TYPEBOT_KEEP_OPEN): bots/sales and bots/support."""
    (tmp_path / ".git").mkdir()
    for bot in ("sales", "support"):
        for name in ("docker-compose.yml", ".env", "flow.json"):
            shutil.copy(FIXTURES / "restart-loop" / name, write(tmp_path, f"bots/{bot}/.keep", "").parent / name)
        (tmp_path / "bots" / bot / ".keep").unlink()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def loops(result, bot) -> list:
    return sorted({str(d.severity) for d in result.diagnostics if d.path == f"bots/{bot}/flow.json" and d.code == "FL400"})


def test_the_config_nearest_to_each_file_wins(repo):
    write(repo, ".flowlint.toml", 'severity = { FL400 = "warning" }\n')
    write(repo, "bots/sales/.flowlint.toml", 'ignore = ["FL400"]\n')  # not inherited: no severity here
    result = lint(["."], load_settings())
    assert loops(result, "sales") == []
    assert loops(result, "support") == ["warning"]
    assert ("bots/sales/docker-compose.yml", "FL200", "warning") in codes(result)


def test_a_pyproject_with_a_flowlint_table_counts_and_one_without_does_not(repo):
    write(repo, ".flowlint.toml", 'ignore = ["FL400"]\n')
    write(repo, "bots/sales/pyproject.toml", "[project]\nname = 'sales'\n")  # no [tool.flowlint]
    write(repo, "bots/support/pyproject.toml", '[tool.flowlint]\nselect = ["FL400"]\n')
    result = lint(["."], load_settings())
    assert loops(result, "sales") == []
    assert loops(result, "support") == ["error"]
    assert {d.code for d in result.diagnostics if d.path.startswith("bots/support")} == {"FL400"}


def test_the_command_line_beats_the_nearer_config(cli, repo):
    write(repo, "bots/sales/.flowlint.toml", 'evolution-version = "1.6.0"\n')  # 1.6.0 keeps the session
    assert loops(lint(["bots/sales"], load_settings()), "sales") == []
    code, out, _ = cli("check", "bots/sales", "--evolution-version", "1.7.4", "-q")
    assert code == 1 and out.count("FL400") == 2, out


def test_a_named_config_file_is_used_for_every_file(cli, repo):
    write(repo, "bots/sales/.flowlint.toml", 'ignore = ["FL400"]\n')
    write(repo, "strict.toml", 'select = ["FL400"]\n')
    code, out, _ = cli("check", ".", "--config", "strict.toml", "-q")
    assert code == 1 and "bots/sales/flow.json" in out and "FL200" not in out, out


def test_per_file_ignores_of_a_nearer_config_are_relative_to_it(repo):
    write(repo, "bots/sales/.flowlint.toml", '[per-file-ignores]\n"flow.json" = ["FL400"]\n')
    result = lint(["."], load_settings())
    assert loops(result, "sales") == [] and loops(result, "support") == ["error"]


def test_extend_inherits_and_the_extending_file_wins(repo):
    write(repo, "base.toml", 'ignore = ["FL200"]\nseverity = { FL400 = "warning" }\n'
                             'evolution-config = ["bots/support/docker-compose.yml"]\n')  # relative to base.toml
    write(repo, "bots/sales/.flowlint.toml", 'extend = "../../base.toml"\nseverity = { FL400 = "info" }\n')
    result = lint(["bots/sales/flow.json"], load_settings())
    assert codes(result) == [("bots/sales/flow.json", "FL400", "info")] * 2  # its severity, the base's ignore
    (part,) = result.project.parts
    assert [d.path for d in part.documents if d.context] == ["bots/support/docker-compose.yml", "bots/support/.env"]


def test_extend_chains(repo):
    write(repo, "a.toml", 'ignore = ["FL200"]\n')
    write(repo, "b.toml", 'extend = "a.toml"\nfail-on = "info"\n')
    write(repo, ".flowlint.toml", 'extend = "b.toml"\n')
    settings = load_settings()
    assert settings.ignore == ("FL200",) and str(settings.fail_on) == "info"


@pytest.mark.parametrize("files, message", [
    ({".flowlint.toml": 'extend = ".flowlint.toml"\n'}, "extends itself (a cycle)"),
    ({".flowlint.toml": 'extend = "a.toml"\n', "a.toml": 'extend = ".flowlint.toml"\n'}, "extends itself (a cycle)"),
    ({".flowlint.toml": 'extend = "missing.toml"\n'}, "extend: missing.toml: no such file"),
    ({".flowlint.toml": "extend = 3\n"}, "extend: expected the path of another config file"),
])
def test_bad_extend_is_a_usage_error(cli, repo, files, message):
    for name, text in files.items():
        write(repo, name, text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_settings()
    code, _, err = cli("check", ".")
    assert code == 2 and message in err

"""A file name never starts a workflow command in the CI log (issue 17, repro 10).

A name may hold a newline followed by `::error …`, or begin with `::`. Text output prints paths
with control characters escaped and a leading `:` under `./`; the github format escapes them as
workflow-command properties; stderr lines escape them too.
"""
import shutil

from conftest import REPO


INJECTED = "x\n::error file=README.md,line=1::injected-by-filename\n.json"  # ../shared/repro/10


def _command_lines(text: str) -> list:
    return [line for line in text.splitlines() if line.lstrip().startswith("::")]


def test_a_file_name_puts_no_workflow_command_into_text_output(cli, tmp_path):
    shutil.copy(REPO / "fixtures/restart-loop/docker-compose.yml", tmp_path)
    shutil.copy(REPO / "fixtures/restart-loop/flow.json", tmp_path / INJECTED)
    code, out, err = cli("check", "--format", "text", tmp_path)
    assert code == 1 and "x\\x0a::error file=README.md,line=1::injected-by-filename\\x0a.json:" in out
    assert _command_lines(out + err) == []


def test_a_name_starting_with_colons_is_printed_as_the_same_file_under_dot(cli, tmp_path, monkeypatch):
    shutil.copy(REPO / "fixtures/restart-loop/docker-compose.yml", tmp_path)
    shutil.copy(REPO / "fixtures/restart-loop/flow.json", tmp_path / "::warning::x.json")
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("check", ".")
    assert "./::warning::x.json:" in out and _command_lines(out) == []


def test_github_format_commands_are_only_ours(cli, tmp_path):
    shutil.copy(REPO / "fixtures/restart-loop/docker-compose.yml", tmp_path)
    shutil.copy(REPO / "fixtures/restart-loop/flow.json", tmp_path / INJECTED)
    code, out, err = cli("check", "--format", "github", tmp_path)
    commands = _command_lines(out)
    assert commands and all(line.startswith(("::error file=", "::warning file=", "::notice file=")) for line in commands)
    assert not any(line.split(",")[0].endswith("file=README.md") for line in commands)
    assert any("x%0A%3A%3Aerror file=README.md%2Cline=1%3A%3Ainjected-by-filename%0A.json" in line for line in commands)
    assert _command_lines(err) == []


def test_usage_errors_on_stderr_escape_the_path(cli):
    code, _, err = cli("check", "missing\n::error::injected")
    assert code == 2 and "missing\\x0a::error::injected: no such file or directory" in err
    assert _command_lines(err) == []


def test_stderr_lines_are_escaped(cli, tmp_path, monkeypatch):
    """An internal error quotes the file's name and the exception's text: both made visible."""
    import dataclasses

    from flowlint.rules import REGISTRY

    def crash(ctx):
        raise ValueError("bad \x1b]0;title\x07")

    monkeypatch.setitem(REGISTRY, "FL110", dataclasses.replace(REGISTRY["FL110"], check=crash))
    name = "y\n::warning::injected\n.json"
    shutil.copy(REPO / "fixtures/restart-loop/flow.json", tmp_path / name)
    code, out, err = cli("check", "--format", "github", tmp_path / name)
    assert code == 2
    assert "internal error in FL110" in err
    assert not [line for line in err.splitlines() if line.startswith("::")]
    assert "\\x0a::warning::injected\\x0a.json" in err and "\\x1b]0;title\\x07" in err


"""Shared test helpers: run the engine or the CLI on files, find the shared corpus."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
RULE_FIXTURES = FIXTURES / "rules"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
# Tests over the real files in ../shared skip where it is absent (a user's clone); CI has it.
needs_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus beside the checkout (CI has it)")


def shared_files(folder: str, pattern: str = "*") -> list:
    """The files of ../shared/<folder> matching pattern, as parameters; one skipped parameter
    when ../shared is absent, so the skip says why instead of "empty parameter set"."""
    directory = SHARED / folder
    if not directory.is_dir():
        return [pytest.param(None, id="no-shared", marks=needs_shared)]
    return sorted(p for p in directory.glob(pattern) if p.is_file())


# FL408 says a flow was linted with no EvolutionAPI config, so the session rules did not run. A
# rule's sound variant that is a flow alone is judged without one on purpose: its clean check
# leaves FL408 out (tests/test_deployments.py tests FL408 itself).
ALONE = ("FL408",)


def lint_files(*paths, **settings):
    """Diagnostics for these paths (relative to the repo) with default settings plus overrides."""
    from flowlint.config import Settings
    from flowlint.lint import lint

    return lint([str(p) for p in paths], Settings(**settings)).diagnostics


def rule_fixture(code: str, variant: str) -> str:
    """A rule's fixture (relative to the repo): fixtures/rules/<CODE>/<variant>."""
    return f"fixtures/rules/{code}/{variant}"


def write(directory: Path, name: str, data) -> Path:
    """Write text, or JSON for a dict/list, to directory/name (folders made); returns the path."""
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2) + "\n")
    return path


def described(diagnostics) -> list:
    """Diagnostics as `path:line:col CODE message`, for readable assertion failures."""
    return [f"{d.path}:{d.line}:{d.column} {d.code} {d.message}" for d in diagnostics]


def codes_at(diagnostics, code: str) -> list:
    """(line, column) of every diagnostic with this code, in report order."""
    return [(d.line, d.column) for d in diagnostics if d.code == code]


def fixture_tests(positive: dict):
    """The two tests every rule gets from its fixtures: on `bad/` it fires at exactly these
    (line, column) places; `good/` lints completely clean. Use as
    `test_rule_fires, test_sound_variant_is_clean = fixture_tests(POSITIVE)`."""

    @pytest.mark.parametrize("code", sorted(positive))
    def test_rule_fires(code, in_repo):
        assert codes_at(lint_files(rule_fixture(code, "bad")), code) == positive[code]

    @pytest.mark.parametrize("code", sorted(positive))
    def test_sound_variant_is_clean(code, in_repo):
        diagnostics = lint_files(rule_fixture(code, "good"))
        assert diagnostics == [], described(diagnostics)

    return test_rule_fires, test_sound_variant_is_clean


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here")


@pytest.fixture
def forks(monkeypatch):
    """Split every input (however small) as if two CPUs were ours; records each fork."""
    from flowlint import parallel

    made = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(parallel, "MIN_JSON_TEXT", 0)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    monkeypatch.setattr(parallel.os, "fork", fork)
    return made


@pytest.fixture
def in_repo(monkeypatch):
    """Run with the repository as working directory, so paths in output stay relative and stable."""
    monkeypatch.chdir(REPO)
    return REPO


@pytest.fixture
def cli(in_repo, monkeypatch):
    """Invoke the CLI: returns (exit code, stdout, stderr)."""
    from flowlint.cli import main

    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")

    def invoke(*args, input=None, env=None):
        result = CliRunner().invoke(main, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
        if "--diff" in args and "--fix" not in args and "\n+++ b/" in result.stdout:
            diff_applies(result.stdout_bytes.decode())  # every --diff a test makes applies (its \r kept)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def relative(path: Path) -> str:
    return os.path.relpath(path, REPO)


def diff_applies(diff: str) -> None:
    """Assert that `git apply --check` takes this diff on the files it names (read where they
    are; copied into a scratch repository so absolute paths work too)."""
    import re
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        named = {}

        def rename(match):
            path = match.group(2)
            relative = named.setdefault(path, f"file{len(named)}")
            if not (root / relative).exists():
                (root / relative).write_bytes(Path(path).read_bytes())
            return f"{match.group(1)}{relative}"

        git_applies(re.sub(r"(?m)^(--- a/|\+\+\+ b/)(.*)$", rename, diff), root)


def git_applies(diff: str, root: Path) -> None:
    """Assert that `git apply --check` takes this diff (paths a/… b/… relative to root) on root's files."""
    import subprocess

    if not (root / ".git").exists():
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    done = subprocess.run(["git", "apply", "--check", "-v", "-"], cwd=root, input=diff, text=True, capture_output=True)
    assert done.returncode == 0, done.stderr + "\n" + diff

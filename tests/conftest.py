"""Shared test helpers: run the engine or the CLI on files, find the shared corpus."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
RULE_FIXTURES = FIXTURES / "rules"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def lint_files(*paths, **settings):
    """Diagnostics for these paths (relative to the repo) with default settings plus overrides."""
    from flowlint.config import Settings
    from flowlint.lint import lint

    return lint([str(p) for p in paths], Settings(**settings)).diagnostics


def codes_at(diagnostics, code: str) -> list:
    """(line, column) of every diagnostic with this code, in report order."""
    return [(d.line, d.column) for d in diagnostics if d.code == code]


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
        return result.exit_code, result.stdout, result.stderr

    return invoke


def relative(path: Path) -> str:
    return os.path.relpath(path, REPO)

"""Whole CLI outputs for the rules of issue 14 on their broken fixtures (reviewed snapshots), and
`flowlint explain` citing both the code and the reports."""
import pytest

CODES = ("FL116", "FL216", "FL217", "FL302", "FL409", "FL410", "FL411", "FL412")


@pytest.mark.parametrize("code", CODES)
def test_check_output_on_the_broken_fixture(cli, snapshot, code):
    assert cli("check", "--select", code, f"fixtures/rules/{code}/bad") == snapshot


@pytest.mark.parametrize("code", CODES)
def test_explain_cites_code_and_reports(cli, code):
    exit_code, out, _ = cli("explain", code)
    assert exit_code == 0
    assert "## Why it matters" in out and "## How to fix" in out
    assert ".ts:" in out or ".tsx:" in out or ".yml" in out  # a file and line of the code read
    assert "#" in out.split("## Why it matters", 1)[1]  # an issue number

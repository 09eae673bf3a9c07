"""A directory flowlint cannot list is said, never passed over in silence (issue 17, repro 08).

Given on the command line it is a usage error (exit 2, like a path that does not exist); met
while walking a directory it is an FL001 finding at that directory. Running as root, chmod does
not stop reading, so the tests make listing fail where the walk lists (`os.scandir`).
"""
import json
import os
import shutil

import pytest

from conftest import REPO


@pytest.fixture
def unreadable(monkeypatch):
    """Directories named `flows` cannot be listed, as with mode 000 for another user."""
    real = os.scandir

    def scandir(path="."):
        if os.path.basename(os.path.normpath(os.fspath(path))) == "flows":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def _bot(tmp_path):
    (tmp_path / "flows").mkdir()
    shutil.copy(REPO / "fixtures/restart-loop/flow.json", tmp_path / "flows" / "typebot-export-a.json")
    return tmp_path


def test_an_unreadable_directory_given_is_a_usage_error(cli, tmp_path, unreadable):
    flows = _bot(tmp_path) / "flows"
    code, out, err = cli("check", flows)
    assert (code, out) == (2, "")
    assert f"flowlint: error: {flows}: cannot read directory: Permission denied" in err


def test_an_unreadable_directory_met_in_a_walk_is_a_finding_there(cli, tmp_path, unreadable):
    root = _bot(tmp_path)
    code, out, _ = cli("check", "--format", "json", root)
    assert code == 1
    [diagnostic] = json.loads(out)["diagnostics"]
    assert (diagnostic["code"], diagnostic["path"], diagnostic["message"]) == (
        "FL001", str(root / "flows"), "cannot read directory: Permission denied")


def test_readable_directories_still_walk_as_before(cli, tmp_path):
    code, out, _ = cli("check", "--ignore", "FL408", _bot(tmp_path))  # (a flow alone: no config, FL408)
    assert (code, out) == (0, "No problems found in 1 file.\n")


def test_a_path_behind_a_directory_that_cannot_be_searched_says_so(cli, tmp_path, monkeypatch):
    import flowlint.discover

    real = os.stat

    def stat(path, *args, **kwargs):
        if "locked" in os.fspath(path):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(flowlint.discover.os, "stat", stat)
    code, _, err = cli("check", tmp_path / "locked" / "flow.json")
    assert code == 2 and "locked/flow.json: cannot read: Permission denied" in err
    code, _, err = cli("check", tmp_path / "missing.json")
    assert code == 2 and "missing.json: no such file or directory" in err

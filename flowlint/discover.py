"""Paths on the command line -> the files to lint, read and decoded."""
from __future__ import annotations

import codecs
import fnmatch
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from flowlint.kinds import is_env_name, is_yaml_name
from flowlint.source import DecodeError, SourceFile, decode

SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".vscode", ".idea",
                       ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages"})


class PathError(Exception):
    """A path given on the command line does not exist or cannot be read (a usage error, exit 2)."""


@dataclass
class Input:
    path: str  # as the user wrote it (relative stays relative)
    fs_path: Optional[Path]  # None for stdin
    explicit: bool  # named on the command line, not found by walking a directory
    source: Optional[SourceFile] = None
    error: Optional[DecodeError] = None


def is_candidate(name: str) -> bool:
    return name.endswith(".json") or is_yaml_name(name) or is_env_name(name)


def excluded(relative: str, patterns) -> bool:
    parts = relative.split("/")
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatch(relative, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts):
            return True
    return False


def _walk(root: str, patterns) -> tuple:
    """(files to lint, (directory, OSError) of those below `root` that could not be listed);
    `root` itself unreadable is a PathError."""
    found, unreadable = [], []

    def failed(error: OSError) -> None:
        if os.path.normpath(error.filename) == os.path.normpath(root):
            raise PathError(f"{root}: cannot read directory: {error.strerror or error}")
        unreadable.append((os.path.normpath(error.filename), error))

    for directory, dirs, files in os.walk(root, onerror=failed):
        rel_dir = os.path.relpath(directory, root)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")
                         and not os.path.exists(os.path.join(directory, d, "pyvenv.cfg"))
                         and not excluded(os.path.normpath(os.path.join(rel_dir, d)).replace(os.sep, "/"), patterns))
        for name in sorted(files):
            rel = os.path.normpath(os.path.join(rel_dir, name)).replace(os.sep, "/")
            if is_candidate(name) and not excluded(rel, patterns) and os.path.isfile(os.path.join(directory, name)):
                found.append(os.path.normpath(os.path.join(directory, name)))
    return found, unreadable


def read(entry: Input, data: Optional[bytes] = None) -> Input:
    try:
        if data is None:
            if not entry.fs_path.is_file():
                raise DecodeError("not a regular file (a FIFO, socket or device); nothing to lint")
            data = entry.fs_path.read_bytes()
        entry.source = SourceFile(entry.path, decode(data), entry.fs_path, bom=data.startswith(codecs.BOM_UTF8))
    except DecodeError as exc:
        entry.error = exc
    except OSError as exc:
        entry.error = DecodeError(f"cannot read file: {exc.strerror or exc}")
    return entry


def _must_exist(given: str) -> None:
    """PathError unless `given` names something: missing, or behind a directory we may not search."""
    try:
        os.stat(given)
    except (FileNotFoundError, NotADirectoryError, ValueError):  # (ValueError: a NUL in the name)
        raise PathError(f"{given}: no such file or directory") from None
    except OSError as exc:
        raise PathError(f"{given}: cannot read: {exc.strerror or exc}") from None


def discover(paths, stdin_filename: Optional[str] = None, exclude=(), stdin: Optional[bytes] = None) -> list:
    """`stdin`: what "-" stands for, instead of reading standard input (an editor's buffer)."""
    inputs, seen = [], set()
    for given in paths:
        if given == "-":
            data = stdin if stdin is not None else sys.stdin.buffer.read()
            inputs.append(read(Input(stdin_filename or "-", None, True), data))
            continue
        _must_exist(given)
        found, unreadable = _walk(given, exclude) if os.path.isdir(given) else ([given], [])
        for directory, error in unreadable:  # said as a finding there, not skipped without a word
            inputs.append(Input(directory, Path(directory), False,
                                error=DecodeError(f"cannot read directory: {error.strerror or error}")))
        for path in found:
            key = os.path.realpath(path)
            if key in seen:
                continue
            seen.add(key)
            inputs.append(read(Input(path, Path(path), path == given)))
    return inputs

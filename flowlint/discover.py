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
    """A path given on the command line does not exist (a usage error, exit 2)."""


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


def _walk(root: str, patterns) -> list:
    found = []
    for directory, dirs, files in os.walk(root):
        rel_dir = os.path.relpath(directory, root)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")
                         and not os.path.exists(os.path.join(directory, d, "pyvenv.cfg"))
                         and not excluded(os.path.normpath(os.path.join(rel_dir, d)).replace(os.sep, "/"), patterns))
        for name in sorted(files):
            rel = os.path.normpath(os.path.join(rel_dir, name)).replace(os.sep, "/")
            if is_candidate(name) and not excluded(rel, patterns) and os.path.isfile(os.path.join(directory, name)):
                found.append(os.path.normpath(os.path.join(directory, name)))
    return found


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


def discover(paths, stdin_filename: Optional[str] = None, exclude=()) -> list:
    inputs, seen = [], set()
    for given in paths:
        if given == "-":
            inputs.append(read(Input(stdin_filename or "-", None, True), sys.stdin.buffer.read()))
            continue
        if not os.path.exists(given):
            raise PathError(f"{given}: no such file or directory")
        found = _walk(given, exclude) if os.path.isdir(given) else [given]
        for path in found:
            key = os.path.realpath(path)
            if key in seen:
                continue
            seen.add(key)
            inputs.append(read(Input(path, Path(path), path == given)))
    return inputs

"""flowlint's cache on disk: derived data that a later run may reuse instead of working it out.

One JSON file per kind of entry and per version of what it is derived from (`name` says both,
e.g. a hash of the schema and of the code that judges it), in the user's cache directory:
`$XDG_CACHE_HOME/flowlint` (else `~/.cache/flowlint`), `~/Library/Caches/flowlint` on macOS,
`%LOCALAPPDATA%\\flowlint\\Cache` on Windows. `--no-cache` or `FLOWLINT_NO_CACHE=1` turns it off.

Concurrent runs are safe: a file is written whole to a temporary name beside it and moved into
place (`os.replace`), so a reader sees an old file or a new one, never half of one; when two runs
write, the last one's file stays (the other's entries are worked out again next time). A missing,
unreadable or corrupt file is an empty cache; a cache that cannot be written is no error.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional


def directory() -> Optional[Path]:
    """The cache directory (not created), or None when the platform's is unknown."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "flowlint" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "flowlint"
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):  # the XDG spec: a relative path is to be ignored
        return Path(base) / "flowlint"
    try:
        return Path.home() / ".cache" / "flowlint"
    except RuntimeError:  # no home directory
        return None


def disabled_by_environment() -> bool:
    return os.environ.get("FLOWLINT_NO_CACHE", "") not in ("", "0")


def load(name: str) -> dict:
    """The cached object `name`, or {} when there is none that can be read."""
    folder = directory()
    if folder is None:
        return {}
    try:
        with open(folder / name, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def save(name: str, data: dict) -> None:
    """Store `data` as `name`: written whole under a temporary name, then moved into place."""
    import tempfile

    folder = directory()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, separators=(",", ":"))
        os.replace(temporary, folder / name)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass

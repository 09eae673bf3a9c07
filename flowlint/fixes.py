"""`--fix`: apply the edits that fixable rules attach to their findings, atomically.

An edit replaces a range of a file's decoded text. Files are rewritten through a temporary file
and a rename, and never when they changed on disk since they were read.
"""
from __future__ import annotations

import os
import tempfile
from collections import defaultdict


class StaleFile(Exception):
    pass


def _apply(text: str, edits) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


def write_atomically(path, source, text: str) -> None:
    if path.read_bytes() != source.raw:
        raise StaleFile(f"{source.path} changed on disk since it was read; not fixed")
    bom = b"\xef\xbb\xbf" if source.raw.startswith(b"\xef\xbb\xbf") else b""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".flowlint")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(bom + text.encode("utf-8"))
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def apply_fixes(diagnostics) -> list:
    """Fix what can be fixed; returns the diagnostics that remain."""
    by_source = defaultdict(list)
    for diagnostic in diagnostics:
        if diagnostic.fixable and diagnostic.edits and diagnostic.source is not None and diagnostic.source.fs_path:
            by_source[id(diagnostic.source)].append(diagnostic)
    fixed = set()
    for group in by_source.values():
        source = group[0].source
        edits = [e for d in group for e in d.edits]
        write_atomically(source.fs_path, source, _apply(source.text, edits))
        fixed.update(id(d) for d in group)
    return [d for d in diagnostics if id(d) not in fixed]

"""`--fix` and `--diff`: the edits fixable rules attach to their findings.

An edit replaces a range of a file's decoded text. Edits that overlap an earlier one in the same
file are left for the next run. Files are written through a temporary file and a rename (never
half-written), keep their BOM, and are not written when they changed on disk since they were
read.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass


class StaleFile(Exception):
    """The file changed on disk after flowlint read it."""


@dataclass
class Plan:
    source: object  # SourceFile
    text: str  # the fixed text
    fixed: int  # how many findings it fixes


def _apply(text: str, edits) -> tuple:
    """(new text, edits applied): non-overlapping edits, back to front."""
    chosen, end = [], -1
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start >= end or (edit.start == edit.end == end):
            if any(e.start == edit.start and e.end == edit.end and e.text == edit.text for e in chosen):
                continue  # the same edit twice (two findings, one fix)
            chosen.append(edit)
            end = max(end, edit.end)
    for edit in reversed(chosen):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text, len(chosen)


def plan(diagnostics) -> list:
    """What fixing would change, per file (files that would not change are left out)."""
    by_source: dict = {}
    for diagnostic in diagnostics:
        if not diagnostic.fixable:
            continue
        for edit in diagnostic.edits:
            source = edit.source or diagnostic.source
            if source is not None and source.fs_path is not None:
                entry = by_source.setdefault(id(source), (source, [], set()))
                entry[1].append(edit)
                entry[2].add(id(diagnostic))
    plans = []
    for source, edits, fixed in by_source.values():
        text, _ = _apply(source.text, edits)
        if text != source.text:
            plans.append(Plan(source, text, len(fixed)))
    return plans


def unified_diff(plans) -> str:
    """The planned edits as a unified diff; secrets in context lines are masked."""
    from flowlint.redact import redact

    chunks = []
    for item in plans:
        chunks.extend(difflib.unified_diff(
            item.source.text.splitlines(keepends=True), item.text.splitlines(keepends=True),
            fromfile=f"a/{item.source.path}", tofile=f"b/{item.source.path}"))
    lines = (redact(line) for line in chunks)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def write(item: Plan) -> None:
    import tempfile  # only --fix writes: a plain check does not pay for importing it

    path, source = item.source.fs_path.resolve(), item.source  # through a symlink, to its target
    if not source.same_bytes(path.read_bytes()):
        raise StaleFile(f"{source.path} changed on disk since it was read; not fixed")
    bom = b"\xef\xbb\xbf" if source.bom else b""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".flowlint")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(bom + item.text.encode("utf-8"))
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"

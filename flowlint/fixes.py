"""`--fix` and `--diff`: the edits fixable rules attach to their findings.

An edit replaces a range of a file's decoded text. Edits that overlap an earlier one in the same
file are left for the next run. Files are written through a temporary file and a rename (never
half-written), keep their BOM, and are not written when they changed on disk since they were
read. Before any of that, `flowlint.fixcheck.checked` reads each fixed text back with the
loader and refuses the edits whose result does not read as intended.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class StaleFile(Exception):
    """The file changed on disk after flowlint read it."""


@dataclass
class Plan:
    source: object  # SourceFile
    text: str  # the fixed text
    fixed: int  # how many findings it fixes
    edits: list = field(default_factory=list)  # (Edit, Diagnostic) pairs `text` applies


def apply(text: str, pairs) -> tuple:
    """(new text, pairs applied): the non-overlapping edits of (Edit, Diagnostic) pairs, back to front."""
    chosen, end = [], -1
    for edit, diagnostic in sorted(pairs, key=lambda p: (p[0].start, p[0].end)):
        if edit.start >= end or (edit.start == edit.end == end):
            if any(e.start == edit.start and e.end == edit.end and e.text == edit.text for e, _ in chosen):
                continue  # the same edit twice (two findings, one fix)
            chosen.append((edit, diagnostic))
            end = max(end, edit.end)
    for edit, _ in reversed(chosen):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text, chosen


def plan(diagnostics) -> list:
    """What fixing would change, per file (files that would not change are left out)."""
    by_source: dict = {}
    for diagnostic in diagnostics:
        if not diagnostic.fixable:
            continue
        for edit in diagnostic.edits:
            source = edit.source or diagnostic.source
            if source is not None and source.fs_path is not None:
                by_source.setdefault(id(source), (source, []))[1].append((edit, diagnostic))
    plans = []
    for source, pairs in by_source.values():
        text, chosen = apply(source.text, pairs)
        if text != source.text:
            plans.append(Plan(source, text, len({id(d) for _, d in pairs}), chosen))
    return plans


CONTEXT = 3  # context lines around a change, as diff -u


def unified_diff(plans) -> tuple:
    """(diff, notes): the planned edits as a unified diff that `git apply` / `patch -p1` take on
    the original files, and what it leaves out. Secrets are never printed, and a diff line must
    match its file, so a line holding a secret is never masked: it is left out of a hunk's context
    (the hunk gets fewer context lines). A change that cannot be shown without one (the changed
    line holds a secret, or a secret is the line right after it, which git needs as context) is
    left out of the diff and named in a note; --fix still makes it. A line with a control character
    is kept out the same way (printed raw it could drive the terminal; escaped it would not apply);
    in a file name it is made visible (sanitize)."""
    from flowlint.sanitize import visible

    out, notes = [], []
    for item in plans:
        bom = "\ufeff" if item.source.bom else ""
        hunks, withheld = _hunks(item.source, _lines(bom + item.source.text), _lines(bom + item.text), len(bom))
        notes += [f"a fix to {item.source.path}:{line} is not in the diff: that part of the file holds a secret "
                  "or a control character (--fix makes it)" for line in withheld]
        if hunks:
            name = visible(item.source.path)
            out += [f"--- a/{name}\n", f"+++ b/{name}\n"] + hunks
    return "".join(out), notes


def _lines(text: str) -> list:
    """Lines as git counts them: ended by \\n only (a lone \\r or U+2028 ends no line)."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _printable(line: str) -> bool:
    """A line that prints as it is: no control character a terminal would act on (a BOM opening
    the file is harmless, and must stay for the diff to apply)."""
    from flowlint.sanitize import visible_line

    body = line[1:] if line.startswith("\ufeff") else line
    return visible_line(body) == body


def _hidden_lines(source, old: list, shift: int) -> list:
    """For each old line: must it stay out of the diff? It holds a secret, or a control character
    (which the diff could neither print safely nor escape and still apply)."""
    from flowlint.redact import touches

    flags, at = [], -shift  # offsets into source.text (without its BOM)
    for line in old:
        flags.append(touches(source, max(0, at), at + len(line)) or not _printable(line))
        at += len(line)
    return flags


def _hunks(source, old: list, new: list, shift: int) -> tuple:
    """(hunk lines, old line numbers of changes withheld) of the diff old -> new."""
    from difflib import SequenceMatcher

    from flowlint.redact import secret_values

    secret = _hidden_lines(source, old, shift)
    values = secret_values([source])
    withheld = []
    while True:  # withhold the changes that cannot be shown, until the rest can
        changes = [op for op in SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
        hidden = [(i1, i2, j1, j2) for _, i1, i2, j1, j2 in changes
                  if any(secret[i1:i2]) or (i2 < len(old) and secret[i2])
                  or any(v in line for line in new[j1:j2] for v in values)
                  or not all(_printable(line) for line in new[j1:j2])]
        if not hidden:
            break
        for i1, i2, j1, j2 in reversed(hidden):
            new = new[:j1] + old[i1:i2] + new[j2:]
            withheld.append(i1 + 1)
    return _format(old, new, changes, secret), sorted(set(withheld))


def _format(old: list, new: list, changes: list, secret: list) -> list:
    groups = []  # [first change, last change] merged when their context touches and holds no secret
    for change in changes:
        previous = groups[-1][-1] if groups else None
        if previous is not None and change[1] - previous[2] <= 2 * CONTEXT and not any(secret[previous[2]:change[1]]):
            groups[-1].append(change)
        else:
            groups.append([change])
    out = []
    for group in groups:
        first, last = group[0], group[-1]
        start = first[1]
        while start > max(0, first[1] - CONTEXT) and not secret[start - 1]:
            start -= 1
        end = last[2]
        while end < min(len(old), last[2] + CONTEXT) and not secret[end]:
            end += 1
        new_start = start + first[3] - first[1]
        new_end = end + last[4] - last[2]
        body, at = [], start
        for _, i1, i2, j1, j2 in group:
            body += [" " + line for line in old[at:i1]]
            body += ["-" + line for line in old[i1:i2]] + ["+" + line for line in new[j1:j2]]
            at = i2
        body += [" " + line for line in old[at:end]]
        out.append(f"@@ -{_range(start, end - start)} +{_range(new_start, new_end - new_start)} @@\n")
        out += [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in body]
    return out


def _range(start: int, count: int) -> str:
    return f"{start + 1 if count else start},{count}"


def write(item: Plan) -> None:
    from flowlint.atomic import write_atomically

    path, source = item.source.fs_path.resolve(), item.source  # through a symlink, to its target
    if not source.same_bytes(path.read_bytes()):
        raise StaleFile(f"{source.path} changed on disk since it was read; not fixed")
    bom = b"\xef\xbb\xbf" if source.bom else b""
    write_atomically(path, bom + item.text.encode("utf-8"))


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"

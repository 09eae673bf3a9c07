"""A suppression that silences nothing: a `# flowlint: ignore` comment or a per-file-ignores entry.

## What it finds
- in a `.env` or YAML file, a `# flowlint: ignore CODE` comment naming a rule that ran and found
  nothing on that line or the next (`ignore-file`: in the whole file), or a bare
  `# flowlint: ignore` with no finding there at all; the finding points at the code;
- in the config, a `per-file-ignores` entry whose glob matched a file of this run, naming a rule
  that ran and found nothing there (inside its `#pointer` or `#typebot-id` part, when it has one);
  the finding points at the code in the config file. An entry for files not in this run (a
  pre-commit run passes only the changed ones) is not judged.

Codes of rules that did not run (not selected) are not judged either; unknown codes are FL008.

## Why it matters
A suppression outlives the problem it silenced: the setting was fixed, the group was deleted,
the code was mistyped for another rule. Left in place it hides the next real finding there, and
it tells readers of the file something that is no longer true (ruff's RUF100 does the same for
`# noqa`).

## Example
```
TYPEBOT_KEEP_OPEN=true  # flowlint: ignore FL200 -- (FL200 no longer fires: the value is right)
```

## How to fix
Delete the code from the comment or the entry (the comment or entry itself when it names no
other code).
"""
import fnmatch
import os
import re
from pathlib import Path

from flowlint.diagnostics import INLINE, PER_FILE, Span
from flowlint.rules import WARNING, matches, rule, valid_selector
from flowlint.source import SourceFile


@rule("FL007", "unused-suppression", WARNING, target="suppressions")
def check(ctx):
    project = ctx.project
    yield from _inline(ctx, project)
    yield from _per_file(ctx, project)


def _judged(selector: str, rules_run: list) -> bool:
    return valid_selector(selector) and any(matches(selector, r) for r in rules_run)


def _inline(ctx, project):
    used = project.suppressions_used
    for document in project.documents:
        if document.context:
            continue
        for number, directive in enumerate(document.suppressions.directives):
            where = "in this file" if directive.whole_file else "on this line or the next"
            if not directive.selectors and (INLINE, document.path, number, None) not in used:
                yield ctx.report(f"this suppression silences nothing {where}", source=document.source,
                                 span=directive.span)
            for selector, span in directive.selectors:
                if _judged(selector, project.rules_run) and (INLINE, document.path, number, selector) not in used:
                    yield ctx.report(f"'{selector}' in this suppression silences nothing {where}",
                                     source=document.source, span=span)


def _per_file(ctx, project):
    settings, used = project.settings, project.suppressions_used
    linted = [d for d in project.documents if not d.context]
    sources: dict = {}
    for index, entry in enumerate(settings.per_file_ignores):
        paths = (p for d in linted for p in settings.file_paths(d.path, d.source.fs_path, entry.root))
        if not any(fnmatch.fnmatch(p, entry.glob) for p in paths):
            continue
        key = entry.glob + (f"#{entry.anchor}" if entry.anchor else "")
        for selector in entry.selectors:
            if _judged(selector, project.rules_run) and (PER_FILE, index, selector) not in used:
                source = sources.get(entry.origin) or sources.setdefault(entry.origin, _config_source(entry.origin))
                yield ctx.report(f"per-file-ignores \"{key}\" names '{selector}', which silences nothing in the "
                                 "files of this run it matches", source=source, span=_selector_span(source, key, selector))


def _config_source(origin) -> SourceFile:
    path = Path(origin or "pyproject.toml")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""  # read once already (the settings came from it): gone since, so the whole file
    try:
        display = os.path.relpath(path)
    except ValueError:  # another drive
        display = str(path)
    return SourceFile(display, text, path)


def _selector_span(source: SourceFile, key: str, selector: str) -> Span:
    """The selector's string in the entry's list, else the entry's key, else the whole file."""
    text = source.text
    quoted = [re.escape(q) for q in (f'"{key}"', f"'{key}'")] + ([re.escape(key)] if re.fullmatch(r"[\w-]+", key) else [])
    entry = re.search(r"(?<![\w\"'])(?:" + "|".join(quoted) + r")\s*=\s*", text)
    if entry is None:
        return Span.whole_file()
    listed = re.compile(r"[\"']" + re.escape(selector) + r"[\"']")
    end = text.find("]", entry.end())
    found = listed.search(text, entry.end(), len(text) if end == -1 else end)
    if found is None:
        return source.span(entry.start(), entry.start() + len(key) + 2)
    return source.span(found.start() + 1, found.end() - 1)

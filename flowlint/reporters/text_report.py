"""`--format text`: `path:line:col: CODE [severity] name: message`, an excerpt, a summary."""
from __future__ import annotations

import click

from flowlint.diagnostics import Severity
from flowlint.redact import mask_text, masked
from flowlint.reporters import summary_counts
from flowlint.sanitize import visible, visible_path

COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
MAX_EXCERPT = 160


def excerpt(diagnostic) -> list:
    source = diagnostic.source
    if source is None or not source.text:
        return []
    text = source.line_text(diagnostic.line)
    if not text.strip():
        return []
    start = diagnostic.column - 1
    end = diagnostic.end_column - 1 if diagnostic.end_line == diagnostic.line else len(text)
    left = 0
    if len(text) > MAX_EXCERPT:  # minified JSON: show a window around the column
        left = max(0, start - 40)
        text, start, end = text[left:left + MAX_EXCERPT], start - left, min(end, left + MAX_EXCERPT) - left
    at = source.lines.start(diagnostic.line) + left
    end = min(end, len(text))
    # carets under the line as shown: a masked secret is as wide as the mask, an escaped control
    # character as its escape
    before, through = (visible(masked(source, at, at + max(0, n)), keep_tabs=True) for n in (start, end))
    shown = visible(masked(source, at, at + len(text)), keep_tabs=True)
    gutter = str(diagnostic.line)
    return [f" {gutter} | {shown}", f" {' ' * len(gutter)} | {' ' * len(before)}{'^' * max(1, len(through) - len(before))}"]


def path_line(witness) -> str:
    """The witness in one line: group titles, the choice that leads into each, how it stops."""
    parts = []
    for step in witness.steps:
        title = visible(mask_text(f"'{step.group}'"))
        if step.via == "start":
            parts.append(f"start → {title}")
        else:
            parts.append(f"[{visible(mask_text(step.via))}] {title}" if step.via else title)
    return "   path: " + " → ".join(parts + [visible(witness.outcome)])


def summary_line(result) -> str:
    counts = summary_counts(result.diagnostics)
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    total = len(result.diagnostics)
    if not total:
        return f"No problems found in {files}."
    parts = ", ".join(f"{n} {level}{'s' if n != 1 and level != 'info' else ''}" for level, n in counts.items() if n)
    return f"Found {total} problem{'s' if total != 1 else ''} ({parts}) in {files}."


def _found(result) -> list:
    """The config files discovery read, one list per deployment (`flowlint.deployments`)."""
    return result.project.found if result.project is not None else []


def render(result, options) -> str:
    lines = []
    for d in result.diagnostics:
        head = f"{visible_path(d.path)}:{d.line}:{d.column}:"
        code = f"{d.code} [{d.severity}] {d.name}:"
        if options.color:
            head = click.style(head, bold=True)
            code = click.style(code, fg=COLORS[d.severity])
        lines.append(f"{head} {code} {visible(d.message)}")
        if not options.quiet:
            if d.witness is not None:
                lines.append(path_line(d.witness))
            lines.extend(excerpt(d))
    if not (options.quiet and not result.diagnostics):
        lines.append(summary_line(result))
        lines.extend(f"EvolutionAPI config found and read: {', '.join(found)}" for found in _found(result))
    return "\n".join(lines) + "\n" if lines else ""

"""`--format text`: `path:line:col: CODE [severity] name: message`, an excerpt, a summary."""
from __future__ import annotations

import click

from flowlint.diagnostics import Severity
from flowlint.redact import redact
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
    if len(text) > MAX_EXCERPT:  # minified JSON: show a window around the column
        left = max(0, start - 40)
        text, start, end = text[left:left + MAX_EXCERPT], start - left, min(end, left + MAX_EXCERPT) - left
    end = min(end, len(text))
    before, marked = visible(text[:start], keep_tabs=True), visible(text[start:end], keep_tabs=True)
    shown = redact(visible(text, keep_tabs=True))
    gutter = str(diagnostic.line)
    return [f" {gutter} | {shown}", f" {' ' * len(gutter)} | {' ' * len(before)}{'^' * max(1, len(marked))}"]


def summary_line(result) -> str:
    counts = summary_counts(result.diagnostics)
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    total = len(result.diagnostics)
    if not total:
        return f"No problems found in {files}."
    parts = ", ".join(f"{n} {level}{'s' if n != 1 and level != 'info' else ''}" for level, n in counts.items() if n)
    return f"Found {total} problem{'s' if total != 1 else ''} ({parts}) in {files}."


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
            lines.extend(excerpt(d))
    if not (options.quiet and not result.diagnostics):
        lines.append(summary_line(result))
    return "\n".join(lines) + "\n" if lines else ""

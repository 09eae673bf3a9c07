"""`--format github`: workflow commands GitHub turns into annotations, then the text summary.

GitHub shows only 10 annotations of each kind per step; SARIF upload is the way for big reports.
"""
from __future__ import annotations

import re

from flowlint.diagnostics import Severity
from flowlint.kinds import FLOW
from flowlint.reporters.text_report import summary_line
from flowlint.sanitize import visible

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    """A workflow command's message: GitHub's escapes (the runner undoes them), then no other
    control character (sanitize.visible)."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _code_span(text: str) -> str:
    """`text` as a Markdown code span in a table cell: fenced by more backticks than it holds."""
    text = visible(text).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text[:1] == "`" or text[-1:] == "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render(result, options) -> str:
    lines = []
    for d in result.diagnostics:
        properties = ",".join(f"{k}={_escape_property(str(v))}" for k, v in (
            ("file", d.path), ("line", d.line), ("col", d.column), ("endLine", d.end_line),
            ("endColumn", d.end_column), ("title", f"{d.code} {d.name}"),
        ))
        lines.append(f"::{COMMANDS[d.severity]} {properties}::{_escape_data(d.message)}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def step_summary(result) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the counts, the findings, and each flow with findings
    drawn as a mermaid picture (GitHub renders it), its flagged groups outlined."""
    from flowlint.picture import draw

    lines = ["## flowlint", "", summary_line(result), ""]
    if result.diagnostics:
        lines += ["| location | rule | message |", "|---|---|---|"]
        for d in result.diagnostics:
            message = visible(d.message).replace("|", "\\|")
            lines.append(f"| {_code_span(f'{d.path}:{d.line}:{d.column}')} | {d.code} {d.name} | {message} |")
        lines.append("")
    for document in result.documents:
        findings = [d for d in result.diagnostics if d.source is document.source]
        if document.kind == FLOW and findings:
            picture = draw(result.project.graph_of(document), findings, "mermaid")
            lines += [f"### {_code_span(document.path)}", "", "```mermaid", picture.rstrip("\n"), "```", ""]
    return "\n".join(lines) + "\n"

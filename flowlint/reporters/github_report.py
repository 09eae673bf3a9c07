"""`--format github`: workflow commands GitHub turns into annotations, then the text summary.

GitHub shows only 10 annotations of each kind per step; SARIF upload is the way for big reports.
"""
from __future__ import annotations

from flowlint.diagnostics import Severity
from flowlint.redact import redact
from flowlint.reporters.text_report import summary_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result, options) -> str:
    lines = []
    for d in result.diagnostics:
        properties = ",".join(f"{k}={_escape_property(str(v))}" for k, v in (
            ("file", d.path), ("line", d.line), ("col", d.column), ("endLine", d.end_line),
            ("endColumn", d.end_column), ("title", f"{d.code} {d.name}"),
        ))
        lines.append(f"::{COMMANDS[d.severity]} {properties}::{_escape_data(redact(d.message))}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"

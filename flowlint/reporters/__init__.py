"""Reporters: one function per format, all fed the same sorted diagnostic list."""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from flowlint.diagnostics import Severity

FORMATS = ("text", "json", "sarif", "github")


@dataclass
class ReportOptions:
    color: bool = False
    quiet: bool = False


def summary_counts(diagnostics) -> dict:
    counts = {str(level): 0 for level in sorted(Severity, reverse=True)}
    for diagnostic in diagnostics:
        counts[str(diagnostic.severity)] += 1
    return counts


def render(format_name: str, result, options: ReportOptions) -> str:
    module = importlib.import_module(f"flowlint.reporters.{format_name}_report")
    return module.render(result, options)

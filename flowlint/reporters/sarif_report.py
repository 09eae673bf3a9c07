"""`--format sarif`: SARIF 2.1.0, as GitHub code scanning accepts it."""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from flowlint import __version__
from flowlint.diagnostics import Severity
from flowlint.rules import all_rules
from flowlint.sanitize import json_text

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/flowlint/flowlint"


def _rule(rule, severity) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule.docs, "markdown": rule.docs},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"tags": [rule.target]},
    }


def _uri(path: str) -> str:
    """A URI reference for SARIF: relative paths stay relative (code scanning resolves them from
    the repository root), absolute ones become file: URIs; both percent-encoded."""
    path = path.replace("\\", "/")
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(path[2:] if path.startswith("./") else path, safe="/")


def _code_flows(d) -> dict:
    """A witness as a codeFlow: one threadFlow, a location per group the walk enters."""
    if d.witness is None or not d.witness.steps:
        return {}
    steps = []
    for step in d.witness.steps:
        span = step.span
        steps.append({"location": {
            "physicalLocation": {"artifactLocation": {"uri": _uri(d.path)}, "region": {
                "startLine": span.line, "startColumn": span.column,
                "endLine": span.end_line, "endColumn": max(span.end_column, span.column)}},
            "message": {"text": f"'{step.group}'" + (f" (via {step.via})" if step.via else "")},
        }})
    return {"codeFlows": [{"message": {"text": d.witness.outcome}, "threadFlows": [{"locations": steps}]}]}


def render(result, options) -> str:
    used = {d.code for d in result.diagnostics}
    rules = [r for r in all_rules() if r.code in used]  # code scanning needs the rules results cite
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for d in result.diagnostics:
        results.append({
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVELS[d.severity],
            "message": {"text": d.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(d.path)},
                "region": {"startLine": d.line, "startColumn": d.column,
                           "endLine": d.end_line, "endColumn": max(d.end_column, d.column)},
            }}],
            **({"properties": {"pointer": d.pointer}} if d.pointer else {}),
            **_code_flows(d),
        })
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "flowlint", "version": __version__, "informationUri": INFO_URI,
                                "rules": [_rule(r, result.project.settings.severity_of(r)) for r in rules]}},
            "results": results,
        }],
    }
    return json_text(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"

"""`--format sarif`: SARIF 2.1.0, as GitHub code scanning accepts it.

Columns count Unicode code points (offsets into the decoded text), so `run.columnKind` says
`unicodeCodePoints`. Paths under the source root (the repository holding the working directory,
else the working directory) are relative to `%SRCROOT%`, so the log does not depend on where
flowlint ran. A fixable finding carries its fix unless an inserted text would show a secret.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from flowlint import __version__
from flowlint.diagnostics import Severity
from flowlint.redact import mask_text
from flowlint.rules import catalogue, loaded
from flowlint.sanitize import json_text

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFO_URI = "https://github.com/flowlint/flowlint"
ROOT_ID = "%SRCROOT%"


def help_uri(rule) -> str:
    """The rule's documentation (its module's docstring) at this release's tag."""
    module = rule.check.__module__.replace(".", "/")
    return f"{INFO_URI}/blob/v{__version__}/{module}.py"


def _rule(rule, severity) -> dict:
    properties = {"tags": [rule.target]}
    if rule.security_severity is not None:  # code scanning ranks security alerts by this score
        properties = {"tags": ["security", rule.target], "security-severity": f"{rule.security_severity:.1f}"}
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "helpUri": help_uri(rule),
        "help": {"text": rule.docs, "markdown": f"# {rule.code} {rule.name}\n\n{rule.docs}"},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": properties,
    }


def source_root() -> Path:
    """The repository that holds the working directory (code scanning resolves paths from its
    root), else the working directory."""
    cwd = Path.cwd()
    return next((d for d in (cwd, *cwd.parents) if (d / ".git").exists()), cwd)


def _location(path: str, root: Path) -> dict:
    """An artifactLocation: relative to %SRCROOT% when under it, else an absolute file: URI."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root).as_posix()
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative, safe="/"), "uriBaseId": ROOT_ID}


def _region(line: int, column: int, end_line: int, end_column: int) -> dict:
    if end_line == line:
        end_column = max(end_column, column)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _reveals_secret(source, edit) -> bool:
    """Whether the text an edit inserts would be masked in the line it makes (or alone)."""
    if not edit.text:
        return False
    if mask_text(edit.text) != edit.text:
        return True
    text = source.text
    start = text.rfind("\n", 0, edit.start) + 1
    end = text.find("\n", edit.end)
    prefix = text[start:edit.start]
    made = prefix + edit.text + text[edit.end:len(text) if end == -1 else end]
    return not mask_text(made).startswith(mask_text(prefix) + edit.text)


def _fix(d, root: Path):
    """The finding's edits as a SARIF fix (what `--fix` would do), or None."""
    changes: dict = {}
    for edit in sorted(d.edits, key=lambda e: (e.start, e.end)):
        source = edit.source or d.source
        if source is None or _reveals_secret(source, edit):
            return None
        region = _region(*source.position(edit.start), *source.position(max(edit.end, edit.start)))
        change = changes.setdefault(id(source), {"artifactLocation": _location(source.path, root), "replacements": []})
        change["replacements"].append({"deletedRegion": region, "insertedContent": {"text": edit.text}})
    if not changes:
        return None
    return {"description": {"text": f"{d.code} {d.name}: what `flowlint check --fix` changes"},
            "artifactChanges": list(changes.values())}


def _result(d, index: dict, root: Path) -> dict:
    result = {
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": LEVELS[d.severity],
        "message": {"text": d.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": _location(d.path, root),
            "region": _region(d.line, d.column, d.end_line, d.end_column),
        }}],
    }
    fix = _fix(d, root) if d.fixable else None
    if fix is not None:
        result["fixes"] = [fix]
    if d.pointer:
        result["properties"] = {"pointer": d.pointer}
    result.update(_code_flows(d, root))
    return result


def _code_flows(d, root: Path) -> dict:
    """A witness as a codeFlow: one threadFlow, a location per group the walk enters."""
    if d.witness is None or not d.witness.steps:
        return {}
    steps = []
    for step in d.witness.steps:
        span = step.span
        steps.append({"location": {
            "physicalLocation": {"artifactLocation": _location(d.path, root),
                                 "region": _region(span.line, span.column, span.end_line, span.end_column)},
            "message": {"text": mask_text(f"'{step.group}'" + (f" (via {step.via})" if step.via else ""))},
        }})
    return {"codeFlows": [{"message": {"text": d.witness.outcome}, "threadFlows": [{"locations": steps}]}]}


def render(result, options) -> str:
    used = {d.code for d in result.diagnostics}
    rules = loaded(e for e in catalogue() if e.code in used)  # code scanning needs the rules results cite
    index = {r.code: i for i, r in enumerate(rules)}
    root = source_root()
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "flowlint", "version": __version__, "informationUri": INFO_URI,
                                "rules": [_rule(r, result.project.settings.severity_of(r)) for r in rules]}},
            "originalUriBaseIds": {ROOT_ID: {"uri": root.as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(d, index, root) for d in result.diagnostics],
        }],
    }
    return json_text(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"

"""`--statistics`: how many findings each rule made, most first (as ruff's), instead of the list."""
from __future__ import annotations

import json
from collections import Counter

from flowlint.reporters.text_report import summary_line


def counts(diagnostics) -> list:
    """{"code", "name", "count", "fixable"} of every rule with findings, most first, then by code."""
    found = Counter(d.code for d in diagnostics)
    first = {}
    for d in diagnostics:
        first.setdefault(d.code, d)
    return [{"code": code, "name": first[code].name, "count": n, "fixable": first[code].fixable}
            for code, n in sorted(found.items(), key=lambda item: (-item[1], item[0]))]


def render(result, format_name: str) -> str:
    rows = counts(result.diagnostics)
    if format_name == "json":
        return json.dumps(rows, indent=2) + "\n"
    width = max((len(str(r["count"])) for r in rows), default=1)
    lines = [f"{r['count']:>{width}}  {r['code']}  {r['name']}{' (fixable)' if r['fixable'] else ''}" for r in rows]
    return "\n".join([*lines, summary_line(result)]) + "\n"

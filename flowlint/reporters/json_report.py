"""`--format json`: the stable machine-readable contract (design §4)."""
from __future__ import annotations

import json

from flowlint import __version__
from flowlint.reporters import summary_counts
from flowlint.sanitize import json_text


def render(result, options) -> str:
    payload = {
        "version": __version__,
        "diagnostics": [d.to_json() for d in result.diagnostics],
        "summary": {"files": result.files, **summary_counts(result.diagnostics)},
    }
    return json_text(json.dumps(payload, indent=2, ensure_ascii=False)) + "\n"

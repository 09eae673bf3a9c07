"""A flow `version` flowlint does not know.

## What it finds
A Typebot export whose `version` is not one of the known export versions: none (treated as
"3"), "3", "4", "5", "6", "6.1".

## Why it matters
Each export version has its own shape (start block vs start event, edge sources). For an
unknown version flowlint cannot tell which rules hold, so schema checks are skipped and the
graph is read as the closest known shape; a newer Typebot may also not import into an older
instance (typebot.io #1028).

## Example
```json
{"version": "7", "groups": [], "edges": []}
```

## How to fix
Upgrade flowlint if Typebot released a new export version; otherwise correct `version`.
"""
from flowlint.rules import WARNING, rule

KNOWN = (None, "3", "4", "5", "6", "6.1")


@rule("FL004", "unsupported-version", WARNING, target="flow")
def check(ctx):
    flow = ctx.flow
    version = flow.data.get("version")
    if version in KNOWN:
        return
    if not isinstance(version, str) and str(version) in KNOWN:
        message = f"version {version} is a number; Typebot writes it as a string (\"{version}\"); schema checks skipped"
    else:
        message = f"unknown Typebot export version {version!r} (known: 3, 4, 5, 6, 6.1); schema checks skipped"
    yield ctx.report(message, pointer=flow.base + "/version")

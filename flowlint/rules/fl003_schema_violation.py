"""A flow that breaks the JSON Schema of its Typebot export version.

## What it finds
Wrong types and missing required fields, checked against `schemas/typebot-flow-v5.schema.json`
(no version, "3", "4", "5") or `schemas/typebot-flow-v6.schema.json` ("6", "6.1"): a group
without `blocks`, a block without `type`, an edge without `to.groupId`, an `outgoingEdgeId` that
is not a string... Unknown keys and unknown (forge) block types are allowed.

## Why it matters
Typebot's importer rejects such a file ("Invalid typebot file"), or worse, the engine skips the
malformed part at run time and the conversation stops there.

## Example
```json
{"version": "6", "groups": [{"id": "g1", "blocks": {}}], "edges": [], "variables": [], "events": []}
```

## How to fix
Correct the field at the reported place, or re-export the flow from Typebot. Point your editor
at the schema (`"$schema"` or your editor's JSON schema mapping) to see these while editing.
"""
from flowlint.jsonpos import join_pointer
from flowlint.rules import ERROR, rule

V5_VERSIONS = (None, "3", "4", "5")
V6_VERSIONS = ("6", "6.1")
MAX_PER_FILE = 50
MAX_MESSAGE = 200


def schema_for(version):
    if version in V5_VERSIONS:
        return "typebot-flow-v5.schema.json"
    if version in V6_VERSIONS:
        return "typebot-flow-v6.schema.json"
    return None


def _short(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 1] + "…"


@rule("FL003", "schema-violation", ERROR, target="flow")
def check(ctx):
    from flowlint.schema_units import schema_errors

    flow = ctx.flow
    name = schema_for(flow.data.get("version"))
    if name is None:
        return
    errors, total = schema_errors(name, flow.data, MAX_PER_FILE, cache=ctx.project.settings.cache)
    for path, error in errors[:MAX_PER_FILE]:
        pointer = flow.base + join_pointer(*path)
        yield ctx.report(f"{_short(error.message)} (at {pointer or '/'}, schema {name})", pointer=pointer)
    if total > MAX_PER_FILE:
        yield ctx.report(f"{total - MAX_PER_FILE} more schema violations not shown", pointer=flow.base)

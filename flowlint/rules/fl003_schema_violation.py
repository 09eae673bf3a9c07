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
from functools import lru_cache

from flowlint.jsonpos import join_pointer
from flowlint.rules import ERROR, rule

V5_VERSIONS = (None, "3", "4", "5")
V6_VERSIONS = ("6", "6.1")
MAX_PER_FILE = 50
MAX_MESSAGE = 200


@lru_cache(maxsize=None)
def validators(name: str):
    """(document validator, {block type: family validator}) for one schema file.

    The schema's `$defs/block` dispatches on the block `type` through an allOf of
    `if {type: const|enum} then {family}` entries. Evaluating every `if` for every block is most
    of jsonschema's time on a big flow, so the document is validated without that allOf and each
    block against the one family its type selects: the same errors, a fraction of the work.
    A schema whose allOf is not of that form is validated whole.
    """
    from jsonschema import Draft202012Validator

    from flowlint.knowledge import load_schema

    schema = load_schema(name)
    block = schema.get("$defs", {}).get("block", {})
    families = {}
    for entry in block.get("allOf", []):
        condition = entry.get("if", {})
        type_test = condition.get("properties", {}).get("type", {})
        names = type_test.get("enum") or ([type_test["const"]] if "const" in type_test else None)
        if set(entry) != {"if", "then"} or set(condition) - {"properties", "required"} \
                or set(condition.get("properties", {})) != {"type"} or not names:
            return Draft202012Validator(schema), {}
        for type_name in names:
            families.setdefault(type_name, []).append(entry["then"])
    defs = {**schema["$defs"], "block": {k: v for k, v in block.items() if k != "allOf"}}
    document = Draft202012Validator(_inlined({**schema, "$defs": defs}, defs))
    return document, {t: document.evolve(schema=_inlined({"allOf": subs, "$defs": defs}, defs))
                      for t, subs in families.items()}


def _inlined(node, defs: dict, expanding: tuple = ()):
    """The schema with each plain `{"$ref": "#/$defs/x"}` replaced by `x` itself (recursive ones
    kept): the same validation, without a reference lookup per value (a third of the time)."""
    if isinstance(node, list):
        return [_inlined(item, defs, expanding) for item in node]
    if not isinstance(node, dict):
        return node
    target = node.get("$ref", "")
    name = target[len("#/$defs/"):] if len(node) == 1 and target.startswith("#/$defs/") else None
    if name in defs and name not in expanding:
        return _inlined(defs[name], defs, expanding + (name,))
    return {key: (value if key == "$defs" else _inlined(value, defs, expanding)) for key, value in node.items()}


def schema_errors(name: str, data: dict, blocks) -> list:
    """(pointer relative to the typebot object, error) for every violation, in document order."""
    document, families = validators(name)
    found = [(list(e.absolute_path), e) for e in document.iter_errors(data)]
    for path, block in blocks:
        kind = block.get("type")
        family = families.get(kind) if isinstance(kind, str) else None
        if family is not None:
            found.extend((path + list(e.absolute_path), e) for e in family.iter_errors(block))
    found.sort(key=lambda pair: [str(p).zfill(9) if isinstance(p, int) else p for p in pair[0]])
    return found


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
    flow = ctx.flow
    name = schema_for(flow.data.get("version"))
    if name is None:
        return
    blocks = [(_path(flow, block.pointer), block.data) for block in flow.blocks()]
    errors = schema_errors(name, flow.data, blocks)
    for path, error in errors[:MAX_PER_FILE]:
        pointer = flow.base + join_pointer(*path)
        yield ctx.report(f"{_short(error.message)} (at {pointer or '/'}, schema {name})", pointer=pointer)
    if len(errors) > MAX_PER_FILE:
        yield ctx.report(f"{len(errors) - MAX_PER_FILE} more schema violations not shown", pointer=flow.base)


def _path(flow, pointer: str) -> list:
    """JSON path tokens of a block pointer, relative to the typebot object."""
    tokens = pointer[len(flow.base):].split("/")[1:]
    return [int(t) if t.isdigit() else t for t in tokens]

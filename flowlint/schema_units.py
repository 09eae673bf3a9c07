"""JSON Schema validation of a whole flow, in units, each unit checked once per shape.

A big flow is thousands of blocks, groups and edges that look alike, and jsonschema re-checks
each one (~80 µs a block). So the schema is cut into units where a plain object's property is an
array whose items name a `$defs` entry (the document's groups, edges and variables; a group's
blocks): the parent is validated with those items left out (`items: true`) and each item as a
unit of its own. A block is validated only against the family its `type` selects when the
block schema dispatches through `allOf: [{if: {properties: {type: const|enum}}, then: family}]`.
Within a unit, values of one shape (`shapes.py`) share one verdict: jsonschema runs once per
distinct shape, and again only to word the errors that are shown. Verdicts are kept in
flowlint's cache (`cache.py`), keyed by a hash of the schema and of this code: a flow whose
shapes were all seen before is checked without importing jsonschema.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

SPLIT_ARRAY_KEYS = frozenset({"type", "items", "minItems", "maxItems", "title", "description"})
COMBINATORS = frozenset({"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref",
                         "dependentSchemas", "unevaluatedProperties", "unevaluatedItems"})


class Check:
    """One validator of a unit, compiled with jsonschema on first use; `key` names it among the
    validators of its schema, in the cache of verdicts."""

    __slots__ = ("key", "_node", "_defs", "_validator")

    def __init__(self, key: str, node: dict, defs: dict):
        self.key = key
        self._node, self._defs = node, defs
        self._validator = None

    @property
    def validator(self):
        if self._validator is None:
            from jsonschema import Draft202012Validator

            self._validator = Draft202012Validator(_inlined({**self._node, "$defs": self._defs}, self._defs))
        return self._validator


@dataclass
class Unit:
    """How one kind of value is validated: `check` (for a dispatching block, the one for a type
    that selects no family), `by_type` (type -> check of the base and its family), and `parts`
    (property -> the Unit of that array's items, which `check` leaves out)."""

    check: Check
    by_type: dict = field(default_factory=dict)
    parts: dict = field(default_factory=dict)

    def check_for(self, value) -> Check:
        if self.by_type and isinstance(value, dict):
            kind = value.get("type")
            if isinstance(kind, str):
                return self.by_type.get(kind, self.check)
        return self.check

    def validator_for(self, value):
        return self.check_for(value).validator

    def shape_value(self, value):
        """`value` with each split array replaced by as many nulls: the parent's validator
        sees only that array's type and length."""
        if not self.parts or not isinstance(value, dict):
            return value
        shaped = dict(value)  # (a copy at C speed; each split array is replaced in place, order kept)
        for key in self.parts:
            if isinstance(value.get(key), list):
                shaped[key] = [None] * len(value[key])
        return shaped


@dataclass
class SchemaUnits:
    root: Unit
    shapes: object  # shapes.Shapes of the whole schema
    cache_name: str  # the file of its verdicts in flowlint's cache


@lru_cache(maxsize=None)
def units_of(name: str) -> SchemaUnits:
    """The units of the schema file `name`, made once per process (their validators compiled
    only when a verdict is not in the cache)."""
    from flowlint.knowledge import schemas_dir
    from flowlint.shapes import Shapes

    raw = (schemas_dir() / name).read_bytes()
    schema = json.loads(raw)
    defs = schema.get("$defs", {})

    def build(node: dict, expanding: tuple, key: str) -> Unit:
        families = _families(node)
        if families is not None:
            base = {k: value for k, value in node.items() if k != "allOf"}
            by_type = {kind: Check(f"{key}#{kind}", {"allOf": [base, *thens]}, defs) for kind, thens in families.items()}
            return Unit(Check(key, base, defs), by_type)
        parts, properties = {}, dict(node.get("properties", {}))
        if not set(node) & COMBINATORS:
            for prop, array in node.get("properties", {}).items():
                target = _split_target(array, defs)
                if target is not None and target not in expanding:
                    parts[prop] = build(defs[target], expanding + (target,), f"{key}/{prop}")
                    properties[prop] = {**array, "items": True}
        residual = {**node, "properties": properties} if properties else node
        return Unit(Check(key, residual, defs), parts=parts)

    root = build({k: v for k, v in schema.items() if k != "$defs"}, (), "")
    return SchemaUnits(root, Shapes(schema), f"fl003-verdicts-{_fingerprint(raw)}.json")


def _fingerprint(schema: bytes) -> str:
    """A hash of the schema and of the code whose verdicts on it are cached (this module, shapes)."""
    import hashlib

    digest = hashlib.sha256(schema)
    for module in ("schema_units.py", "shapes.py"):
        digest.update(Path(__file__).with_name(module).read_bytes())
    return digest.hexdigest()[:32]


def _split_target(array, defs: dict) -> Optional[str]:
    """The `$defs` name an array property's items refer to, when that is all it says of them."""
    if not isinstance(array, dict) or set(array) - SPLIT_ARRAY_KEYS or array.get("type") != "array":
        return None
    items = array.get("items")
    reference = items.get("$ref", "") if isinstance(items, dict) and len(items) == 1 else ""
    name = reference[len("#/$defs/"):] if reference.startswith("#/$defs/") else None
    return name if name in defs and isinstance(defs[name], dict) else None


def _families(node: dict) -> Optional[dict]:
    """{type: [then, …]} when `node` dispatches on `type` through `allOf` of if/then, else None."""
    entries = node.get("allOf")
    if not isinstance(entries, list) or not entries:
        return None
    families: dict = {}
    for entry in entries:
        condition = entry.get("if", {}) if isinstance(entry, dict) else {}
        tested = condition.get("properties", {}) if isinstance(condition, dict) else {}
        type_test = tested.get("type", {}) if isinstance(tested, dict) else {}
        names = type_test.get("enum") or ([type_test["const"]] if "const" in type_test else None)
        if set(entry) != {"if", "then"} or set(condition) != {"properties", "required"} \
                or condition["required"] != ["type"] or set(tested) != {"type"} or not names:
            return None  # (without `required: ["type"]` the `if` would hold for a block with no type)
        for kind in names:
            families.setdefault(kind, []).append(entry["then"])
    return families


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


# Characters of shapes in one cache file, which every run reads: past it, the file keeps only the
# verdicts this process worked out.
MAX_CACHED_CHARACTERS = 4_000_000


def schema_errors(name: str, data, limit: int, cache: bool = True) -> tuple:
    """(errors, total): `errors` are (path, jsonschema error) in path order, the first `limit` of
    them exactly (perhaps a few more after those); `total` counts them all. `cache`: verdicts of
    shapes are read from and added to flowlint's cache."""
    compiled = units_of(name)
    shapes = compiled.shapes if compiled.shapes.sound else None
    verdicts = _stored_verdicts(compiled.cache_name) if cache and shapes is not None else {}
    learned = []  # (check key, shape) of verdicts not in the cache
    failing = []  # (path, validator, value)
    total = 0

    def check(unit: Unit, values, path: list, key=None) -> None:
        """Count the errors of each of `values` (the items of `key` under `path`, else the value at
        `path` alone); note each one that has any as failing."""
        nonlocal total
        of = shapes.of if shapes is not None else None
        check_for, reshape = unit.check_for, unit.shape_value if unit.parts else None
        for index, value in enumerate(values):
            checked = check_for(value)
            if of is None:
                count = sum(1 for _ in checked.validator.iter_errors(value))
            else:
                known = verdicts.get(checked.key)
                if known is None:
                    known = verdicts[checked.key] = {}
                shape = of(value if reshape is None else reshape(value))
                count = known.get(shape)
                if count is None:
                    count = known[shape] = sum(1 for _ in checked.validator.iter_errors(value))
                    learned.append((checked.key, shape))
            if count:
                total += count
                failing.append((path if key is None else path + [key, index], checked.validator, value))

    def visit(unit: Unit, value, path: list) -> None:
        check(unit, (value,), path)
        if unit.parts and isinstance(value, dict):
            for key, part in unit.parts.items():
                items = value.get(key)
                items = items if isinstance(items, list) else ()
                if part.parts:
                    for index, item in enumerate(items):
                        visit(part, item, path + [key, index])
                else:  # a leaf: one loop, and a path only for a value that fails
                    check(part, items, path, key)

    visit(compiled.root, data, [])
    if learned and cache:
        _store_verdicts(compiled.cache_name, verdicts, learned)
    failing.sort(key=lambda entry: _order(entry[0]))
    errors = []  # (order, path, error)
    for path, validator, value in failing:
        # Every error of this unit and the ones after it sorts after `path`: once `limit` errors
        # sort before it, the first `limit` are known (a group's own errors may sort after its blocks').
        bound = _order(path)
        if sum(1 for order, _, _ in errors if order < bound) >= limit:
            break
        for error in validator.iter_errors(value):
            where = path + list(error.absolute_path)
            errors.append((_order(where), where, error))
    errors.sort(key=lambda entry: entry[0])
    return [(where, error) for _, where, error in errors], total


_read: dict = {}  # (cache directory, file name) -> {check key: {shape: number of errors}}, this process


def _stored_verdicts(cache_name: str) -> dict:
    """The verdicts in the cache (read once a process; entries of any other form dropped), which
    the caller adds to; a fresh {} when the cache is off."""
    from flowlint import cache

    if cache.disabled_by_environment():
        return {}
    where = (str(cache.directory()), cache_name)
    if where not in _read:
        stored = cache.load(cache_name)
        _read[where] = {key: {shape: count for shape, count in known.items() if isinstance(count, int)}
                        for key, known in stored.items() if isinstance(known, dict)}
    return _read[where]


def _store_verdicts(cache_name: str, verdicts: dict, learned: list) -> None:
    from flowlint import cache

    if cache.disabled_by_environment():
        return
    if sum(len(shape) for known in verdicts.values() for shape in known) > MAX_CACHED_CHARACTERS:
        kept: dict = {}
        for key, shape in learned:
            kept.setdefault(key, {})[shape] = verdicts[key][shape]
        verdicts.clear()
        verdicts.update(kept)
    cache.save(cache_name, verdicts)


def _order(path: list) -> list:
    return [str(p).zfill(9) if isinstance(p, int) else p for p in path]

"""Shapes: values of one shape get one verdict, which lets FL003 ask jsonschema once per shape."""
import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import CORPUS, needs_shared
from flowlint.knowledge import load_schema
from flowlint.schema_units import units_of
from flowlint.shapes import Shapes

SCHEMA = {
    "type": "object",
    "required": ["kind"],
    "properties": {
        "kind": {"enum": ["a", "b"]},
        "percent": {"type": "integer", "minimum": 0, "maximum": 100},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    },
    "additionalProperties": {"type": ["string", "number"]},
}


def test_unnamed_strings_collapse_and_named_ones_stay():
    shapes = Shapes(SCHEMA)
    assert shapes.sound
    assert shapes.of({"kind": "a", "note": "hello"}) == shapes.of({"kind": "a", "other": "bye"})
    assert shapes.of({"kind": "a"}) != shapes.of({"kind": "b"})
    assert shapes.of({"kind": "zzz"}) == shapes.of({"kind": "yyy"})  # both fail the enum alike


def test_numbers_keep_their_class_against_every_bound():
    shapes = Shapes(SCHEMA)
    assert shapes.of({"percent": 20}) == shapes.of({"percent": 99})
    assert shapes.of({"percent": 100}) != shapes.of({"percent": 99})  # on a bound
    assert shapes.of({"percent": 101}) != shapes.of({"percent": 99})  # beyond it
    assert shapes.of({"percent": 20.5}) != shapes.of({"percent": 20})  # not an integer
    assert shapes.of({"percent": 20.0}) == shapes.of({"percent": 20})  # an integer for JSON Schema
    assert shapes.of({"kind": "6.1"}) == shapes.of({"kind": "7.2"})  # digits inside strings are strings
    assert shapes.of({"percent": -3}) == shapes.of({"percent": -0.5e1}) != shapes.of({"percent": 0})
    assert shapes.of({"percent": -0.0}) == shapes.of({"percent": 0}) != shapes.of({"percent": 1})
    assert shapes.of({"percent": 1e2}) == shapes.of({"percent": 100}) != shapes.of({"percent": 1e3})
    assert shapes.of({"x": [1, 2.5, 300]}) == shapes.of({"x": [99, 0.25, 101]}) != shapes.of({"x": [0, 2.5, 300]})


def test_number_classes_name_their_side_of_each_bound():
    shapes = Shapes(SCHEMA)  # bounds 0 and 100
    assert [shapes.of([n]) for n in (-1, 0, 0.5, 100, 100.5, 1e300)] == [
        "[#i<<]", "[#i=<]", "[#f><]", "[#i>=]", "[#f>>]", "[#i>>]"]


@pytest.mark.parametrize("keyword", [
    {"pattern": "^a"}, {"minLength": 2}, {"maxLength": 2}, {"uniqueItems": True}, {"multipleOf": 2},
    {"enum": ["", "a"]}, {"const": 3}, {"enum": [{"a": 1}]}, {"propertyNames": {"enum": ["a"]}},
    {"properties": {"": {"type": "integer"}}}, {"required": [""]}, {"minimum": {"x": 1}},
    {"definitions": {"format": {"pattern": "^a"}}},  # a definition named like an annotation
    {"enum": ["a,1"]},  # a kept string that holds what reads like a number in JSON text
])
def test_a_schema_that_tests_more_than_the_shape_is_not_sound(keyword):
    assert not Shapes({"type": "object", "properties": {"x": keyword}}).sound


def test_flowlint_schemas_are_sound():
    for name in ("typebot-flow-v5.schema.json", "typebot-flow-v6.schema.json"):
        assert units_of(name).shapes.sound


# -- one shape, one verdict, on the real schema with blocks of the real corpus ----------------
def _corpus_blocks() -> list:
    blocks = []
    for path in sorted((CORPUS / "typebot").glob("*.json")):
        data = json.loads(path.read_text())
        data = data.get("typebot", data)
        if data.get("version") in ("6", "6.1"):
            blocks += [b for g in data["groups"] for b in g["blocks"]]
    return blocks


BLOCKS = _corpus_blocks()
VALUES = st.sampled_from(["", "x", "y", "Jump", "text", "choice input", "a", "b", 0, 1, 1.5, -1, 50, 100, 101,
                          None, True, [], {}, ["x"], {"x": 1}])


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


def _mutated(block, choices: list):
    """`block` with values (or keys) replaced at the paths `choices` pick."""
    block = copy.deepcopy(block)
    for pick, value, rename in choices:
        paths = [p for p in _paths(block) if p]
        path = paths[pick % len(paths)]
        parent = block
        for step in path[:-1]:
            parent = parent[step]
        if rename and isinstance(parent, dict):
            parent[str(value)] = parent.pop(path[-1])
        else:
            parent[path[-1]] = copy.deepcopy(value)  # the pool's lists and dicts are shared
    return block


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(BLOCKS) - 1),
                          st.lists(st.tuples(st.integers(0, 10**6), VALUES, st.booleans()), max_size=3)),
                min_size=8, max_size=8))
@needs_shared
def test_values_of_one_shape_get_one_verdict(picks):
    unit = units_of("typebot-flow-v6.schema.json").root.parts["groups"].parts["blocks"]
    shapes = units_of("typebot-flow-v6.schema.json").shapes
    verdicts: dict = {}
    for index, choices in picks:
        for block in (BLOCKS[index], _mutated(BLOCKS[index], choices)):
            validator = unit.validator_for(block)
            count = sum(1 for _ in validator.iter_errors(block))
            assert verdicts.setdefault((id(validator), shapes.of(block)), count) == count


def test_blocks_split_from_groups_keep_the_whole_schema_verdict():
    schema = load_schema("typebot-flow-v6.schema.json")
    whole = Draft202012Validator({**schema["$defs"]["block"], "$defs": schema["$defs"]})
    unit = units_of("typebot-flow-v6.schema.json").root.parts["groups"].parts["blocks"]
    for block in BLOCKS:
        assert whole.is_valid(block) == unit.validator_for(block).is_valid(block)

"""FL003 validates a flow in units (groups, blocks by the family their type selects, edges…),
each once per shape; that must give exactly the errors of validating the whole schema, on real
flows and on broken variants of them."""
import copy
import json
import random

import pytest
from jsonschema import Draft202012Validator

from conftest import CORPUS
from flowlint.knowledge import load_schema
from flowlint.rules.fl003_schema_violation import schema_for
from flowlint.schema_units import schema_errors

FLOWS = sorted((CORPUS / "typebot").glob("*.json"))


@pytest.mark.parametrize("path", FLOWS, ids=lambda p: p.name)
def test_dispatch_matches_whole_schema(path):
    rng = random.Random(path.name)
    original = json.loads(path.read_text())
    original = original.get("typebot", original)
    name = schema_for(original.get("version"))
    whole = Draft202012Validator(load_schema(name))
    broken_variants = 0
    for _ in range(12):
        flow = copy.deepcopy(original)
        block = rng.choice([b for g in flow["groups"] for b in g["blocks"]])
        block[rng.choice(list(block))] = rng.choice([5, None, [], {}, "x", "Jump", "Condition", "choice input"])
        errors, total = schema_errors(name, flow, limit=10**6)
        ours = sorted((tuple(map(str, p)), e.message) for p, e in errors)
        reference = sorted((tuple(map(str, e.absolute_path)), e.message) for e in whole.iter_errors(flow))
        assert ours == reference
        assert total == len(reference)
        broken_variants += bool(reference)
    assert broken_variants  # the mutations did break something


def test_the_errors_shown_are_the_first_ones_even_when_a_group_sorts_after_its_blocks():
    flow = {"version": "6", "events": [{"id": "e", "type": "start", "graphCoordinates": {"x": 0, "y": 0}}],
            "edges": [{"id": 5, "from": {"blockId": "b"}, "to": {"groupId": "g"}} for _ in range(49)],
            "groups": [{"id": "g", "title": 1, "blocks": [{"id": 2, "type": "text"}]}], "variables": []}
    name = "typebot-flow-v6.schema.json"
    errors, total = schema_errors(name, flow, limit=50)
    reference = sorted(Draft202012Validator(load_schema(name)).iter_errors(flow),
                       key=lambda e: [str(p).zfill(9) if isinstance(p, int) else p for p in e.absolute_path])
    assert total == len(reference) == 51
    assert [list(e.absolute_path) for e in reference[:50]] == [path for path, _ in errors[:50]]
    assert errors[49][0] == ["groups", 0, "blocks", 0, "id"]


def test_a_type_test_without_required_type_is_not_taken_for_a_dispatch():
    """Such an `if` also holds for a block with no `type`: validating by family would skip it."""
    from flowlint.schema_units import _families

    then = {"required": ["x"]}
    assert _families({"allOf": [{"if": {"properties": {"type": {"const": "t"}}}, "then": then}]}) is None
    assert _families({"allOf": [{"if": {"properties": {"type": {"const": "t"}}, "required": ["type", "id"]},
                                 "then": then}]}) is None
    assert _families({"allOf": [{"if": {"properties": {"type": {"const": "t"}}, "required": ["type"]},
                                 "then": then}]}) == {"t": [then]}

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

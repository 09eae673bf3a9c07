"""FL003 validates each block against the one family its type selects; that must give exactly
the errors of validating the whole schema, on real flows and on broken variants of them."""
import copy
import json
import random

import pytest
from jsonschema import Draft202012Validator

from conftest import CORPUS
from flowlint.knowledge import load_schema
from flowlint.model.flow import build_flow
from flowlint.rules.fl003_schema_violation import _path, schema_errors, schema_for

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
        model = build_flow(flow)
        ours = sorted((tuple(map(str, p)), e.message) for p, e in
                      schema_errors(name, flow, [(_path(model, b.pointer), b.data) for b in model.blocks()]))
        reference = sorted((tuple(map(str, e.absolute_path)), e.message) for e in whole.iter_errors(flow))
        assert ours == reference
        broken_variants += bool(reference)
    assert broken_variants  # the mutations did break something

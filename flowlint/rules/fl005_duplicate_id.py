"""Two groups, blocks, edges, items, events or variables share an id.

## What it finds
An id used twice within one kind of flow object (two blocks with the same id, two edges...).
The later one is reported, with where the first is.

## Why it matters
Typebot looks objects up by id: edges, Jumps and `outgoingEdgeId` reach whichever comes first,
so the other one is unreachable or its links go somewhere unexpected. Copy-pasted JSON and
hand-merged exports are the usual cause.

Card items of a `cards` block are exempt (Typebot duplicates them when a card is copied, and
edges from cards name the path id); their paths are checked.

## Example
```json
"edges": [{"id": "e1", ...}, {"id": "e1", ...}]
```

## How to fix
Give the later object a fresh id (and update what refers to it), or re-export from Typebot.
"""
from flowlint.rules import ERROR, rule


def _kinds(flow):
    yield "group", flow.groups
    yield "block", list(flow.blocks())
    # Typebot's own cards template repeats the card item id; card routing uses the path ids.
    yield "item", [item for block, item in flow.items() if not (block.type == "cards" and item.path_of is None)]
    yield "edge", flow.edges
    yield "event", flow.events
    yield "variable", flow.variables


@rule("FL005", "duplicate-id", ERROR, target="flow")
def check(ctx):
    for kind, objects in _kinds(ctx.flow):
        ids = [obj.id for obj in objects if obj.id is not None]
        if len(set(ids)) == len(ids):
            continue  # the usual case, told at C speed
        first = {}
        for obj in objects:
            if obj.id is None:
                continue
            if obj.id in first:
                yield ctx.report(
                    f"{kind} id '{obj.id}' is already used by the {kind} at {first[obj.id]}",
                    pointer=obj.pointer + "/id", ids=(obj.id,),
                )
            else:
                first[obj.id] = obj.pointer

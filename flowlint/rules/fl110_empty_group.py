"""A group with no blocks.

## What it finds
A group whose `blocks` list is empty.

## Why it matters
A path that enters an empty group ends there; an empty group nobody enters is clutter. Either
way it is rarely what the author meant.

## Example
```json
{"id": "g7", "title": "Group #7", "blocks": []}
```

## How to fix
Add the blocks the group was meant to hold, or delete it (and the edges into it).
"""
from flowlint.rules import WARNING, rule


@rule("FL110", "empty-group", WARNING, target="flow")
def check(ctx):
    for group in ctx.flow.groups:
        if not group.blocks:
            yield ctx.report(f"group '{group.label}' has no blocks", pointer=group.pointer, ids=(group.id,), group_id=group.id)

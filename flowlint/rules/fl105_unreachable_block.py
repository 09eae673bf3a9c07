"""Blocks that never run although their group does: they sit after a block that never passes on.

## What it finds
Blocks in a reachable group that no path reaches: after a Jump (which never falls through),
after a logic or integration block that leaves the group through its own edge, or after a
Condition whose every branch (Else included) leaves the group.

## Why it matters
The editor shows these blocks in the group, so they look live; users never see them.

## Example
Group "Bye": text "Thanks!" -> Jump to "Menu" -> text "See you" (never sent).

## How to fix
Move the blocks before the block that leaves the group, or delete them.
"""
from flowlint.rules import WARNING, rule


@rule("FL105", "unreachable-block", WARNING, target="flow")
def check(ctx):
    graph = ctx.graph
    if graph.start is None:
        return
    reachable = graph.reachable
    for group in ctx.flow.groups:
        if len(graph.nodes_of(group)) == 1:
            continue  # one run: its blocks all run, or none does (unreachable-group says that)
        live = [graph.node_of[b.pointer] in reachable for b in group.blocks]
        if not any(live):
            continue  # the whole group is unreachable: unreachable-group says it
        for index, block in enumerate(group.blocks):
            if not live[index] and (index == 0 or live[index - 1]):
                dead = sum(1 for flag in live[index:] if not flag)
                cause = group.blocks[index - 1] if index else None
                after = f" after the {cause.type} block" if cause else ""
                yield ctx.report(
                    f"{dead} block{'s' if dead != 1 else ''} in group '{group.label}'{after} never run{'s' if dead == 1 else ''}",
                    pointer=block.pointer, ids=(group.id, block.id), group_id=group.id)

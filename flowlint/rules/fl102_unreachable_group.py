"""A group that no path from the start (or another event) reaches.

## What it finds
A group none of whose blocks can run: no edge, Jump or Typebot link leads into it from the
start event/block or from a command/reply event.

## Why it matters
Dead groups are usually a broken connection: a branch someone meant to wire up and did not, so
users never see that part of the conversation.

## Example
A group "Pricing" with no incoming edge.

## How to fix
Connect the group (an edge or a Jump), or delete it if it is left over.
"""
from flowlint.graph import JUMP
from flowlint.rules import WARNING, rule


@rule("FL102", "unreachable-group", WARNING, target="flow")
def check(ctx):
    graph, flow = ctx.graph, ctx.flow
    if graph.start is None:
        return
    reachable = graph.reachable
    for group in flow.groups:
        nodes = graph.nodes_of(group)
        if not any(node in reachable for node in nodes):
            yield ctx.report(f"group '{group.label}' is never reached: {_why(graph, flow, group, nodes)}",
                             pointer=group.pointer, ids=(group.id,), group_id=group.id)


def _why(graph, flow, group, nodes) -> str:
    entering = []
    for node in nodes:
        for source in graph.g.predecessors(node):
            source_group = graph.g.nodes[source].get("group")
            if source_group is not None and source_group is not group and source_group.label not in entering:
                entering.append(source_group.label)
    if entering:
        return "it is only entered from groups that never run (" + ", ".join(repr(g) for g in entering) + ")"
    broken = [b for b in flow.blocks() if b.type == JUMP and b.options.get("groupId") == group.id]
    if broken:
        return f"its only entry, the Jump in '{broken[0].group.label}', targets a block that is no longer in it"
    if any(edge.to_group == group.id for edge in flow.edges):
        return "the edges into it are used by no block, item or event"
    return "no edge, Jump or link leads into it"

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
    jumps_into, edges_into = {}, set()  # built once: the explanation stays linear in the flow size
    for block in flow.blocks():
        target = block.options.get("groupId") if block.type == JUMP else None
        if isinstance(target, str):
            jumps_into.setdefault(target, block)
    edges_into.update(edge.to_group for edge in flow.edges)
    for group in flow.groups:
        nodes = graph.nodes_of(group)
        if not any(node in reachable for node in nodes):
            why = _why(graph, group, nodes, jumps_into.get(group.id), group.id in edges_into)
            yield ctx.report(f"group '{group.label}' is never reached: {why}",
                             pointer=group.pointer, ids=(group.id,), group_id=group.id)


def _why(graph, group, nodes, broken_jump, has_edges) -> str:
    entering = []
    for node in nodes:
        for source in graph.g.predecessors(node):
            source_group = graph.g.nodes[source].get("group")
            if source_group is not None and source_group is not group and source_group.label not in entering:
                entering.append(source_group.label)
    if entering:
        return "it is only entered from groups that never run (" + ", ".join(repr(g) for g in entering[:5]) + \
            (", …)" if len(entering) > 5 else ")")
    if broken_jump is not None:
        return f"its only entry, the Jump in '{broken_jump.group.label}', targets a block that is no longer in it"
    if has_edges:
        return "the edges into it are used by no block, item or event"
    return "no edge, Jump or link leads into it"

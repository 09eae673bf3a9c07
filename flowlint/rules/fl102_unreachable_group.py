"""A group that no path from the start (or another event) reaches.

## What it finds
A group none of whose blocks can run: no edge, Jump or Typebot link leads into it from the
start event/block or from a command/reply event. The first group of an unreachable chain (one
that no other unreachable group leads into) carries its witness: the way the engine would take
from it, had it run, to an end or round a loop — what the users never see.

## Why it matters
Dead groups are usually a broken connection: a branch someone meant to wire up and did not, so
users never see that part of the conversation.

## Example
A group "Pricing" with no incoming edge.

## How to fix
Connect the group (an edge or a Jump), or delete it if it is left over.
"""
from flowlint.graph import JUMP
from flowlint.paths import end_or_loop_witness
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
            entering = _entering(graph, group, nodes)
            why = _why(entering, jumps_into.get(group.id), group.id in edges_into)
            head = None if entering else end_or_loop_witness(graph, nodes[:1])  # the first group of its chain
            yield ctx.report(f"group '{group.label}' is never reached: {why}",
                             pointer=group.pointer, ids=(group.id,), group_id=group.id, witness=head)


def _entering(graph, group, nodes) -> list:
    """Titles of the other groups whose blocks lead into this one (all unreachable too)."""
    entering = []
    for node in nodes:
        for source in graph.g.predecessors(node):
            source_group = graph.g.nodes[source].get("group")
            if source_group is not None and source_group is not group and source_group.label not in entering:
                entering.append(source_group.label)
    return entering


def _why(entering, broken_jump, has_edges) -> str:
    if entering:
        return "it is only entered from groups that never run (" + ", ".join(repr(g) for g in entering[:5]) + \
            (", …)" if len(entering) > 5 else ")")
    if broken_jump is not None:
        return f"its only entry, the Jump in '{broken_jump.group.label}', targets a block that is no longer in it"
    if has_edges:
        return "the edges into it are used by no block, item or event"
    return "no edge, Jump or link leads into it"

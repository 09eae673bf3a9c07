"""A reachable cycle with no input or pause block: the bot talks to itself forever.

## What it finds
A loop of groups (edges, Jumps, links) that some path enters and in which no block waits for the
user (no input block, no pausing Wait, no webhook listener) and no Condition or AB test offers a
way out of it. The finding carries its witness: the shortest way from the start (or the event
that enters it) into the loop, and once round it.

## Why it matters
Typebot's engine runs such a loop until its chat timeout, sending the same bubbles again and
again; on WhatsApp the user is flooded and EvolutionAPI may be rate-limited or banned.

## Example
Group A (a text bubble) -> Group B (a text bubble) -> Jump to A.

## How to fix
Put an input block in the loop (ask something), or give it a Condition that leaves the loop.
"""
from flowlint.graph import AB_TEST, CONDITION
from flowlint.paths import loop_witness, search
from flowlint.rules import ERROR, rule


def _has_exit(graph, component: set) -> bool:
    for node in component:
        run = graph.g.nodes[node].get("blocks")
        if run and run[-1].type in (CONDITION, AB_TEST):
            if any(target not in component for target in graph.g.successors(node)):
                return True
    return False


def _spinning_loops(graph):
    """Cycles among reachable nodes that do not wait: the strongly connected components of the
    graph's reachable, non-waiting part (every path between two nodes of one component of it stays
    in one component of the whole graph, so these are the cycles the whole graph has there)."""
    import networkx as nx

    g, nodes, reachable = graph.g, graph.g.nodes, graph.reachable
    inner = nx.DiGraph(g.subgraph([n for n in g if n in reachable and not nodes[n].get("waits")]))
    for loop in nx.strongly_connected_components(inner):
        if len(loop) > 1 or any(inner.has_edge(n, n) for n in loop):
            yield loop


@rule("FL104", "loop-without-input", ERROR, target="flow")
def check(ctx):
    graph, walked = ctx.graph, None
    for component in _spinning_loops(graph):
        if _has_exit(graph, component):
            continue
        if walked is None:  # one walk from the entries serves every loop of the flow
            walked = search(graph, [(entry, None) for entry in graph.entries])
        blocks = graph.blocks(component)
        groups = []
        for block in blocks:
            if block.group.label not in groups:
                groups.append(block.group.label)
        first = blocks[0] if blocks else None
        yield ctx.report(
            f"these groups loop with no block that waits for the user: {', '.join(repr(g) for g in groups)}",
            pointer=first.group.pointer if first else ctx.flow.base,
            ids=tuple(b.group.id for b in blocks), group_id=first.group.id if first else None,
            witness=loop_witness(graph, component, walked),
        )

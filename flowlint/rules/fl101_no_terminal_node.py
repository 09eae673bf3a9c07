"""No path from the start ever ends: the flow has no reachable terminal node.

## What it finds
A flow in which every path from the start runs forever: each one loops back (through edges or
Jumps) without ever reaching a block where the conversation completes. The finding carries its
witness: the shortest way from the start into a loop, and once round it.

## Why it matters
A conversation that cannot complete never hands over: results are never marked complete, a
WhatsApp session is never released, and a bug in the loop keeps the user trapped.

A menu that always waits for the user and always loops back is a deliberate design on some
bots; then ignore this rule for that flow (`per-file-ignores`).

## Example
Start -> "Menu" (buttons) -> each button Jumps back to "Menu", with no way out.

## How to fix
Give at least one path an end: a group whose last block has no outgoing edge (for example a
goodbye message), or an explicit hand-off such as EvolutionAPI's change-status call.
"""
from flowlint.graph import END
from flowlint.paths import end_or_loop_witness
from flowlint.rules import WARNING, rule


@rule("FL101", "no-terminal-node", WARNING, target="flow")
def check(ctx):
    graph = ctx.graph
    if graph.start is None or ctx.flow.start_edge_id is None:
        return  # missing-start says it
    if END not in graph.reachable_from_start():
        yield ctx.report("no path from the start ever ends: every path loops forever", pointer=ctx.flow.start_pointer,
                         witness=end_or_loop_witness(graph, [graph.start]))

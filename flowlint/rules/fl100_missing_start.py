"""No start event or start block, or the start leads nowhere.

## What it finds
A flow without its entry point (v6: an `events` entry of type `start`; up to v5: a block of type
`start`), or whose start has no outgoing edge, or an edge that goes nowhere.

## Why it matters
Typebot's engine follows the start's edge and nothing else: without it, no message is ever
sent. On WhatsApp the user writes and the bot stays silent.

## Example
```json
"events": [{"id": "start", "type": "start", "graphCoordinates": {"x": 0, "y": 0}}]
```

## How to fix
In the Typebot editor, connect the Start node to the first group, then re-export.
"""
from flowlint.graph import END
from flowlint.rules import ERROR, rule


@rule("FL100", "missing-start", ERROR, target="flow")
def check(ctx):
    flow = ctx.flow
    start = flow.start_event or flow.start_block
    if start is None:
        what = "start event (events[0] of type 'start')" if flow.version in ("6", "6.1") else "start block or start event"
        yield ctx.report(f"the flow has no {what}: nothing ever runs", pointer=flow.base + ("/events" if flow.events else ""))
        return
    if start.outgoing_edge_id is None:
        yield ctx.report("the start is not connected to any group: nothing ever runs", pointer=start.pointer)
        return
    if ctx.graph.g.has_edge(ctx.graph.start, END):
        yield ctx.report(f"the start's edge '{start.outgoing_edge_id}' leads to no existing group: nothing ever runs",
                         pointer=start.pointer + "/outgoingEdgeId")

"""An edge that no block, item, card path or event uses.

## What it finds
An entry in `edges` whose id no `outgoingEdgeId` names.

## Why it matters
Typebot only follows an edge through its source's `outgoingEdgeId`: an orphan edge is a
connection you can see in the JSON (and in some diagram tools) that never carries anyone. It is
usually left over from a hand edit or a merge, and the path it was meant for is not connected.

## Example
```json
"edges": [{"id": "e9", "from": {"blockId": "b1"}, "to": {"groupId": "g2"}}]
```
while block `b1` has no `"outgoingEdgeId": "e9"`.

## How to fix
Reconnect the source in the editor (so it names the edge), or delete the edge.
"""
from flowlint.rules import WARNING, rule


@rule("FL106", "orphan-edge", WARNING, target="flow")
def check(ctx):
    flow = ctx.flow
    used = {e.outgoing_edge_id for e in flow.events}
    for block in flow.blocks():
        used.add(block.outgoing_edge_id)
        if block.items:
            used.update(item.outgoing_edge_id for item in block.items)
    for edge in flow.edges:
        if edge.id is not None and edge.id not in used:
            source = edge.from_block or edge.from_event
            gone = source is not None and source not in flow.blocks_by_id and all(e.id != source for e in flow.events)
            why = f": its source '{source}' does not exist" if gone else ""
            yield ctx.report(f"edge '{edge.id}' is not used by any block, item or event{why}", pointer=edge.pointer, ids=(edge.id,))

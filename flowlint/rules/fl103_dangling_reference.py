"""An edge, outgoingEdgeId, Jump or Typebot-link target that does not exist.

## What it finds
- an `outgoingEdgeId` (on a block, item, card path or event) naming no edge;
- an edge whose `to.groupId` names no group, or whose `to.blockId` is not in that group;
- a Jump whose group is gone, or whose block is no longer in its group (typebot.io #2198);
- a Typebot link into this bot (`typebotId: "current"`), or into another flow linted in the same
  run (matched by its id or publicId), naming a group that is gone.

## Why it matters
The engine stops the path where a reference breaks, without an error the user sees: the
conversation just ends, and on EvolutionAPI the next message restarts the flow.

## Example
```json
{"id": "b1", "type": "Jump", "options": {"groupId": "g2", "blockId": "deleted-block"}}
```

## How to fix
Reconnect the edge or re-select the Jump/link target in the Typebot editor, then re-export.
"""
from flowlint.graph import JUMP, LINK, is_template
from flowlint.rules import ERROR, rule


def _sources(flow) -> list:
    """Events, blocks and items: whatever has an outgoingEdgeId."""
    return [*flow.events, *flow.blocks(), *(item for block in flow.blocks() if block.items for item in block.items)]


def _group_target(ctx, block, label, flow=None):
    """A Jump's or link's group (and block) exist in `flow` (this one, or the linked given flow)."""
    flow, options = flow or ctx.flow, block.options
    group_id = options.get("groupId")
    if not isinstance(group_id, str) or is_template(group_id):
        return
    group = flow.groups_by_id.get(group_id)
    ids = (block.group.id, block.id)
    if group is None:
        where = "" if flow is ctx.flow else f" in the linked flow '{flow.name or flow.id}'"
        yield ctx.report(f"{label} targets group '{group_id}', which does not exist{where}",
                         pointer=block.pointer + "/options/groupId", ids=ids, group_id=block.group.id)
        return
    block_id = options.get("blockId")
    if block.type == JUMP and isinstance(block_id, str) and not any(b.id == block_id for b in group.blocks):
        yield ctx.report(
            f"Jump targets block '{block_id}', which is no longer in group '{group.label}': "
            "the session silently ends here (typebot.io #2198)",
            pointer=block.pointer + "/options/blockId", ids=ids, group_id=block.group.id)


@rule("FL103", "dangling-reference", ERROR, target="flow")
def check(ctx):
    flow = ctx.flow
    edges = flow.edges_by_id
    for source in [s for s in _sources(flow) if s.outgoing_edge_id and s.outgoing_edge_id not in edges]:
        group = getattr(source, "group", None)
        yield ctx.report(f"outgoingEdgeId '{source.outgoing_edge_id}' names no edge: the path stops here",
                         pointer=source.pointer + "/outgoingEdgeId", ids=(source.id,),
                         group_id=group.id if group else None)
    for edge in flow.edges:
        group = flow.groups_by_id.get(edge.to_group) if edge.to_group else None
        if group is None:
            yield ctx.report(f"edge {edge.label} points to group '{edge.to_group}', which does not exist",
                             pointer=edge.pointer + "/to/groupId", ids=(edge.id,))
        elif edge.to_block and not any(b.id == edge.to_block for b in group.blocks):
            yield ctx.report(f"edge {edge.label} enters group '{group.label}' at block '{edge.to_block}', which is not in it",
                             pointer=edge.pointer + "/to/blockId", ids=(edge.id,))
    for block in flow.blocks():
        if block.type == JUMP:
            yield from _group_target(ctx, block, "Jump")
        elif block.type == LINK and block.link_target and block.link_target in ("current", flow.id):
            yield from _group_target(ctx, block, "Typebot link")
        elif block.type == LINK and block.link_target in ctx.project.flows_by_id:
            linked = ctx.project.flows_by_id[block.link_target].flow
            yield from _group_target(ctx, block, "Typebot link", linked)

"""A Condition branch with no outgoing edge: when it matches, the path stops right there.

## What it finds
An item (a branch) of a `Condition` block that has no `outgoingEdgeId` although it can match
(its comparisons name a variable and an operator), in a block where a condition that does not
match goes on: through the Else edge (the block's own `outgoingEdgeId`), or, without one, to
the next block of the group. AB test and choice items are not reported: an AB test branch or a
button without an edge falls through to the block's own edge or the next block.

## Why it matters
Typebot's engine (`executeConditionBlock`) takes the first branch whose comparisons hold and
follows that branch's edge; when the branch has none it returns `null`, which stops the path
at once (`walkFlowForward` leaves the group with no next edge). Neither the Else edge nor the
blocks below the Condition run, although the editor draws the block as if the flow went on.
Unless a parent bot of a Typebot link is waiting to resume, the conversation ends there. On
WhatsApp through EvolutionAPI the reply then carries no input, so EvolutionAPI ends its session
as at any end of the flow: it deletes it, and the user's next message starts the flow over
(evolution-api #273), or with keep-open on 2.x marks it `closed`, and the contact is ignored
from then on (evolution-api #1003).

## Example
```json
{"id": "c1", "type": "Condition", "outgoingEdgeId": "to-else",
 "items": [{"id": "is-vip", "content": {"comparisons": [
   {"id": "k1", "variableId": "v-plan", "comparisonOperator": "Equal to", "value": "vip"}]}}]}
```
A VIP user stops here; everyone else goes on through `to-else`.

## How to fix
Connect the branch to the group it should lead to. To continue with the next block, move the
blocks after the Condition into a group of their own and connect both the branch and the Else
to it.
"""
from flowlint.graph import CONDITION
from flowlint.rules import WARNING, rule


def can_match(item_data: dict) -> bool:
    """Whether Typebot's executeCondition can ever hold for this branch: no content, no
    comparisons, or comparisons missing a variable or an operator never match."""
    content = item_data.get("content")
    if not isinstance(content, dict):
        return False
    comparisons = content.get("comparisons")
    if not isinstance(comparisons, list) or not comparisons:
        return False
    complete = [isinstance(c, dict) and bool(c.get("variableId")) and bool(c.get("comparisonOperator"))
                for c in comparisons]
    operator = content.get("logicalOperator")
    return all(complete) if operator in (None, "AND") else any(complete)


def _instead(block) -> str:
    """Where the path goes on when no branch of `block` matches ('' when it ends there too)."""
    if block.outgoing_edge_id:
        return "the Else edge"
    if block.next_in_group is not None:
        return f"the next block in group '{block.group.label}'"
    return ""


@rule("FL111", "condition-without-edge", WARNING, target="flow")
def check(ctx):
    for block in ctx.flow.blocks():
        if block.type != CONDITION or not block.items:
            continue
        instead = _instead(block)
        if not instead:
            continue  # last block and no Else: stopping here is what no match does too
        for number, item in enumerate(block.items, start=1):
            if item.outgoing_edge_id or not can_match(item.data):
                continue
            label = f" ({item.label})" if item.label else ""
            yield ctx.report(
                f"condition {number}{label} of this Condition block has no outgoing edge: when it matches, "
                f"Typebot stops the path here instead of going on to {instead} as when nothing matches; "
                "on WhatsApp via EvolutionAPI the session then ends",
                pointer=item.pointer, ids=(block.group.id, block.id, item.id), group_id=block.group.id)

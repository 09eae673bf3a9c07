"""A reachable end of the flow where EvolutionAPI closes the session: the next message restarts the flow.

## What it finds
Each group where a path from the start ends (nothing left to run, nothing awaiting the user)
when the EvolutionAPI config closes the Typebot session at the end of a flow — 1.6.1 to 1.8.x
without `TYPEBOT_KEEP_OPEN=true`; 2.x with the per-bot `keepOpen` false (EvolutionAPI's default)
— and no change-status call that keeps the session (`status: "paused"`; on 2.x also `closed`
when the instance settings have `keepOpen: true`) runs on that path. The message says what was
assumed. Without any EvolutionAPI config this rule stays quiet.

## Why it matters
This is the classic WhatsApp restart loop (evolution-api #273, #518, #579): the flow says
goodbye, EvolutionAPI deletes the session, the user answers "thanks", and the bot greets them
from the start again — every time.

## Example
A flow whose "Bye" group ends with a text bubble, deployed on `atendai/evolution-api:v1.7.4`
with no `TYPEBOT_KEEP_OPEN`.

## How to fix
Set `TYPEBOT_KEEP_OPEN=true` (1.x), or `keepOpen: true` on the bot (2.x, and plan a
`status: "delete"` for later), or end the path with an HTTP request block:
`POST {serverUrl}/typebot/changeStatus/{{instanceName}}` with body
`{"remoteJid": "{{remoteJid}}", "status": "paused"}`.
"""
from flowlint.model.session import end_policy
from flowlint.rules import ERROR, rule


def keeping_calls(document, statuses) -> list:
    nodes = []
    for request in document.requests:
        status = request.body.get("status") if isinstance(request.body, dict) else None
        if request.endpoint == "changeStatus" and request.custom_body and status in statuses:
            nodes.append(request.block.pointer)  # a block pointer; the graph maps it to its run
    return nodes


@rule("FL400", "restart-loop", ERROR, target="flow")
def check(ctx):
    config = ctx.evolution
    if config is None or not config.describes_server:
        return
    policy = end_policy(config, ctx.flow)
    if policy is None or not policy.closes:
        return
    graph = ctx.graph
    avoiding = {graph.node_of[p] for p in keeping_calls(ctx.document, policy.keeping_statuses)}
    reach = graph.reachable_from_start(avoiding=avoiding)
    seen = set()
    for node in graph.end_sources(reach):
        group = graph.g.nodes[node].get("group")
        if group is None or id(group) in seen:
            continue  # an event with no edge: missing-start says it
        seen.add(id(group))
        yield ctx.report(
            f"the flow ends in group '{group.label}' and {policy.why}: the user's next message restarts the flow",
            pointer=group.pointer, ids=(group.id,), group_id=group.id,
        )

"""A reachable end of the flow where EvolutionAPI closes the session: the next message restarts the flow.

## What it finds
Each group where a path from the start ends (nothing left to run, nothing awaiting the user)
when the EvolutionAPI config closes the Typebot session at the end of a flow — 1.6.1 to 1.8.x
without `TYPEBOT_KEEP_OPEN=true`; 2.x with the per-bot `keepOpen` false (EvolutionAPI's default).
A change-status call that keeps the session (`status: "paused"`; on 2.x also `closed` when the
instance settings have `keepOpen: true`) counts only when the walk, after the call, reaches a
block that waits for the user in the same turn (an input block): a path that ends after the
call still restarts, and the message says why the call did not help. On 2.x the restart needs
the next message to trigger the bot again: the message says which one does (`triggerType`
`all`, and `none` from 2.3.0: any message; `keyword`: only a matching one), or what it assumed
when no linted bot body says; a `none` bot before 2.3.0 is not restarted by a message, so the
rule stays quiet for it. Without any EvolutionAPI config this rule stays quiet.

Each finding carries its witness: the shortest way (fewest groups) from the start to that end,
with the button, condition or Jump that leads into each group, and what EvolutionAPI does next
on that version (text: a `path:` line; JSON: `witness`; SARIF: `codeFlows`).

## Why it matters
This is the classic WhatsApp restart loop (evolution-api #273, #518, #579): the flow says
goodbye, EvolutionAPI deletes the session, the user answers "thanks", and the bot greets them
from the start again — every time.

A change-status call as the flow's last step does not stop it. Typebot runs an HTTP request
block on its own server, inside the chat turn (Typebot v3.18.0
`packages/blocks/integrations/src/httpRequest/constants.ts:21`, `isExecutedOnClient: false`), so
the call has finished before EvolutionAPI receives the turn's reply. When that reply has no
input, EvolutionAPI ends the session anyway, whatever its status: 1.6.1–1.8.x emit
`typebot:end`, whose handler deletes every session of the contact unless `TYPEBOT_KEEP_OPEN`
(1.8.2 `src/api/integrations/typebot/services/typebot.service.ts:18-23, 125-150, 675-679`); 2.x
deletes the session when keepOpen is false, else sets it `closed` (2.3.6
`src/api/integrations/chatbot/typebot/services/typebot.service.ts:410-428`). Users report exactly
this: #458 (1.6.1, restarts despite a paused call), #1382 (2.2.3, "paused" for a second, then
gone). When an input follows the call, the reply carries it, nothing ends, and the next message
meets a session that is not `opened` and is ignored (1.8.2 same file `:800`).

## Example
A flow whose "Bye" group ends with a text bubble, deployed on `atendai/evolution-api:v1.7.4`
with no `TYPEBOT_KEEP_OPEN`. The same with a paused change-status call after the bubble is
still a loop.

## How to fix
Set `TYPEBOT_KEEP_OPEN=true` (1.x), or `keepOpen: true` on the bot (2.x, and plan a
`status: "delete"` for later), or pause the session and then wait for the user in the same
turn: an HTTP request block `POST {serverUrl}/typebot/changeStatus/{{instanceName}}` with body
`{"remoteJid": "{{remoteJid}}", "status": "paused"}`, followed by an input block (the contact's
answer then finds a paused session and the bot stays silent).
"""
from flowlint.diagnostics import Witness
from flowlint.graph import END, MAY_WAIT, waits_for_user
from flowlint.model.session import end_policy, next_message, version_label
from flowlint.paths import STOP, search, witness
from flowlint.rules import ERROR, rule

WHY_CALL_FAILS = ("the call does not stop it: it runs inside the chat turn, before EvolutionAPI gets the turn's reply, "
                  "and the end of the flow then ends the session anyway (evolution-api #458, #1382); wait for the "
                  "user after the call (an input block) to keep the session paused")


def keeping_calls(document, statuses) -> list:
    nodes = []
    for request in document.requests:
        status = request.body.get("status") if isinstance(request.body, dict) else None
        if request.endpoint == "changeStatus" and request.custom_body and status in statuses:
            nodes.append(request.block.pointer)
    return nodes


def _turns(graph, calls: set):
    """`advance` for the walk: the state is whether a keeping call ran in this turn; a block that
    waits for the user after one keeps the session (STOP); a wait before it starts a new turn."""
    def through(blocks, called):
        for block in blocks:
            if block.pointer in calls:
                called = True
            elif called and block.type in MAY_WAIT and waits_for_user(block):
                return STOP
        return called

    nodes = graph.g.nodes
    with_call = {graph.node_of[p] for p in calls}

    def advance(node, called):
        if node in with_call:
            return through(nodes[node]["blocks"], called)
        return STOP if called and nodes[node].get("waits") else called

    return advance


@rule("FL400", "restart-loop", ERROR, target="flow")
def check(ctx):
    config = ctx.evolution
    if config is None or not config.describes_server:
        return
    policy = end_policy(config, ctx.flow)
    if policy is None or not policy.closes:
        return
    restart = next_message(config, ctx.flow)
    if restart is None:
        return
    restart, then = restart
    outcome = f"end: {version_label(config)} deletes the session; {then}"
    graph = ctx.graph
    if graph.start is None:
        return
    calls = set(keeping_calls(ctx.document, policy.keeping_statuses))
    advance = _turns(graph, calls)
    walked = search(graph, [(graph.start, False)], advance)
    ends: dict = {}  # id(group) -> (group, the ways its end is reached)
    g = graph.g
    for node in g.predecessors(END):
        group = g.nodes[node].get("group")
        if group is None:
            continue  # an event with no edge: missing-start says it
        for entered in (False, True):
            called = advance(node, entered) if (node, entered) in walked else STOP
            if called is not STOP:
                ends.setdefault(id(group), (group, []))[1].append((called, walked.cost[node, entered], (node, entered)))
    for group, ways in ends.values():
        called, _cost, key = min(ways, key=lambda way: way[:2])  # a path with no call says the plainer thing
        if called:
            call = _last_call(graph, walked.nodes(key), calls)
            message = (f"the flow ends in group '{group.label}' after the change-status call in group "
                       f"'{call.group.label}', and {policy.why}: {restart}; {WHY_CALL_FAILS}")
        else:
            message = f"the flow ends in group '{group.label}' and {policy.why}: {restart}"
        path = Witness(witness(graph, walked.nodes(key)), outcome)
        yield ctx.report(message, pointer=group.pointer, ids=(group.id,), group_id=group.id, witness=path)


def _last_call(graph, nodes, calls):
    """The keeping call block last run on this path (the one the end overrides)."""
    found = None
    for node in nodes:
        for block in graph.g.nodes[node].get("blocks", ()):
            if block.pointer in calls:
                found = block
    return found

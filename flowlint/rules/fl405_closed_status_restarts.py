"""A change-status call with `status: "closed"` where closing deletes the session: the next message restarts the flow.

## What it finds
A call to `/typebot/changeStatus` with `status: "closed"` — in an HTTP request block of a flow, or
in a request body kept as a JSON file — on a configuration where `closed` deletes the Typebot
session:
- always on EvolutionAPI 1.x;
- on 2.x unless an instance-wide `/typebot/settings` body among the linted files sets
  `keepOpen: true` (the bot's own `keepOpen` does not count here).

Without an EvolutionAPI config that describes the server (an env file, compose file or bot
settings body) it stays quiet on 2.x: the instance settings may be set elsewhere. When the
version is not pinned, the message gives both majors' behaviour.

## Why it matters
`closed` reads like "stop the bot for this contact", and is mostly used that way — at the end of
a flow, or when a human agent takes over. But it removes the session, and the contact's next
message finds none: the trigger matches again and the flow starts from the beginning, the very
loop the call was meant to stop. On 1.x this is by design (issue #422: the maintainer answered
that `closed` ends the session, as intended; the advice there to use `paused` came from another
user); users still report it as a bug (#330, #541). On 2.x it depends on the
instance settings' `keepOpen` (#784).

## Example
```json
{"remoteJid": "{{remoteJid}}", "status": "closed"}
```
sent by the last block of a flow, on `atendai/evolution-api:v1.8.2`.

## How to fix
Use `"status": "paused"` and then wait for the user (an input block after the call, in the same
turn): the session stays, the bot stays silent for that contact until the session is reopened
(`opened`) or expires. A `paused` call as the flow's last step is overridden: the end of the
flow deletes the session anyway (issues #458, #1382; FL400). On 2.x you may instead set `keepOpen: true` in
`/typebot/settings` (then `closed` keeps a closed session, which ignores the contact until a
`delete`: see FL404).
"""
from flowlint.rules import WARNING, rule
from flowlint.knowledge.bodies import bodies, instance_keeps_open, place

RESTARTS = "the contact's next message starts the flow again"


@rule("FL405", "closed-status-restarts", WARNING, target="document")
def check(ctx):
    config = ctx.evolution
    if config is None:
        return
    for body in bodies(ctx.document, config):
        if body.endpoint != "changeStatus" or body.data.get("status") != "closed":
            continue
        read = body.reading
        if read.major == 1:
            message = (f"status 'closed' deletes the session on {read.label} (by design, issue #422): {RESTARTS}; "
                       "use 'paused', followed by an input block, to silence the bot and keep the session")
        else:
            keep = instance_keeps_open(ctx.project)
            if (keep is not None and keep[0]) or not config.describes_server:
                continue
            why = (f"the instance Typebot settings in {keep[1]} set keepOpen: false" if keep is not None else
                   "no linted /typebot/settings body sets keepOpen: true")
            if read.known:
                message = (f"status 'closed' deletes the session on {read.label}, because {why} (only the instance "
                           f"settings' keepOpen, not the bot's, makes 'closed' keep it): {RESTARTS}; use 'paused' "
                           "followed by an input block, or set keepOpen: true in /typebot/settings")
            else:
                message = (f"status 'closed' deletes the session on EvolutionAPI 1.x, and on 2.x unless the instance "
                           f"Typebot settings set keepOpen: true ({why}; no version pinned): {RESTARTS}; use 'paused' followed by an input block")
        yield ctx.report(message, **place(ctx, body.request, "status"))

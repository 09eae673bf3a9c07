"""`keepOpen: true` on EvolutionAPI 2.x with no change-status `delete` anywhere: each contact is ignored after one run.

## What it finds
A Typebot bot body (`/typebot/create`, `/typebot/update`) or instance settings body
(`/typebot/settings`) with `keepOpen: true`, kept as a JSON file or sent by an HTTP request block
of a flow, on EvolutionAPI 2.1 or later, when no change-status call with `status: "delete"`
appears in any linted flow's HTTP request blocks or in any linted body file. On 2.0.x it
reports only when `expire` is 0 (the bot's, else the instance settings'), since there a positive
`expire` still reopens the session. The message says when the version was assumed.

## Why it matters
In 2.x `keepOpen` does not keep the conversation going: when the flow ends, the session is set
to `closed`, and EvolutionAPI skips every later message from that contact to that instance — no
trigger, no fallback, no restart. From 2.1 the `expire` check is never reached for a closed
session, so it stays that way forever (issues #1003, #817); only a change-status call with
`status: "delete"` (or deleting the session in the manager) brings the bot back. The community
fix for the restart loop is keepOpen *plus* a delete call at the end of the flow (#1439, #1382);
keepOpen alone swaps one bug for the other.

## Example
```json
{"enabled": true, "url": "https://typebot.example.com", "typebot": "welcome",
 "triggerType": "all", "keepOpen": true}
```
with `evoapicloud/evolution-api:v2.3.6` and no flow that ever deletes the session.

## How to fix
Keep `keepOpen: true`, and end each flow (where the conversation should be able to start over)
with an HTTP request block `POST {serverUrl}/typebot/changeStatus/{{instanceName}}` with body
`{"remoteJid": "{{remoteJid}}", "status": "delete"}` — or have your backend send it, and lint
that body file along with the bot.
"""
from flowlint.model.session import V2
from flowlint.rules import WARNING, rule
from flowlint.knowledge.bodies import bodies, instance_setting, place, status_calls

KEEP_ENDPOINTS = frozenset({"create", "update", "settings"})
V21 = (2, 1, 0)
FIX = ('end the flow with POST /typebot/changeStatus/{instance} {"remoteJid": "{{remoteJid}}", '
       '"status": "delete"} where the conversation may start over')


def _expire(ctx, body):
    own = body.data.get("expire")
    if isinstance(own, int) and not isinstance(own, bool):
        return own
    found = instance_setting(ctx.project, "expire")
    return found[0] if found is not None and isinstance(found[0], int) and not isinstance(found[0], bool) else 0


@rule("FL404", "keep-open-without-delete", WARNING, target="document")
def check(ctx):
    if ctx.evolution is None:
        return
    deletes = None
    for body in bodies(ctx.document, ctx.evolution):
        read = body.reading
        if body.endpoint not in KEEP_ENDPOINTS or body.data.get("keepOpen") is not True or read.version < V2:
            continue
        if deletes is None:
            deletes = bool(status_calls(ctx.project, {"delete"}))
        if deletes:
            return
        whose = "for every bot that does not set its own keepOpen, " if body.endpoint == "settings" else ""
        if read.version < V21:
            if _expire(ctx, body) > 0:
                continue
            message = (f"keepOpen: true makes {read.label} mark the session 'closed' when the flow ends, {whose}and "
                       "with expire 0 nothing reopens it: every later message from that contact is ignored (on 2.0.x "
                       "a positive expire would still reopen it; from 2.1 not even that, #1003); no change-status "
                       f"call with status 'delete' is in the linted flows or bodies; {FIX}")
        else:
            message = (f"keepOpen: true makes {read.label} mark the session 'closed' when the flow ends, {whose}and "
                       "from then on every message from that contact is ignored, for good: expire does not reopen a "
                       "closed session (#1003, #817), and no change-status call with status 'delete' is in the "
                       f"linted flows or bodies; {FIX}")
        yield ctx.report(message, **place(ctx, body.request, "keepOpen"))

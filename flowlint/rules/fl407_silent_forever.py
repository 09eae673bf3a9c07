"""TYPEBOT_KEEP_OPEN=true with `expire: 0` on EvolutionAPI 1.x: after one run the bot is silent for that contact forever.

## What it finds
An EvolutionAPI config for 1.6.1 up to 1.8.x with `TYPEBOT_KEEP_OPEN=true`, together with a 1.x
Typebot settings body (the `POST /typebot/set/{instance}` body, or the stored
`store/typebot/<instance>.json` record) whose `expire` is `0` (or negative) and whose bot is not
disabled (`enabled: false`), while no linted flow or request body ever closes the session with a
change-status call (`status: "closed"`, or a status only known when the flow runs). The finding
points at the `expire` value.

## Why it matters
From 1.6.1, `TYPEBOT_KEEP_OPEN=true` stops EvolutionAPI from deleting the session when a flow
ends (the fix for the restart loop of #273): the session stays `opened` although its Typebot
chat is over. Every later message from that contact goes to the finished chat and gets no answer.
The only ways out on 1.x are `expire` — the next message after `expire` idle minutes deletes the
session and starts the flow again (it is only checked when a message arrives, #425) — a
change-status call with `status: "closed"`, which deletes it, or the contact typing the
`keyword_finish` word. `expire: 0` means never (the code checks `expire > 0`), so without a
closing call the contact talks to a silent bot for good (evolution.md §4.1, rule idea R6; the 2.x
version of this trap is #817/#1003).

## Example
```json
{"enabled": true, "url": "https://typebot.example.com", "typebot": "support",
 "expire": 0, "keyword_finish": "", "delay_message": 1000,
 "unknown_message": "", "listening_from_me": false}
```
with `TYPEBOT_KEEP_OPEN=true` on `atendai/evolution-api:v1.8.2`.

## How to fix
Give `expire` the minutes after which a quiet contact starts over (for instance `60`). If the
contact should rather start over with the very next message, end each path of the flow with an
HTTP request block `POST {serverUrl}/typebot/changeStatus/{{instanceName}}` with body
`{"remoteJid": "{{remoteJid}}", "status": "closed"}`: 1.x deletes the session, so the next message
starts the flow again (FL405 points that restart out; there it is the intent).
"""
from flowlint.jsonpos import join_pointer
from flowlint.kinds import SETTINGS
from flowlint.model.requests import BOT_SETTINGS
from flowlint.model.session import CLOSES_SINCE, V2, version_label
from flowlint.rules import WARNING, rule

KEEP_OPEN = "TYPEBOT_KEEP_OPEN"
# Statuses whose change-status call does not end a 1.x session: `paused` silences it too.
NOT_CLOSING = frozenset({"opened", "paused"})


def _closes_somewhere(ctx, config) -> bool:
    """A change-status call in a linted flow or body that deletes the session (or may: a status
    only known at run time)."""
    documents = list(ctx.project.flows) + [d for d in config.documents if d.kind == SETTINGS]
    for document in documents:
        for request in document.requests:
            if request.endpoint != "changeStatus" or not isinstance(request.body, dict):
                continue
            status = request.body.get("status")
            if not (isinstance(status, str) and status in NOT_CLOSING):
                return True
    return False


def _never_expiring(config):
    """(document, request) of every enabled bot-settings body whose `expire` is 0 or below."""
    for document in config.documents:
        if document.kind != SETTINGS:
            continue
        for request in document.requests:
            body = request.body
            if request.endpoint not in BOT_SETTINGS or not isinstance(body, dict) or body.get("enabled") is False:
                continue
            expire = body.get("expire")
            if isinstance(expire, int) and not isinstance(expire, bool) and expire <= 0:
                yield document, request


@rule("FL407", "silent-forever", WARNING, target="config")
def check(ctx):
    config = ctx.evolution
    if not CLOSES_SINCE <= config.version < V2 or config.bool_value(KEEP_OPEN) is not True:
        return
    found = list(_never_expiring(config))
    if not found or _closes_somewhere(ctx, config):
        return
    label = version_label(config)
    for document, request in found:
        keyword = request.body.get("keyword_finish")
        way_out = (f" (only a contact who types the keyword_finish '{keyword}' gets out)"
                   if isinstance(keyword, str) and keyword.strip() else "")
        yield ctx.report(
            f"expire is {request.body['expire']} (never) while {KEEP_OPEN}=true on {label}: when a flow ends the "
            f"session stays open on a finished chat, so after the first run the bot never answers that contact "
            f"again{way_out}, and no linted flow closes the session with a change-status call; set expire to the "
            f"minutes after which a quiet contact starts over (for instance 60)",
            source=document.source, pointer=request.pointer + join_pointer("expire"))

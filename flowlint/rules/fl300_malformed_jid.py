"""A JID that is not `<digits>@s.whatsapp.net`, a group `…@g.us`, `…@lid`, `…@broadcast` or `…@newsletter`.

## What it finds
`remoteJid` values (and `ignoreJids` entries) in calls to EvolutionAPI's Typebot endpoints
(`changeStatus`, `start`, `ignoreJid`, settings bodies) that look like a JID but are not one
EvolutionAPI stores: `5541999999999@c.us` (the whatsapp-web.js form), a device suffix
(`5541999999999:12@s.whatsapp.net`), letters in the number, an unknown server after `@`.
`{{remoteJid}}`, EvolutionAPI's prefilled variable, is always a valid source.

## Why it matters
These endpoints look sessions up by the exact string. A malformed JID matches nothing, the call
still answers success, and the session you meant to pause keeps looping.

## Example
```json
{"remoteJid": "5541999999999@c.us", "status": "paused"}
```

## How to fix
Use `{{remoteJid}}`, or the full form `5541999999999@s.whatsapp.net` (`…@g.us` for groups).
"""
from flowlint.rules import ERROR, rule
from flowlint.knowledge.jids import jid_problems, report


@rule("FL300", "malformed-jid", ERROR, target="document")
def check(ctx):
    for request, value, kind, reason, offsets in jid_problems(ctx.document):
        if kind == "malformed":
            yield report(ctx, request, value, reason, offsets)

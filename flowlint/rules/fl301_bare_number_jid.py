"""A bare phone number where a full JID is required; the fix adds `@s.whatsapp.net`.

## What it finds
A `remoteJid` (or an `ignoreJids` entry) given as a bare number — `5541999999999`,
`+55 41 99999-9999`, `55{{ddd}}{{number}}` — in a call to EvolutionAPI's `changeStatus`,
`start` or `ignoreJid` endpoints or in a Typebot settings body.

## Why it matters
Sending endpoints normalise numbers, these do not: EvolutionAPI compares the raw string with the
stored `…@s.whatsapp.net` JID, finds no session, and still answers success. A change-status
call meant to stop the restart loop silently does nothing (1.x `paused` even creates an orphan
session).

## Example
```json
{"remoteJid": "5541999999999", "status": "paused"}
```

## How to fix
`{{remoteJid}}` (prefilled by EvolutionAPI), or append `@s.whatsapp.net`.
`flowlint check --fix` does that for a number of plain digits.
"""
from flowlint.model import jid
from flowlint.rules import ERROR, rule
from flowlint.knowledge.jids import jid_problems, report


@rule("FL301", "bare-number-jid", ERROR, target="document", fixable=True)
def check(ctx):
    for request, value, kind, reason, offsets in jid_problems(ctx.document):
        if kind == "bare":
            suffix = jid.PERSON_SUFFIX if jid.fixed(value.value) else None
            yield report(ctx, request, value, reason, offsets, fix=suffix)

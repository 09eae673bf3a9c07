"""A Typebot `url` ending in `/`: EvolutionAPI appends `/api/v1/…` and calls `…//api/v1/…`.

## What it finds
The `url` of a Typebot bot — in a `/typebot/set`, `/typebot/create`, `/typebot/update`,
`/typebot/settings` or `/typebot/start` body, kept as a JSON file or sent by an HTTP request block
of a flow — that ends with a slash: `https://typebot.example.com/`.

## Why it matters
EvolutionAPI builds every call to Typebot by plain concatenation, `url + '/api/v1/…'`
(`/api/v1/sendMessage`, `/api/v1/typebots/{id}/startChat`, `/api/v1/sessions/{id}/continueChat`),
so a trailing slash makes the path `//api/v1/…`. Whether that works depends on the server and
proxies in front of Typebot; where it does not, no message reaches the bot and the failure only
shows in EvolutionAPI's log. EvolutionAPI's documentation asks for the URL without the slash.

## Example
```json
{"enabled": true, "url": "https://typebot.example.com/", "typebot": "welcome", "triggerType": "all"}
```

## How to fix
Drop the trailing slash: `"url": "https://typebot.example.com"`. `flowlint check --fix` does it.
"""
from flowlint.diagnostics import Edit
from flowlint.fixcheck import BodyReads
from flowlint.jsonpos import join_pointer
from flowlint.rules import WARNING, rule
from flowlint.knowledge.bodies import OPTION_ENDPOINTS, bodies, place, string_value_offsets

ENDPOINTS = OPTION_ENDPOINTS | {"start"}


@rule("FL207", "typebot-url-trailing-slash", WARNING, target="document", fixable=True)
def check(ctx):
    for body in bodies(ctx.document, ctx.evolution):
        url = body.data.get("url")
        if body.endpoint not in ENDPOINTS or not isinstance(url, str):
            continue
        trimmed = url.rstrip("/")
        if trimmed == url or not trimmed.strip():
            continue
        edits = ()
        offsets = string_value_offsets(ctx, body.request, "url")
        if offsets is not None:
            request = body.request
            changed = request.body_pointer if request.body_in_string else request.body_pointer + join_pointer("url")
            edits = (Edit(offsets[0] + len(trimmed), offsets[1], "",
                          expect=BodyReads(changed, request.pointer, "url", trimmed)),)
        yield ctx.report(
            f"the Typebot url '{url}' ends with '/': EvolutionAPI appends '/api/v1/…' to it and calls "
            f"'{trimmed}//api/v1/…'; write '{trimmed}'",
            edits=edits, **place(ctx, body.request, "url"),
        )

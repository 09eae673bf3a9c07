"""`triggerType: "none"` changed meaning in EvolutionAPI 2.3.0: it now answers every message, like `all`.

## What it finds
A bot body (`/typebot/create`, `/typebot/update`, or the same of another 2.x chatbot integration:
OpenAI, Dify, Flowise, n8n, EvolutionBot, EvoAI, which pick their bots with the same trigger
check), kept as a JSON file or sent by an HTTP request block of a flow, with `triggerType: "none"` when the EvolutionAPI version is pinned to
2.3.0 or later, or is not pinned at all (then the message gives both meanings). It stays quiet on
a pinned 2.0.4–2.2.x.

## Why it matters
Up to 2.2.3, a `none` bot never started on its own: only `/typebot/start` or the instance's
`typebotIdFallback` ran it — the usual way to keep a bot for campaigns or hand-offs. From 2.3.0
the trigger check treats `none` like `all`, so the same body makes the bot answer every message
from every contact without a session. An upgrade silently turns a quiet bot into one that
greets everybody (and, with `keepOpen` false, restarts after every end: FL406). Bots created over
the API with `none` already misbehaved on 2.0.10 (issue #804).

## Example
```json
{"enabled": true, "url": "https://typebot.example.com", "typebot": "campaign", "triggerType": "none"}
```
with `evoapicloud/evolution-api:v2.3.6`.

## How to fix
If the bot should only run when started by `/typebot/start` or as the fallback, give it a
trigger nobody sends (`"triggerType": "keyword", "triggerOperator": "equals", "triggerValue":
"#campaign-7f3a"`) and pin the version. If it should answer everybody, say so with
`"triggerType": "all"`.
"""
from flowlint.model.session import NONE_MATCHES_ALL_SINCE
from flowlint.rules import WARNING, rule
from flowlint.knowledge.bodies import BOT_ENDPOINTS, TYPEBOT, bodies, place


@rule("FL209", "trigger-none-changed", WARNING, target="document")
def check(ctx):
    # every 2.x chatbot integration picks its bot with the one findBotByTrigger (2.3.0
    # src/utils/findBotByTrigger.ts:3, called by chatbot.controller.ts:200 with each integration's
    # repository): 2.3.0 made it match 'none' like 'all' for all of them (2.2.3 matched 'all' only)
    for body in bodies(ctx.document, ctx.evolution, None):
        if body.endpoint not in BOT_ENDPOINTS or body.data.get("triggerType") != "none":
            continue
        read = body.reading
        if read.major < 2 or (read.known and read.version < NONE_MATCHES_ALL_SINCE):
            continue
        started = " (only /typebot/start or typebotIdFallback run it)" if body.integration == TYPEBOT else ""
        if read.known:
            message = (f"triggerType 'none' on {read.label} matches every message, like 'all' (since 2.3.0; up to "
                       f"2.2.3 it never started the bot on its own{started}): this bot now answers every contact "
                       "without a session")
        else:
            message = ("triggerType 'none' depends on the EvolutionAPI version, which is not pinned: up to 2.2.3 it "
                       f"never starts the bot on its own{started}; from 2.3.0 it matches every message, like 'all'; "
                       "pin the version, and use 'all' or a keyword trigger to say which you mean")
        yield ctx.report(message, **place(ctx, body.request, "triggerType"))

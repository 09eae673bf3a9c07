"""A `debounceTime` of 1000 or more: it is in seconds, not milliseconds like `delayMessage`.

## What it finds
A `debounceTime` of 1000 or more in a bot or settings body (`/typebot/create`,
`/typebot/update`, `/typebot/settings`, and the same routes of OpenAI, Dify, EvolutionBot,
Flowise, n8n and EvoAI, which share the debounce: 2.3.6
`src/api/integrations/chatbot/base-chatbot.controller.ts:921-932`), kept as a JSON file or sent by
an HTTP request block of a flow.

## Why it matters
EvolutionAPI 2.x waits `debounceTime` **seconds** after a user's message for more messages
before it passes them to Typebot, while the `delayMessage` next to it is in **milliseconds**.
`"debounceTime": 3000` meant as three seconds makes every answer wait 50 minutes: the bot looks
dead, and nothing in the logs says why.

## Example
```json
{"expire": 20, "keywordFinish": "#stop", "delayMessage": 1000, "unknownMessage": "Sorry?",
 "listeningFromMe": false, "stopBotFromMe": false, "debounceTime": 3000}
```

## How to fix
Give seconds: `"debounceTime": 3`. Use 0 to answer every message at once.
"""
from flowlint.rules import WARNING, rule
from flowlint.knowledge.bodies import OPTION_ENDPOINTS, bodies, place

LIMIT = 1000


def _duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} hours".replace(".0 ", " ")
    return f"{seconds / 86400:.1f} days".replace(".0 ", " ")


@rule("FL208", "debounce-in-milliseconds", WARNING, target="document")
def check(ctx):
    for body in bodies(ctx.document, ctx.evolution, None):  # every integration debounces alike
        value = body.data.get("debounceTime")
        if body.endpoint not in OPTION_ENDPOINTS or body.reading.major < 2 or isinstance(value, bool) \
                or not isinstance(value, (int, float)):
            continue
        if value < LIMIT or not value < 1e300:  # NaN, infinite or beyond a float: no duration to give
            continue
        meant = max(1, round(value / 1000))
        yield ctx.report(
            f"debounceTime {value:g} is in seconds, not milliseconds (unlike delayMessage): EvolutionAPI waits "
            f"{_duration(value)} for more messages before every answer; for {meant} second{'s' if meant != 1 else ''} "
            f"write {meant}",
            **place(ctx, body.request, "debounceTime"),
        )

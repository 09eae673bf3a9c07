"""A Wait block with "Pause the flow" in a flow that runs on WhatsApp: the session ends there.

## What it finds
A `Wait` block with `options.shouldPause: true` (and a number of seconds, without which
Typebot skips the block altogether) in a flow that runs on WhatsApp: flowlint was given an
EvolutionAPI config, or the flow has Typebot's own WhatsApp integration enabled
(`settings.whatsApp.isEnabled`). In a flow for the web a pause works as designed, and this rule
stays quiet.

## Why it matters
Typebot's engine (`executeWait`) turns a pausing Wait into a `wait` client-side action that
"expects a dedicated reply": it stops the walk there and waits for the client to report that
the pause is over. The web client does that; WhatsApp clients do not:
- EvolutionAPI (its Typebot service, read at 1.8.2 and 2.3.6) uses the client-side actions only
  to sleep `wait.secondsToWaitFor` after the bubble they follow. The reply has no input, so
  EvolutionAPI takes it for the end of the flow, as it does at every reply without input: it
  deletes its session (1.6.1–1.8.x without `TYPEBOT_KEEP_OPEN=true`; 2.x with `keepOpen` off),
  so the blocks after the Wait never run and the user's next message starts the flow over; on
  2.x with `keepOpen` it marks the session `closed` instead, and the bot stops answering.
  Users report exactly that: with "Pause the flow" the flow ends on WhatsApp and starts again
  from the beginning (evolution-api #519 on 1.7.0, #994).
- Typebot's own WhatsApp integration: typebot.io #1739 reports that a Wait with "Pause the flow"
  closed and deleted the chat session, breaking the flow; and on WhatsApp Typebot never waits
  longer than 10 seconds (maintainer in typebot.io #1545).

## Example
```json
{"id": "w1", "type": "Wait", "options": {"secondsToWaitFor": "3", "shouldPause": true}}
```
in a flow deployed with `evoapicloud/evolution-api:v2.2.3`.

## How to fix
Turn "Pause the flow" off: the Wait then only delays the next message (EvolutionAPI honours
the seconds). To wait for the user, use an input block instead.
"""
import re

from flowlint.rules import WARNING, rule

EVOLUTION, TYPEBOT_WHATSAPP = "evolution", "typebot-whatsapp"
_LEADING_NUMBER = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+|Infinity)")


def whatsapp_runtime(ctx):
    """Where the flow runs on WhatsApp: EVOLUTION when an EvolutionAPI config was given,
    TYPEBOT_WHATSAPP when the flow enables Typebot's own WhatsApp integration, else None."""
    if ctx.evolution is not None:
        return EVOLUTION
    settings = ctx.flow.data.get("settings")
    whatsapp = settings.get("whatsApp") if isinstance(settings, dict) else None
    if isinstance(whatsapp, dict) and whatsapp.get("isEnabled") is True:
        return TYPEBOT_WHATSAPP
    return None


def pauses(options: dict) -> bool:
    """Whether Typebot's executeWait emits the pausing action: it skips the block when the
    seconds are empty or do not start with a number (variables are only known at run time)."""
    if options.get("shouldPause") is not True:
        return False
    seconds = options.get("secondsToWaitFor")
    if isinstance(seconds, bool):
        return False
    if isinstance(seconds, (int, float)):
        return seconds != 0
    if not isinstance(seconds, str) or not seconds:
        return False
    return "{{" in seconds or _LEADING_NUMBER.match(seconds.replace(",", ".", 1)) is not None


_WHY = {
    EVOLUTION: ("EvolutionAPI only sleeps for the wait's seconds and, as the reply has no input, takes the flow "
                "as finished here: unless the session is kept open, it deletes it, the blocks after the Wait never "
                "run and the user's next message restarts the flow (evolution-api #519)"),
    TYPEBOT_WHATSAPP: ("Typebot's WhatsApp integration does not pause like the web client; a pausing Wait "
                       "closed the chat session and broke the flow (typebot.io #1739)"),
}


@rule("FL112", "pause-on-whatsapp", WARNING, target="flow")
def check(ctx):
    runtime = whatsapp_runtime(ctx)
    if runtime is None:
        return
    for block in ctx.flow.blocks():
        if block.type == "Wait" and pauses(block.options):
            yield ctx.report(f"Wait with 'Pause the flow' on WhatsApp: {_WHY[runtime]}",
                             pointer=block.pointer + "/options/shouldPause",
                             ids=(block.group.id, block.id), group_id=block.group.id)

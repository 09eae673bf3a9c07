"""A 2.x bot that answers every message with `keepOpen` off: every message after the flow ends starts it again.

## What it finds
A Typebot bot body (`/typebot/create`, `/typebot/update`, kept as a JSON file or sent by an HTTP
request block of a flow) on EvolutionAPI 2.x with `triggerType: "all"` — or `"none"` on 2.3.0 and
later, where it matches every message too — whose effective `keepOpen` is false: false in the
body, or not set and not set to true by a linted instance `/typebot/settings` body (a bot without
its own `keepOpen` takes the instance's; a `false` was replaced by the instance's `true` too at
run time up to 2.1.x, and by `/typebot/create` up to 2.2.x, while `/typebot/update` stores it
as given: those cases stay quiet where the instance's `true` wins). A disabled bot (`enabled: false`) is skipped.
The finding points at the body's `triggerType`; FL400 marks, inside a linted flow, each end
that restarts.

## Why it matters
With `keepOpen` false, EvolutionAPI deletes the session when the flow ends. The next message
from that contact — "thanks", "ok", a sticker — finds no session, the catch-all trigger matches,
and the flow starts over from its greeting. For an `all` bot that is every message after every
end: the classic restart loop (issues #273, #579, #1439), now on every conversation.

## Example
```json
{"enabled": true, "url": "https://typebot.example.com", "typebot": "welcome", "triggerType": "all"}
```

## How to fix
Either set `"keepOpen": true` and end each flow, where it may start over, with a change-status
call `{"remoteJid": "{{remoteJid}}", "status": "delete"}` (see FL404); or, before each end, pause
the session (`"status": "paused"`) and then wait for the user with an input block (a `paused`
call as the last step does not help: the end of the flow deletes the session anyway, issues
#458, #1382); or give the bot a keyword trigger so that only a chosen message starts it.
"""
from flowlint.model.session import NONE_MATCHES_ALL_SINCE, V2, falsy_option_replaced
from flowlint.rules import ERROR, rule
from flowlint.knowledge.bodies import BOT_ENDPOINTS, bodies, bot_label, instance_keeps_open, place



def _why_not_kept(ctx, body) -> str:
    """Why the bot's effective keepOpen is false, or "" when it is true."""
    own = body.data.get("keepOpen")
    if own is True:
        return ""
    instance = instance_keeps_open(ctx.project)
    version = body.reading.version
    if own is None:
        if instance is not None and instance[0]:
            return ""
        if instance is not None:
            return f"keepOpen is not set and the instance settings in {instance[1]} have keepOpen: false"
        return "keepOpen is not set (EvolutionAPI's default is false, and no linted /typebot/settings body sets it)"
    if own is False and instance is not None and instance[0] and falsy_option_replaced(version, body.endpoint):
        return ""
    return "keepOpen is false" if own is False else ""


@rule("FL406", "restart-on-every-message", ERROR, target="document")
def check(ctx):
    if ctx.evolution is None:
        return
    for body in bodies(ctx.document, ctx.evolution):
        read, trigger = body.reading, body.data.get("triggerType")
        if body.endpoint not in BOT_ENDPOINTS or read.version < V2 or body.data.get("enabled") is False:
            continue
        if trigger == "all":
            matches = "triggerType 'all'"
        elif trigger == "none" and read.version >= NONE_MATCHES_ALL_SINCE:
            matches = "triggerType 'none', which since 2.3.0 matches every message like 'all'"
        else:
            continue
        why = _why_not_kept(ctx, body)
        if not why:
            continue
        yield ctx.report(
            f"{bot_label(body)} answers every message ({matches}) and {why}: when its flow ends {read.label} deletes "
            "the session, so the contact's next message, whatever it says, starts the flow again (FL400 marks each "
            "such end in a linted flow); set keepOpen: true and end the flow with a change-status 'delete' where it "
            "may start over, or use a keyword trigger",
            **place(ctx, body.request, "triggerType"),
        )

"""A block that only works in Typebot's web client, in a flow that runs on WhatsApp.

## What it finds
In a flow that runs on WhatsApp (flowlint was given an EvolutionAPI config, or the flow enables
Typebot's own WhatsApp integration with `settings.whatsApp.isEnabled`):
- a `Set variable` that runs in the browser: a custom value with "Execute on client"
  (`options.isExecutedOnClient: true`), or the types `Moment of the day` and `Device type`,
  which Typebot hands to the browser of a web client;
- a `Code` (script) block that runs in the browser: `isExecutedOnClient` true or not given
  (Typebot's default is to run scripts on the client);
- a `Redirect` block (EvolutionAPI only).

Blocks without the setting they act on (no variable, no code, no URL) are skipped, as Typebot
skips them.

## Why it matters
Typebot runs these blocks by handing a client-side action to whoever called its chat API.
EvolutionAPI calls that API like a web client (Typebot's own WhatsApp runtime is the only caller
it treats as WhatsApp: it sets `state.whatsApp`, and `Environment name` then gives `whatsapp`;
through EvolutionAPI it gives `web`). EvolutionAPI's Typebot service (read at 1.8.2 and 2.3.6)
uses no client-side action except a wait's seconds, so:
- a browser-side `Set variable` is sent as an action that expects a reply; Typebot stops there
  and waits for it, the reply has no input, and EvolutionAPI ends its session as at the end of
  the flow (unless it is kept open). The next message starts the flow from the beginning:
  evolution-api #1161 reports it for `Moment of the day` on 2.2 ("the bot reboots itself and
  starts all the flow from the beginning");
- a client-side `Code` block never runs, and the variables it would set stay as they were;
- a `Redirect` does nothing: the user is sent nowhere and gets no link.

On Typebot's own WhatsApp integration, Typebot's docs list "Script or Set Variable block with
`Execute on client` option enabled" among the incompatible blocks that are skipped; the engine
evaluates such a Set variable on the server instead (in isolated-vm), where browser objects
(`window`, `navigator`) do not exist: `Device type` fails there, and on a failed evaluation the
engine stores the expression's own text in the variable. (That runtime sends a Redirect's URL
as a message and evaluates `Moment of the day` on the server, so neither is reported there.)

## Example
```json
{"id": "s1", "type": "Set variable", "options": {"variableId": "v-moment", "type": "Moment of the day"}}
```
in a flow deployed with `evoapicloud/evolution-api:v2.2.3`.

## How to fix
Uncheck "Execute on client" so the code runs on Typebot's server (the maintainer confirms a
Code block then works on WhatsApp, typebot.io #1521); compute the moment of the day
with a server-side custom value (`new Date().getHours()`, with the time zone in mind); send
links as a text bubble instead of a Redirect.
"""
from flowlint.rules import WARNING, rule
from flowlint.rules.fl112_pause_on_whatsapp import EVOLUTION, whatsapp_runtime

BROWSER_TYPES = ("Moment of the day", "Device type")
SET_VARIABLE_ENDS_SESSION = ("Typebot waits for the browser to send the value back, which EvolutionAPI never does, "
                             "so unless the session is kept open EvolutionAPI ends it here and the user's next "
                             "message restarts the flow (evolution-api #1161)")


def _set_variable(block, runtime):
    options = block.options
    if not options.get("variableId"):
        return None
    kind = options.get("type")
    if kind in BROWSER_TYPES:
        if runtime == EVOLUTION:
            return "/options/type", f"Set variable '{kind}' is computed in the browser: {SET_VARIABLE_ENDS_SESSION}"
        if kind == "Device type":
            return ("/options/type", "Set variable 'Device type' is browser code (window, navigator): Typebot's WhatsApp "
                    "runtime evaluates it on its server, where it fails and the variable gets the code's text")
        return None
    custom = kind in (None, "Custom") and isinstance(options.get("expressionToEvaluate"), str) \
        and options["expressionToEvaluate"] != ""
    if not custom or options.get("isExecutedOnClient") is not True:
        return None
    if runtime == EVOLUTION:
        return "/options/isExecutedOnClient", f"Set variable with 'Execute on client': {SET_VARIABLE_ENDS_SESSION}"
    return ("/options/isExecutedOnClient", "Set variable with 'Execute on client' on WhatsApp: Typebot's docs list it as "
            "incompatible; its engine evaluates the code on the server instead, where browser objects (window, "
            "document) do not exist")


def _code(block, runtime):
    options = block.options
    content = options.get("content")
    if not isinstance(content, str) or not content or options.get("isExecutedOnClient") is False:
        return None
    given = options.get("isExecutedOnClient") is True  # anything else but false means Typebot's default
    pointer = "/options/isExecutedOnClient" if given else ""
    how = "with 'Execute on client'" if given else "running on the client (Typebot's default)"
    if runtime == EVOLUTION:
        return pointer, (f"Code block {how}: EvolutionAPI ignores client-side scripts, so this code never runs on "
                         "WhatsApp")
    return pointer, f"Code block {how}: Typebot's WhatsApp runtime skips client-side scripts, so this code never runs"


def _redirect(block, runtime):
    url = block.options.get("url")
    if runtime != EVOLUTION or not isinstance(url, str) or not url:
        return None
    return "", ("Redirect on WhatsApp: EvolutionAPI ignores Typebot's redirect action, so the user is sent nowhere "
                "and gets no link; send the link in a text bubble")


CHECKS = {"Set variable": _set_variable, "Code": _code, "Redirect": _redirect}


@rule("FL114", "client-side-action-on-whatsapp", WARNING, target="flow")
def check(ctx):
    runtime = whatsapp_runtime(ctx)
    if runtime is None:
        return
    for block in ctx.flow.blocks():
        inspect = CHECKS.get(block.type)
        found = inspect(block, runtime) if inspect is not None else None
        if found is not None:
            where, message = found
            yield ctx.report(message, pointer=block.pointer + where, ids=(block.group.id, block.id),
                             group_id=block.group.id)

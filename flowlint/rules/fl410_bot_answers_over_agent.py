"""A bot whose settings make it answer over a human agent: it reads the agent's messages, or does not step aside when the agent writes.

## What it finds
A bot body (Typebot's `/set` on 1.x, `/create`, `/update` on 2.x, and the same routes of
OpenAI, Dify, EvolutionBot, Flowise, n8n and EvoAI, which share this handling) or instance
settings body (`/<integration>/settings`), kept as a JSON file or sent by an HTTP request block:
- `listeningFromMe` (1.x `listening_from_me`) true while the effective `stopBotFromMe` is false
  (always on 1.x, which has no such option): the agent's messages are fed to the bot;
- on 2.x with Chatwoot on (`CHATWOOT_ENABLED=true` in a linted config), the effective
  `stopBotFromMe` false: an agent's reply in Chatwoot does not stop the bot;
- an OpenAI bot with `stopBotFromMe: true` on 2.3.0 and later, whose pause the contact's next
  message undoes;
- on 2.x, `stopBotFromMe: true` on a bot that answers every message (`triggerType` `all`, or
  `none` from 2.3.0): when the agent writes first, there is no session to pause, and the
  contact's reply starts the bot.
Values a bot leaves unset come from the linted instance settings (or EvolutionAPI's defaults);
a finding about the instance settings is reported there, not again on each bot that inherits it.

## Why it matters
A message sent from the connected number — an agent typing on the phone, or answering in
Chatwoot, whose messages EvolutionAPI 2.x also hands to the bots (2.3.6
`src/api/integrations/channel/whatsapp/whatsapp.baileys.service.ts:2382-2389`, the same since
2.0.10) — reaches the bot as `fromMe`. 2.x first pauses the session if `stopBotFromMe` is on,
then drops the message unless `listeningFromMe` (2.3.6
`src/api/integrations/chatbot/base-chatbot.controller.ts:872-897`; same order in 2.0.10 and
2.2.3); 1.x drops it only when `listening_from_me` is false (1.8.2
`src/api/services/channels/whatsapp.baileys.service.ts:1176`). So with `listeningFromMe` on and
nothing that stops the bot, the agent's words are the contact's input: the flow answers the
agent, in the contact's chat. Without `stopBotFromMe`, nothing steps the bot aside when an agent
takes over in Chatwoot, and the contact's next message to the agent goes to the bot. And
`stopBotFromMe` pauses only a session that exists (`… && session`, `:872`): an agent who writes
first leaves no session, the contact's reply matches the catch-all trigger, and the bot starts
over the agent (#873 on 2.1.x; #84 on 1.x; #2536).

## Example
```json
{"expire": 30, "keywordFinish": "#bot", "delayMessage": 1000, "unknownMessage": "Sorry?",
 "listeningFromMe": true, "stopBotFromMe": false}
```

## How to fix
Keep `listeningFromMe: false` unless the bot must react to your own messages, and set
`"stopBotFromMe": true` where agents take over (and a positive `expire`, see FL409). For
conversations an agent starts, give the bot a keyword trigger, or add the contact to the bot's
ignored JIDs (`POST /typebot/ignoreJid/{instance}`, `{"remoteJid": …, "action": "add"}`) when the
agent writes.
"""
from flowlint.model.evolution import parse_version
from flowlint.model.session import V2
from flowlint.rules import WARNING, rule
from flowlint.knowledge.bodies import (BOT_ENDPOINTS, OPTION_ENDPOINTS, TYPEBOT, bodies, bot_label, effective_option,
                                       integration_info, place)

LISTEN = {1: "listening_from_me", 2: "listeningFromMe"}
NONE_MATCHES_ALL_SINCE = (2, 3, 0)


def _catch_all(body) -> bool:
    trigger = body.data.get("triggerType")
    return trigger == "all" or (trigger == "none" and body.reading.version >= NONE_MATCHES_ALL_SINCE)


def _problem(ctx, body, chatwoot):
    """(key to point at, message) or None."""
    major, data, label = body.reading.major, body.data, body.reading.label
    stop, stop_where = (False, "1.x has no stopBotFromMe") if major == 1 else \
        effective_option(ctx.project, body, "stopBotFromMe", False)
    if data.get(LISTEN[major]) is True and stop is not True:
        return LISTEN[major], (
            f"{LISTEN[major]} is true and stopBotFromMe is off ({stop_where}): {label} passes every message the "
            "connected number sends — an agent on the phone or in Chatwoot — to the bot as if the contact had "
            "written it, so the bot answers the agent, in the contact's chat; set listeningFromMe false or "
            "stopBotFromMe true")
    if major == 1:
        return None
    if chatwoot and stop is not True and not stop_where.startswith("the instance settings"):
        return ("stopBotFromMe" if "stopBotFromMe" in data else None), (
            f"Chatwoot is on and stopBotFromMe is off ({stop_where}): when an agent answers in Chatwoot, {label} "
            f"does not stop {bot_label(body)}, so the contact's next message goes to the bot, which answers over "
            "the agent; set stopBotFromMe true")
    session = integration_info(body.integration).get("session", {}) if body.integration != TYPEBOT else {}
    if stop is True and session.get("paused") == "reopened" and body.reading.version >= parse_version(session["since"]):
        return ("stopBotFromMe" if "stopBotFromMe" in data else None), (
            f"stopBotFromMe pauses this {integration_info(body.integration)['label']} bot when an agent writes, but "
            f"on {label} the contact's next message sets the session back to 'opened' (openai.service.ts:162-174), "
            "so the bot answers the message after that, over the agent (#2143); pause it with a change-status "
            "call from the agent's tool instead, or use another integration for handovers")
    if stop is True and body.endpoint in BOT_ENDPOINTS and _catch_all(body):
        return "stopBotFromMe", (
            f"stopBotFromMe pauses only a session that exists: when an agent writes to a contact first, {label} has "
            f"no session to pause, and the contact's reply matches this catch-all trigger, so {bot_label(body)} "
            "starts over the agent (#873); use a keyword trigger, or add the contact to ignoreJids when an agent "
            "starts the conversation")
    return None


@rule("FL410", "bot-answers-over-agent", WARNING, target="document")
def check(ctx):
    config = ctx.evolution
    if config is None:
        return
    chatwoot = config.bool_value("CHATWOOT_ENABLED") is True
    for body in bodies(ctx.document, config, None):
        if body.endpoint not in OPTION_ENDPOINTS or body.data.get("enabled") is False:
            continue
        if body.reading.major == 2 and body.reading.version < V2:
            continue
        found = _problem(ctx, body, chatwoot)
        if found is not None:
            yield ctx.report(found[1], **place(ctx, body.request, found[0]))

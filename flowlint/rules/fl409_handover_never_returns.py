"""`stopBotFromMe: true` with nothing that un-pauses the session: after an agent writes, the bot never comes back for that contact.

## What it finds
A bot body (`/create`, `/update`) or instance settings body (`/settings`) of Typebot or of
another 2.x chatbot integration, on EvolutionAPI 2.x, kept as a JSON file or sent by an HTTP
request block,
with `stopBotFromMe: true`, when no linted flow or body file makes a change-status call with
`status` `opened` or `delete` (or a `{{template}}` status), and:
- the effective `expire` is 0 (the bot's, else the instance settings', else EvolutionAPI's
  default 0); or
- on 2.1 and later, the effective `keepOpen` is true: expiry then marks the paused session
  `closed`, which is skipped for good; or
- the version is 2.3.0–2.3.2, which skip paused sessions before `expire` is looked at;
- the bot is a Dify, EvoAI, EvolutionBot, Flowise or n8n bot on 2.3.0 or later: these never
  compare `expire` at all and ignore a paused session (2.3.6
  `src/api/integrations/chatbot/base-chatbot.service.ts:134-137`; an OpenAI bot instead reopens it,
  see FL410).

## Why it matters
With `stopBotFromMe`, a message from the connected number — an agent on the phone, or an agent
answering in Chatwoot, whose messages EvolutionAPI also hands to the bots — sets the contact's
session to `paused` (2.3.6 `src/api/integrations/chatbot/base-chatbot.controller.ts:872-891`;
the same check in 2.0.10 and 2.2.3). From then on EvolutionAPI ignores the contact's messages:
`processTypebot` returns for any session that is not `opened`, after the one check that can end
it, `expire` (2.3.6 `src/api/integrations/chatbot/typebot/services/typebot.service.ts:596-613`,
`:762`; 2.2.3 `:593-609`, `:744`). The contact's `keywordFinish` does not help either: it is never
read for a paused session. So with `expire: 0` the bot is gone for that contact until someone
calls change-status `opened` or `delete`. On 2.1 and later an expired session with `keepOpen` is
set to `closed` rather than deleted (`:602-613`), and a closed session is skipped outright
(`base-chatbot.controller.ts:900`). On 2.3.0–2.3.2 paused sessions were skipped before the expiry
check (`base-chatbot.controller.ts:884`, PR #1599; removed by PR #1928 in 2.3.3), so no `expire`
brought the bot back (#1654, #1260). Users meet this as "the bot never returns after an agent
replied" (#2232, #1598, #2109).

## Example
```json
{"expire": 0, "keywordFinish": "#bot", "delayMessage": 1000, "unknownMessage": "Sorry?",
 "listeningFromMe": false, "stopBotFromMe": true}
```
as the instance settings of EvolutionAPI 2.3.6, and no flow or script that reopens sessions.

## How to fix
Give the bot a positive `expire` (minutes after which the contact's next message restarts it)
with `keepOpen: false`, or have the agent's tool (a Chatwoot macro, an n8n workflow) call
`POST /typebot/changeStatus/{instance}` with `{"remoteJid": …, "status": "opened"}` (or `"delete"`)
when the handover ends — and lint that body with the rest. On 2.3.0–2.3.2, upgrade.
"""
from flowlint.model.evolution import parse_version
from flowlint.model.session import V2
from flowlint.rules import WARNING, rule
from flowlint.knowledge.bodies import (OPTION_ENDPOINTS, TYPEBOT, bodies, effective_option, integration_info, place,
                                       status_calls)

SKIPS_PAUSED = ((2, 3, 0), (2, 3, 3))
EXPIRY_CLOSES_SINCE = (2, 1, 0)
REOPENING = {"opened", "delete"}


def _why(ctx, body):
    """Why the paused session never comes back, or None."""
    read = body.reading
    if body.integration != TYPEBOT:
        info = integration_info(body.integration)
        session = info.get("session", {})
        if session.get("paused") != "ignored" or read.version < parse_version(session["since"]):
            return None
        return (f"{info['label']} bots never compare expire, and from {session['since']} ignore a paused session "
                "outright (base-chatbot.service.ts:134-137)")
    if SKIPS_PAUSED[0] <= read.version < SKIPS_PAUSED[1]:
        return (f"{read.label} skips paused sessions before it looks at expire (PR #1599, fixed in 2.3.3 by "
                "PR #1928)")
    expire, where = effective_option(ctx.project, body, "expire", 0)
    if isinstance(expire, int) and not isinstance(expire, bool) and expire <= 0:
        return f"expire is 0 ({where}), so the paused session never expires"
    keep, keep_where = effective_option(ctx.project, body, "keepOpen", False)
    if keep is True and read.version >= EXPIRY_CLOSES_SINCE:
        return (f"keepOpen is true ({keep_where}), so when expire runs out {read.label} marks the session "
                "'closed' instead of deleting it, and a closed session is ignored for good")
    return None


@rule("FL409", "handover-never-returns", WARNING, target="document")
def check(ctx):
    if ctx.evolution is None:
        return
    reopened = None
    for body in bodies(ctx.document, ctx.evolution, None):
        if body.endpoint not in OPTION_ENDPOINTS or body.reading.version < V2 or body.data.get("stopBotFromMe") is not True:
            continue
        if body.data.get("enabled") is False:
            continue
        why = _why(ctx, body)
        if why is None:
            continue
        if reopened is None:
            reopened = bool(status_calls(ctx.project, REOPENING, None))
        if reopened:
            return
        yield ctx.report(
            f"stopBotFromMe pauses the contact's session as soon as the connected number (an agent, also from "
            f"Chatwoot) writes, and nothing resumes it: {why}; a paused session ignores every message of that "
            "contact, keywordFinish included, and no linted change-status call sets 'opened' or 'delete' (#2232, "
            "#1598); give the bot a positive expire with keepOpen false, or reopen the session when the agent is "
            "done", **place(ctx, body.request, "stopBotFromMe"))

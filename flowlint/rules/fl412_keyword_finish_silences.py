"""A `keywordFinish` on an OpenAI, Dify, EvolutionBot, Flowise, n8n or EvoAI bot that closes the session for good: the contact who types it is ignored from then on.

## What it finds
A bot or settings body of OpenAI, Dify, EvolutionBot, Flowise, n8n or EvoAI on EvolutionAPI
2.3.0 or later, kept as a JSON file or sent by an HTTP request block, with a non-empty
`keywordFinish` (the body's, else the linted instance settings'), when the integration marks
the session `closed` at that keyword — Dify, EvolutionBot, Flowise, n8n and EvoAI always, OpenAI
when `keepOpen` is true — and no linted change-status call deletes sessions (`status: "delete"`).

## Why it matters
When the contact sends the finish keyword, the bots that use EvolutionAPI's shared message
handling set the session to `closed`, whatever `keepOpen` says (2.3.6
`src/api/integrations/chatbot/base-chatbot.service.ts:140-152`); OpenAI does so when `keepOpen`
is on and deletes it otherwise (`openai.service.ts:111-130`). A closed session is skipped before
anything else (`base-chatbot.controller.ts:900-902`), and these integrations never compare
`expire` (only Typebot's service does), so nothing reopens it: the contact who said "#stop" once
is ignored by the bot for good, on every later visit, until a change-status `delete` (or a
manual delete in the manager). It is the keepOpen trap of Typebot bots (FL404; #1003, #817) with
the keyword as the trigger. Reports of bots that stop answering after the finish word on these
integrations: #1598 and #2143 (StopBotFromMe with Dify and OpenAI), under the umbrella #2232.

## Example
```json
{"enabled": true, "apiUrl": "https://dify.example.com/v1", "apiKey": "app-…", "botType": "chatBot",
 "triggerType": "all", "keywordFinish": "#stop"}
```

## How to fix
Leave `keywordFinish` empty on these bots, or delete the session when the contact should be
able to start again: `POST /<integration>/changeStatus/{instance}` with
`{"remoteJid": …, "status": "delete"}` (from your backend or an n8n workflow; lint that body too).
On OpenAI, `keepOpen: false` makes the keyword delete the session instead.
"""
from flowlint.model.evolution import parse_version
from flowlint.rules import WARNING, rule
from flowlint.knowledge.bodies import (OPTION_ENDPOINTS, TYPEBOT, bodies, bot_label, effective_option, integration_info,
                                       place, status_calls)


def _closes(ctx, body, session):
    """Why the keyword leaves a closed session, or None."""
    if session.get("keywordFinish") == "closes":
        return "marks the session 'closed' whatever keepOpen says"
    if session.get("keywordFinish") == "keepOpen":
        keep, where = effective_option(ctx.project, body, "keepOpen", False)
        if keep is True:
            return f"marks the session 'closed' because keepOpen is true ({where})"
    return None


@rule("FL412", "keyword-finish-silences", WARNING, target="document")
def check(ctx):
    deletes = None
    for body in bodies(ctx.document, ctx.evolution, None):
        if body.integration == TYPEBOT or body.endpoint not in OPTION_ENDPOINTS or body.data.get("enabled") is False:
            continue
        session = integration_info(body.integration).get("session", {})
        if not session or body.reading.version < parse_version(session["since"]):
            continue
        keyword, where = effective_option(ctx.project, body, "keywordFinish", "")
        if not isinstance(keyword, str) or not keyword.strip():
            continue
        why = _closes(ctx, body, session)
        if why is None:
            continue
        if deletes is None:
            deletes = bool(status_calls(ctx.project, {"delete"}, None))
        if deletes:
            return
        yield ctx.report(
            f"when a contact sends keywordFinish '{keyword}' ({where}), {body.reading.label} {why}, and a closed "
            f"session is skipped for good ({bot_label(body)} never compares expire): that contact is ignored from "
            "then on, and no linted change-status call deletes sessions; leave keywordFinish empty or delete the "
            "session when the contact may start again",
            **place(ctx, body.request, "keywordFinish" if "keywordFinish" in body.data else None))

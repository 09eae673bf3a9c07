"""A bot on Typebot's cloud with an `expire` of 0 or two days and more: Typebot deletes idle sessions first, and EvolutionAPI goes silent for that contact.

## What it finds
A Typebot bot body (`/typebot/set` on 1.x, `/typebot/create` or `/typebot/update` on 2.x), kept as
a JSON file or sent by an HTTP request block, whose `url` is Typebot's cloud (`typebot.co`,
`typebot.io` or a subdomain) and whose effective `expire` — the bot's, else (2.x) the linted
instance settings', else EvolutionAPI's default 0 — is 0 or at least 2880 minutes (two days).

## Why it matters
Typebot's cloud deletes every chat session not updated since midnight two days before: a daily
job (typebot.io v3.18.0 `.github/workflows/daily.yml`, cron `30 5 * * *`, runs
`packages/scripts/src/helpers/cleanExpiredData.ts:17-40`). EvolutionAPI knows nothing of that: its
own session for a contact who left the flow waiting at an input stays `opened` with the deleted
Typebot session id, so when the contact writes again after two or three days it calls `continueChat` on a session Typebot no
longer has, gets 404 ("Session not found."), logs the error and sends nothing (2.3.6
`src/api/integrations/chatbot/typebot/services/typebot.service.ts:970-1000`; 1.8.2
`src/api/integrations/typebot/services/typebot.service.ts:951-977`). Every later message fails
the same way. Only EvolutionAPI's `expire`, checked before the call (2.3.6 `:596-613`), deletes
its session and lets the next message start the flow afresh — when it is shorter than Typebot's
cleanup. Typebot's own per-session `expiryTimeout` applies only to its native WhatsApp
integration, not to sessions EvolutionAPI starts (`packages/bot-engine/src/api/handleContinueChat.ts:50-58`
reads it; only `packages/whatsapp/src/startWhatsAppSession.ts:108` sets it). Users see a bot that
"stops answering" returning contacts (typebot.io #2340; #2094, #1654 describe the same silence).

## Example
```json
{"enabled": true, "url": "https://typebot.co", "typebot": "support-7f3a", "triggerType": "all",
 "expire": 0, "keepOpen": true}
```

## How to fix
Give the bot (or the instance settings) an `expire` below 2880 minutes — a day (`1440`) is
common — so that EvolutionAPI ends an idle session before Typebot deletes it, or self-host
Typebot.
"""
from urllib.parse import urlsplit

from flowlint.rules import WARNING, rule
from flowlint.knowledge.bodies import BOT_ENDPOINTS, bodies, effective_option, place

CLOUD_HOSTS = ("typebot.co", "typebot.io")
CLEANUP_MINUTES = 2 * 24 * 60  # Typebot's cloud keeps sessions idle at least this long


def _cloud(url) -> bool:
    if not isinstance(url, str) or "://" not in url:
        return False
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return False
    return any(host == cloud or host.endswith("." + cloud) for cloud in CLOUD_HOSTS)


@rule("FL411", "typebot-cloud-session-expiry", WARNING, target="document")
def check(ctx):
    for body in bodies(ctx.document, ctx.evolution):
        if body.endpoint not in BOT_ENDPOINTS or body.data.get("enabled") is False or not _cloud(body.data.get("url")):
            continue
        expire, where = effective_option(ctx.project, body, "expire", 0)
        if not isinstance(expire, int) or isinstance(expire, bool) or 0 < expire < CLEANUP_MINUTES:
            continue
        said = "0, so it never ends an idle session" if expire <= 0 else f"{expire} minutes"
        yield ctx.report(
            f"this bot runs on Typebot's cloud, which deletes chat sessions idle for two days, and its expire is "
            f"{said} ({where}): a contact who leaves the flow waiting for an answer and writes again after that gets "
            f"no answer, ever — {body.reading.label} "
            "keeps its session, calls continueChat on the deleted one, gets 404 and sends nothing (typebot.io #2340); "
            f"set expire below {CLEANUP_MINUTES} minutes (1440 is a day)",
            **place(ctx, body.request, "expire" if "expire" in body.data else "url"))

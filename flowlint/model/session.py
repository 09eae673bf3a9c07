"""How EvolutionAPI ends a Typebot session at the end of a flow, per version and config.

Code facts (reference/evolution.md §4.1): up to 1.6.0 the session stays open; from 1.6.1 to 1.8.x
the session is deleted when the flow ends unless TYPEBOT_KEEP_OPEN is exactly `true`; from 2.0
that env setting is ignored and the per-bot `keepOpen` (default false) decides.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from flowlint.knowledge.bodies import BOT_ENDPOINTS
from flowlint.model.evolution import EvolutionConfig, format_version

CLOSES_SINCE = (1, 6, 1)
V2 = (2, 0, 0)
DELETE_STATUS_SINCE = (2, 0, 4)  # commit 7ba1f2fd, after the 2.0.3-beta release
# A bot's falsy option (keepOpen: false…) gave way to the instance settings' value: at run time up to 2.1.x, and
# when /typebot/create stored it up to 2.2.x (see `falsy_option_replaced`).
RUN_TIME_FALLBACK_UNTIL, CREATE_FALLBACK_UNTIL = (2, 2, 0), (2, 3, 0)
NONE_MATCHES_ALL_SINCE = (2, 3, 0)  # triggerType "none" answers every message, like "all"
STATUSES_V1 = ("opened", "paused", "closed")
STATUSES_V2 = ("opened", "paused", "closed", "delete")


@dataclass
class EndPolicy:
    closes: bool
    why: str
    keeping_statuses: frozenset  # change-status values that keep the session on this version


def version_label(config: EvolutionConfig) -> str:
    if config.inferred:
        return f"EvolutionAPI {config.range_text()} (what the settings fit: no version pinned)"
    label = f"EvolutionAPI {format_version(config.version)}"
    return label if config.version_known else label + " (assumed: no version pinned)"


def allowed_statuses(config: Optional[EvolutionConfig]) -> tuple:
    if config is None or config.version >= DELETE_STATUS_SINCE:
        return STATUSES_V2
    return STATUSES_V1


def falsy_option_replaced(version: tuple, endpoint: str) -> bool:
    """Whether a bot body's falsy option (`keepOpen: false`, `expire: 0`, `stopBotFromMe: false`…)
    is replaced by the instance settings' value; the code treats every option alike. At run time 2.0.0-2.1.x read `if (!keepOpen) keepOpen = settings.keepOpen` (2.0.10 @0dbb5f53
    src/api/integrations/typebot/services/typebot.service.ts:1542; 2.1.2 @29e2cfaf
    src/api/integrations/chatbot/typebot/controllers/typebot.controller.ts:1035), made
    `=== undefined || === null` by commit 171f460f in 2.2.0 (2.2.0 same file :998). createBot kept
    `if (!data.keepOpen) data.keepOpen = settings.keepOpen || false` up to 2.2.x (2.2.3 same file
    :73; 2.3.0 src/api/integrations/chatbot/base-chatbot.controller.ts:129 tests undefined);
    updateBot stores the value as given (2.2.3 typebot.controller.ts:347)."""
    if version < V2:
        return False
    return version < RUN_TIME_FALLBACK_UNTIL or (endpoint == "create" and version < CREATE_FALLBACK_UNTIL)


def _bot_bodies(config: EvolutionConfig, key: str, endpoints, flow=None) -> list:
    """(value of `key`, document, body, endpoint) of each 2.x body of these endpoints that gives
    `key`, in order; with a flow, only bots that run it (their `typebot` is its publicId or id) or
    that do not say which they run."""
    from flowlint.knowledge.bodies import TYPEBOT, endpoint_of, integration_of_file
    from flowlint.model.requests import from_body

    runs = {flow.public_id, flow.id} - {None} if flow is not None else None
    found = []
    for document, body in config.bodies:
        if body.get(key) is None:
            continue
        endpoint = endpoint_of(from_body(body, "", document.source), 2)
        if endpoint not in endpoints:
            continue
        if integration_of_file(body, document.path) != TYPEBOT:
            continue  # an OpenAI, Dify… bot: its keepOpen is not the Typebot session's
        if runs is not None and isinstance(body.get("typebot"), str) and body["typebot"] not in runs:
            continue  # another bot's settings
        found.append((body[key], document, body, endpoint))
    return found


def _body_keep_open(config: EvolutionConfig, endpoints, flow=None) -> Optional[tuple]:
    """(value, document, endpoint) of the last boolean `keepOpen` in a body of these endpoints."""
    found = [(value, document, endpoint) for value, document, _, endpoint in _bot_bodies(config, "keepOpen", endpoints, flow)
             if isinstance(value, bool)]
    return found[-1] if found else None


ANY = "the next message starts the flow again"


def next_message(config: EvolutionConfig, flow=None) -> Optional[tuple]:
    """Which message restarts the flow once its session is gone: (a message clause, the same in
    short for a witness's end); None when none does (2.x before 2.3.0, `triggerType: "none"`:
    only /typebot/start runs the bot).
    1.x starts its one bot on any message without a session; 2.x only a bot whose trigger
    matches (reference/evolution.md §4.1, trigger matching)."""
    if config.version < V2:
        return "the user's next message restarts the flow", ANY
    bots = [(value, document) for value, document, body, _ in _bot_bodies(config, "triggerType", BOT_ENDPOINTS, flow)
            if body.get("enabled") is not False]
    if not bots:
        return ("the user's next message restarts the flow if it triggers the bot again (assumed: no linted bot "
                "body gives its triggerType; with 'all' any message does, with a keyword only a matching one)"), \
            "a message that triggers the bot starts the flow again (assumed)"
    trigger, document = bots[-1]
    if trigger == "all" or (trigger == "none" and config.version >= NONE_MATCHES_ALL_SINCE):
        since = ", which matches every message since 2.3.0" if trigger == "none" else ""
        return (f"the user's next message, whatever it says, restarts the flow (triggerType '{trigger}' in "
                f"{document.path}{since})"), ANY
    if trigger == "none":
        return None
    return (f"the user's next message restarts the flow when it matches the bot's trigger (triggerType "
            f"'{trigger}' in {document.path}; other messages find no bot)"), "a message matching the trigger starts the flow again"


def end_policy(config: EvolutionConfig, flow=None) -> Optional[EndPolicy]:
    """How a flow's session ends (None when it cannot be known: keep-open set only at deploy
    time). On 2.x the bot that runs `flow` decides, else the instance settings."""
    version, label = config.version, version_label(config)
    if version < CLOSES_SINCE:
        return EndPolicy(False, f"{label} keeps the session open at the end of a flow", frozenset())
    if version < V2:
        setting = config.get("TYPEBOT_KEEP_OPEN")
        if setting is not None and setting.interpolated:
            return None
        if config.bool_value("TYPEBOT_KEEP_OPEN"):
            return EndPolicy(False, f"{label} keeps the session: TYPEBOT_KEEP_OPEN=true", frozenset({"paused"}))
        why = "TYPEBOT_KEEP_OPEN is not set" if setting is None or setting.value is None else \
            f"TYPEBOT_KEEP_OPEN={setting.value} is not exactly `true`"
        return EndPolicy(True, f"{label} deletes the session when the flow ends ({why})", frozenset({"paused"}))
    bot = _body_keep_open(config, BOT_ENDPOINTS, flow)
    instance = _body_keep_open(config, ("settings",))
    keeping = frozenset({"paused", "closed"} if instance and instance[0] else {"paused"})
    decided = bot if bot is not None else instance  # a bot without keepOpen takes the instance's
    if bot is not None and not bot[0] and instance and instance[0] and falsy_option_replaced(version, bot[2]):
        decided = instance
    if decided is None:
        return EndPolicy(True, f"{label} deletes the session when the flow ends (keepOpen is false: "
                               "EvolutionAPI's default, no Typebot bot or settings body says otherwise)", keeping)
    if not decided[0]:
        return EndPolicy(True, f"{label} deletes the session when the flow ends (keepOpen is false in "
                               f"{decided[1].path})", keeping)
    return EndPolicy(False, f"{label} keeps the session: keepOpen is true in {decided[1].path}", keeping)

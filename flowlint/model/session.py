"""How EvolutionAPI ends a Typebot session at the end of a flow, per version and config.

Code facts (reference/evolution.md §4.1): up to 1.6.0 the session stays open; from 1.6.1 to 1.8.x
the session is deleted when the flow ends unless TYPEBOT_KEEP_OPEN is exactly `true`; from 2.0
that env setting is ignored and the per-bot `keepOpen` (default false) decides.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from flowlint.model.evolution import EvolutionConfig, format_version

CLOSES_SINCE = (1, 6, 1)
V2 = (2, 0, 0)
DELETE_STATUS_SINCE = (2, 0, 3)
QUIRK_SINCE, QUIRK_UNTIL = (2, 1, 0), (2, 3, 0)  # a falsy bot option took the instance's value
STATUSES_V1 = ("opened", "paused", "closed")
STATUSES_V2 = ("opened", "paused", "closed", "delete")


@dataclass
class EndPolicy:
    closes: bool
    why: str
    keeping_statuses: frozenset  # change-status values that keep the session on this version


def version_label(config: EvolutionConfig) -> str:
    label = f"EvolutionAPI {format_version(config.version)}"
    return label if config.version_known else label + " (assumed: no version pinned)"


def allowed_statuses(config: Optional[EvolutionConfig]) -> tuple:
    if config is None or config.version >= DELETE_STATUS_SINCE:
        return STATUSES_V2
    return STATUSES_V1


def _body_keep_open(config: EvolutionConfig, endpoints, flow=None) -> Optional[tuple]:
    """(value, document) of the last `keepOpen` in a body of these endpoints; with a flow, only
    bots that run it (their `typebot` is its publicId or id) or that do not say which they run."""
    from flowlint.knowledge.bodies import TYPEBOT, integration_of_file
    from flowlint.model.requests import from_body

    runs = {flow.public_id, flow.id} - {None} if flow is not None else None
    found = None
    for document, body in config.bodies:
        if not isinstance(body.get("keepOpen"), bool) or from_body(body, "", document.source).endpoint not in endpoints:
            continue
        if integration_of_file(body, document.path) != TYPEBOT:
            continue  # an OpenAI, Dify… bot: its keepOpen is not the Typebot session's
        if runs is not None and isinstance(body.get("typebot"), str) and body["typebot"] not in runs:
            continue  # another bot's settings
        found = (body["keepOpen"], document)
    return found


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
    bot = _body_keep_open(config, ("create", "update", "set"), flow)
    instance = _body_keep_open(config, ("settings",))
    keeping = frozenset({"paused", "closed"} if instance and instance[0] else {"paused"})
    decided = bot if bot is not None else instance  # a bot without keepOpen takes the instance's
    if bot is not None and not bot[0] and instance and instance[0] and QUIRK_SINCE <= version < QUIRK_UNTIL:
        decided = instance  # 2.1-2.2 replaced a falsy bot value by the instance setting
    if decided is None:
        return EndPolicy(True, f"{label} deletes the session when the flow ends (keepOpen is false: "
                               "EvolutionAPI's default, no Typebot bot or settings body says otherwise)", keeping)
    if not decided[0]:
        return EndPolicy(True, f"{label} deletes the session when the flow ends (keepOpen is false in "
                               f"{decided[1].path})", keeping)
    return EndPolicy(False, f"{label} keeps the session: keepOpen is true in {decided[1].path}", keeping)

"""Shared ground for the Typebot-body rules (FL206-FL209, FL404-FL406).

A body is a request written down either as a JSON file (kind `evolution-typebot-settings`) or as
the custom body of an HTTP request block in a flow. This module says which EvolutionAPI endpoint
a body is for, which major version reads it (and what was assumed to decide that), where one of
its values is written, and the facts that span files: the instance settings' `keepOpen`, and
whether any change-status call deletes sessions.

The request-body schemas (`schemas/evolution-v1-typebot.schema.json`, `…-v2-…`) are the data:
the key sets used to infer a major from spelling are read from them, not listed here.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from flowlint.jsonpos import join_pointer
from flowlint.model.evolution import NEWEST, NEWEST_1X, format_version

SCHEMA_FILES = {1: "evolution-v1-typebot.schema.json", 2: "evolution-v2-typebot.schema.json"}
# Keys only a bot (not the instance-wide settings) carries: their presence makes a 2.x body a
# /typebot/create (or update) body rather than a /typebot/settings one.
BOT_ENDPOINTS = frozenset({"set", "create", "update"})
OPTION_ENDPOINTS = frozenset({"set", "create", "update", "settings"})  # bodies that configure a bot
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")


def schema(major: int) -> dict:
    from flowlint.knowledge import load_schema

    return load_schema(SCHEMA_FILES[major])


def schema_def(major: int, endpoint: str) -> Optional[dict]:
    return schema(major)["$defs"].get(endpoint)


@lru_cache(maxsize=None)
def _keys_of(major: int) -> frozenset:
    found = set()
    for definition in schema(major)["$defs"].values():
        found.update(definition.get("properties", {}))
    return frozenset(found)


def only_in(major: int) -> frozenset:
    """Body keys that one major's schemas know and the other's do not."""
    return _keys_of(major) - _keys_of(3 - major)


@dataclass(frozen=True)
class Reading:
    """Which EvolutionAPI reads a body: `major`, a full `version`, whether it is pinned, and how
    to name it in a message (saying what was assumed)."""

    major: int
    version: tuple  # when not pinned: the newest of the assumed major
    known: bool
    label: str
    assumption: str = ""  # why this major, when it is not pinned


def spelling(body: dict) -> Optional[int]:
    """1 for snake_case keys (1.x), 2 for camelCase keys only 2.x has; the majority of a mixed
    body (2 on a tie); None when the keys do not tell (remoteJid, url, typebot…)."""
    one = sum(1 for key in body if key in only_in(1) or (isinstance(key, str) and _SNAKE.match(key)))
    two = sum(1 for key in body if key in only_in(2))
    if not one and not two:
        return None
    return 1 if one > two else 2


def reading(config, body: Optional[dict]) -> Reading:
    """The version that reads `body`: the pinned one; else 1.x when an env.yml is linted (only
    1.x reads it); else the major the keys are spelt for; else the version the config assumes."""
    if config is not None and config.version_known:
        version = config.version
        return Reading(version[0], version, True, f"EvolutionAPI {format_version(version)}")
    if config is not None and config.assumed_version is not None:
        assumed, why = config.assumed_version, "assumed: an env.yml is linted, which only 1.x reads; no version pinned"
        return Reading(assumed[0], assumed, False, f"EvolutionAPI {assumed[0]}.x ({why})", why)
    spelt = spelling(body) if isinstance(body, dict) else None
    if spelt is not None:
        why = f"assumed from the {'snake_case' if spelt == 1 else 'camelCase'} keys; no version pinned"
        return Reading(spelt, NEWEST if spelt == 2 else NEWEST_1X, False, f"EvolutionAPI {spelt}.x ({why})", why)
    version = config.version if config is not None else NEWEST
    why = "assumed: no version pinned"
    return Reading(version[0], version, False, f"EvolutionAPI {format_version(version)} ({why})", why)


def endpoint_of(request, major: int) -> Optional[str]:
    """The endpoint a body is for. HTTP blocks say it in their URL; a body file by its keys
    (content first) and, for a 2.x body without bot keys, by its file name (second)."""
    endpoint = request.endpoint
    if request.block is not None or endpoint not in ("settings", "create") or not isinstance(request.body, dict):
        return endpoint
    if major == 1:
        return "set"
    name = os.path.basename(request.source.path).lower()
    if "update" in name:
        return "update"
    return "create" if endpoint == "create" or "create" in name else "settings"


@dataclass
class Body:
    request: object  # model.requests.Request
    endpoint: str
    reading: Reading

    @property
    def data(self) -> dict:
        return self.request.body


def bodies(document, config) -> list:
    """Every Typebot-endpoint body with a JSON object in this document (file or flow): blocks
    whose body is not sent as written (no custom body) are left out."""
    found = []
    for request in document.requests:
        if request.endpoint is None or not isinstance(request.body, dict):
            continue
        if request.block is not None and not request.custom_body:
            continue
        read = reading(config, request.body)
        endpoint = endpoint_of(request, read.major)
        if endpoint is not None:
            found.append(Body(request, endpoint, read))
    return found


def is_template(value) -> bool:
    return isinstance(value, str) and "{{" in value


# --- Where a value is written -----------------------------------------------------------------

def _literal_offsets(source, pointer: str, key: str, literal: str) -> Optional[tuple]:
    """Offsets of a non-string value (`true`, `5000`) written after `key` inside a body string."""
    member = source.locator.member(pointer)
    gap = r"(?:\s|\\[nrt])*"  # blanks, also as escapes inside the body string
    pattern = re.compile(r'\\*"' + re.escape(key) + r'\\*"' + gap + ":" + gap + "(" + re.escape(literal) + r")(?![\w.])")
    match = pattern.search(source.text, member.start, member.end)
    return (match.start(1), match.end(1)) if match else None


def value_offsets(source, request, key: str) -> tuple:
    """(start, end) of `key`'s value inside an HTTP block's body string (a string's content
    without its quotes); the whole body string when it cannot be found."""
    import json

    value = request.body.get(key)
    if isinstance(value, str):
        return source.find_in_value(request.body_pointer, value, key=key)
    found = _literal_offsets(source, request.body_pointer, key, json.dumps(value))
    if found is not None:
        return found
    member = source.locator.member(request.body_pointer)
    return member.start, member.end


def place(ctx, request, key: Optional[str] = None) -> dict:
    """Keyword arguments for `ctx.report` that point at `key`'s value (or the whole body):
    a JSON pointer in a body file; a span inside the body string of an HTTP block."""
    source = ctx.document.source
    where: dict = {}
    if request.block is not None:
        group = request.block.group.id
        where.update(ids=(group, request.block.id), group_id=group)
    if key is None or key not in request.body:
        where["pointer"] = request.body_pointer
    elif request.body_in_string:
        where.update(pointer=request.body_pointer, span=source.span(*value_offsets(source, request, key)))
    else:
        where["pointer"] = request.body_pointer + join_pointer(key)
    return where


def string_value_offsets(ctx, request, key: str) -> Optional[tuple]:
    """Offsets of a string value's content (inside the quotes) when the text there is the value
    exactly (no escapes): what an edit may safely change."""
    source, value = ctx.document.source, request.body.get(key)
    if not isinstance(value, str):
        return None
    if request.body_in_string:
        start, end = value_offsets(source, request, key)
    else:
        member = source.locator.member(request.body_pointer + join_pointer(key))
        start, end = member.start + 1, member.end - 1
    return (start, end) if source.text[start:end] == value else None


# --- Facts that span files ---------------------------------------------------------------------

def _documents_with_requests(project):
    from flowlint.kinds import FLOW, SETTINGS

    return [d for d in project.documents if d.kind in (FLOW, SETTINGS)]


def instance_setting(project, key: str) -> Optional[tuple]:
    """(value, path) of `key` in the last instance-wide /typebot/settings body (a flow's HTTP
    block calling it, or a body file), None when no such body gives it."""
    config, found = project.evolution, None
    for document in _documents_with_requests(project):
        for body in bodies(document, config):
            if body.endpoint == "settings" and body.data.get(key) is not None:
                found = (body.data[key], document.path)
    return found


def instance_keeps_open(project) -> Optional[tuple]:
    """(True/False, path) of the instance settings' keepOpen, when a linted body sets it."""
    found = instance_setting(project, "keepOpen")
    return found if found is not None and isinstance(found[0], bool) else None


def status_calls(project, statuses) -> list:
    """Change-status bodies (flows' HTTP blocks and body files) whose status is one of
    `statuses`, or a `{{template}}` that may be any of them."""
    found = []
    for document in _documents_with_requests(project):
        for body in bodies(document, project.evolution):
            status = body.data.get("status")
            if body.endpoint == "changeStatus" and (status in statuses or is_template(status)):
                found.append(body)
    return found


def bot_label(body: Body) -> str:
    typebot = body.data.get("typebot")
    return f"the bot for typebot '{typebot}'" if isinstance(typebot, str) and typebot else "this bot"


def effective_option(project, body: Body, key: str, default):
    """(value, where it comes from) of a bot option as EvolutionAPI 2.x runs it: the body's own
    value; unset, the instance /typebot/settings value (else EvolutionAPI's default); on the
    versions whose fallback also replaced falsy values, the instance's value over a falsy one.
    A settings body is the instance's value itself."""
    from flowlint.model.session import QUIRK_SINCE, QUIRK_UNTIL

    own = body.data.get(key)
    if body.endpoint == "settings":
        return (own, "these settings") if own is not None else (default, "EvolutionAPI's default")
    instance = instance_setting(project, key)
    if own is None:
        return (instance[0], f"the instance settings in {instance[1]}") if instance else (default, "EvolutionAPI's default")
    if not own and instance and instance[0] and QUIRK_SINCE <= body.reading.version < QUIRK_UNTIL:
        return instance[0], f"the instance settings in {instance[1]} (this version replaces a falsy bot value)"
    return own, "this body"

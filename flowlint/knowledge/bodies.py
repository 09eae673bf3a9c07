"""Shared ground for the body rules (FL206-FL209, FL216, FL217, FL404-FL406, FL409-FL411).

A body is a request written down either as a JSON file (kind `evolution-typebot-settings`) or as
the custom body of an HTTP request block in a flow. This module says which EvolutionAPI endpoint
a body is for, which major version reads it (and what was assumed to decide that), where one of
its values is written, and the facts that span files: the instance settings' `keepOpen`, and
whether any change-status call deletes sessions.

The request-body schemas (`schemas/evolution-v1-typebot.schema.json`, `…-v2-…`) are the data:
the key sets used to infer a major from spelling are read from them, not listed here. The other
2.x chatbot integrations (OpenAI, Dify, EvolutionBot, Flowise, n8n, EvoAI) share the routes and
the session options; their bodies are described in `schemas/evolution-v2-chatbots.schema.json`,
which also says by which keys a body file is one of theirs.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from flowlint.jsonpos import join_pointer
from flowlint.kinds import YAML
from flowlint.model.evolution import NEWEST, NEWEST_1X, format_version

SCHEMA_FILES = {1: "evolution-v1-typebot.schema.json", 2: "evolution-v2-typebot.schema.json"}
CHATBOTS_FILE = "evolution-v2-chatbots.schema.json"  # the other 2.x integrations (OpenAI, Dify, …)
TYPEBOT = "typebot"
TYPEBOT_ONLY = (TYPEBOT,)
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


def chatbots() -> dict:
    from flowlint.knowledge import load_schema

    return load_schema(CHATBOTS_FILE)


def integration_info(integration: str) -> dict:
    """What the chatbots schema says of an integration other than Typebot (label, since, keys…)."""
    return chatbots()["x-integrations"][integration]


def chatbot_def(integration: str, endpoint: str) -> Optional[dict]:
    """The body schema of another integration's endpoint (update bodies are create bodies)."""
    return chatbots()["$defs"].get(f"{integration}/{'create' if endpoint == 'update' else endpoint}")


def integration_of_file(data: dict, path: str) -> str:
    """The integration a body kept in the file at `path` is for, from the keys only one
    integration has (data: `x-integrations` of the chatbots schema); Typebot when nothing says
    otherwise."""
    name = os.path.basename(path).lower()
    shaped = None
    for integration, info in chatbots()["x-integrations"].items():
        if any(key in data for key in info["keys"]):
            return integration
        if any(data.get(key) in values for key, values in info.get("values", {}).items()):
            return integration
        if shaped is None and any(key in data for key in info.get("shape", ())) and (
                "file-name" not in info or info["file-name"] in name):
            shaped = integration
    for integration, info in chatbots()["x-integrations"].items():  # apiUrl: Flowise when the file says so
        if "file-name" in info and info["file-name"] in name and shaped is not None:
            return integration
    return shaped or TYPEBOT


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
    """The version that reads `body`: the pinned one; else the major of the releases the settings
    fit, when they share one; else 1.x when an env.yml is linted (only 1.x reads it); else the
    major the keys are spelt for; else the version the config assumes."""
    if config is not None and config.version_known:
        version = config.version
        return Reading(version[0], version, True, f"EvolutionAPI {format_version(version)}")
    if config is not None and config.inferred and config.candidates[0][0] == config.candidates[-1][0]:
        assumed, why = config.assumed_version, f"what the settings fit: {config.range_text()}; no version pinned"
        return Reading(assumed[0], assumed, False, f"EvolutionAPI {assumed[0]}.x ({why})", why)
    if config is not None and any(d.kind == YAML for d in config.documents):
        assumed, why = config.version, "assumed: an env.yml is linted, which only 1.x reads; no version pinned"
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
    integration: str = TYPEBOT

    @property
    def data(self) -> dict:
        return self.request.body


def bodies(document, config, integrations=TYPEBOT_ONLY) -> list:
    """Every body with a JSON object in this document (file or flow) for the endpoints of these
    chatbot integrations (Typebot's unless told; `None`: all of them): blocks whose body is not
    sent as written (no custom body) are left out. Other integrations exist only on 2.x."""
    from flowlint.model.requests import ENDPOINTS

    found = []
    for request in document.requests:
        if not isinstance(request.body, dict) or (request.block is not None and not request.custom_body):
            continue
        integration = request.integration if request.block is not None else (
            integration_of_file(request.body, request.source.path) if request.endpoint is not None else None)
        if integration is None or (integrations is not None and integration not in integrations):
            continue
        read = reading(config, request.body)
        if integration == TYPEBOT:
            endpoint = endpoint_of(request, read.major)
        elif request.block is not None:
            endpoint = ENDPOINTS.get((request.action or "").lower())
        else:
            endpoint = request.endpoint if request.endpoint != "start" else None
        if endpoint is not None:
            found.append(Body(request, endpoint, read, integration))
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


def instance_setting(project, key: str, integration: str = TYPEBOT) -> Optional[tuple]:
    """(value, path) of `key` in the last instance-wide settings body of this integration
    (/typebot/settings unless told; a flow's HTTP block calling it, or a body file), None when no
    such body gives it."""
    config, found = project.evolution, None
    for document in _documents_with_requests(project):
        for body in bodies(document, config, (integration,)):
            if body.endpoint == "settings" and body.data.get(key) is not None:
                found = (body.data[key], document.path)
    return found


def instance_keeps_open(project) -> Optional[tuple]:
    """(True/False, path) of the instance settings' keepOpen, when a linted body sets it."""
    found = instance_setting(project, "keepOpen")
    return found if found is not None and isinstance(found[0], bool) else None


def status_calls(project, statuses, integrations=TYPEBOT_ONLY) -> list:
    """Change-status bodies (flows' HTTP blocks and body files) of these integrations whose
    status is one of `statuses`, or a `{{template}}` that may be any of them."""
    found = []
    for document in _documents_with_requests(project):
        for body in bodies(document, project.evolution, integrations):
            status = body.data.get("status")
            if body.endpoint == "changeStatus" and (status in statuses or is_template(status)):
                found.append(body)
    return found


def bot_label(body: Body) -> str:
    if body.integration != TYPEBOT:
        return f"this {integration_info(body.integration)['label']} bot"
    typebot = body.data.get("typebot")
    return f"the bot for typebot '{typebot}'" if isinstance(typebot, str) and typebot else "this bot"


def effective_option(project, body: Body, key: str, default):
    """(value, where it comes from) of a bot option as EvolutionAPI 2.x runs it: the body's own
    value; unset, the instance /typebot/settings value (else EvolutionAPI's default); on the
    versions whose fallback also replaced falsy values, the instance's value over a falsy one.
    A settings body is the instance's value itself."""
    from flowlint.model.session import falsy_option_replaced

    own = body.data.get(key)
    if body.endpoint == "settings":
        return (own, "these settings") if own is not None else (default, "EvolutionAPI's default")
    instance = instance_setting(project, key, body.integration)
    if own is None:
        return (instance[0], f"the instance settings in {instance[1]}") if instance else (default, "EvolutionAPI's default")
    if not own and instance and instance[0] and falsy_option_replaced(body.reading.version, body.endpoint):
        return instance[0], f"the instance settings in {instance[1]} (this version replaces a falsy bot value)"
    return own, "this body"

"""Calls to EvolutionAPI's Typebot endpoints, wherever they are written down:
an HTTP request block (`Webhook`) in a flow, or a request/settings body kept as a JSON file.

A JID inside such a call keeps its exact place: for a flow, the offset inside the body string.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import parse_qsl, urlsplit

from flowlint.jsonpos import join_pointer
from flowlint.kinds import FLOW, SETTINGS
from flowlint.model.flow import HTTP_REQUEST_TYPE

HTTP_TYPES = frozenset({HTTP_REQUEST_TYPE, "Zapier", "Make.com", "Pabbly"})  # blocks with a webhook request

# EvolutionAPI 2.x mounts every chatbot integration's routes the same way (2.3.6
# src/api/integrations/chatbot/chatbot.router.ts:18-25); Express matches them case-insensitively.
CHATBOT_ROUTE = re.compile(r"/(?P<integration>typebot|openai|dify|flowise|n8n|evoai|evolutionBot)/"
                           r"(?P<action>[A-Za-z_-]+)(?:/(?P<rest>[^?#]*))?", re.I)
INTEGRATIONS = {name.lower(): name for name in ("typebot", "openai", "dify", "flowise", "n8n", "evoai", "evolutionBot")}
TYPEBOT = "typebot"
# Express routes are case-insensitive: /typebot/changestatus/x works; /typebot/change-status/x does not.
ENDPOINTS = {name.lower(): name for name in (
    "set", "find", "changeStatus", "start", "create", "update", "delete", "settings",
    "fetchSettings", "fetch", "fetchSessions", "ignoreJid",
)}
NEEDS_FULL_JID = frozenset({"changeStatus", "start", "ignoreJid"})
BOT_SETTINGS = frozenset({"set", "create", "update", "settings"})
# Keys only a bot body has (1.x set, 2.x create/update); instance settings (2.x) have none of them.
BOT_KEYS = frozenset({"enabled", "url", "typebot", "triggerType", "triggerOperator", "triggerValue", "description"})
_DROPPED_FROM_URLS = str.maketrans("", "", "\t\r\n")  # urlsplit (and browsers) delete these
_BARE_TEMPLATE = re.compile(r'(?<!")\{\{[^{}]*\}\}(?!")')
# A bot-settings file written by `flowlint pull` starts with {"flowlint": {...}}: where it was
# pulled from and the server's version. It is no request body.
PULL_HEADER = "flowlint"


@dataclass
class JidValue:
    value: str
    pointer: str  # where the value lives (inside a body string for flows)
    needle: Optional[str]  # text to find inside the string at `pointer`, None: the value is the JSON value itself
    needs_full: bool  # the endpoint compares the raw string with stored session JIDs
    special_ok: bool = False  # ignoreJids entries may be just "@g.us" / "@s.whatsapp.net"


@dataclass(slots=True)
class Request:
    source: Any
    pointer: str  # the block, or the body in a body file
    endpoint: Optional[str]  # canonical EvolutionAPI name, None when not a Typebot route
    action: Optional[str] = None  # the path segment as written
    instance: Optional[str] = None
    url: Optional[str] = None
    url_pointer: Optional[str] = None
    method: str = "POST"
    method_pointer: Optional[str] = None
    body: Any = None  # the parsed body
    body_pointer: Optional[str] = None
    body_in_string: bool = False
    custom_body: bool = True  # the written body, not Typebot's default one (sends_written_body)
    sends_body: bool = True  # not a GET
    block: Any = None
    query: list = field(default_factory=list)  # (key, value)
    integration: Optional[str] = None  # the chatbot integration of the route (HTTP blocks only)

    def jids(self) -> list:
        found = []
        needs_full = self.endpoint in NEEDS_FULL_JID
        if isinstance(self.body, dict):
            value = self.body.get("remoteJid")
            if isinstance(value, str):  # ignoreJid adds it to ignoreJids, where "@g.us" means every group
                found.append(self._jid(value, "remoteJid", needs_full, special_ok=self.endpoint == "ignoreJid"))
            ignore = self.body.get("ignoreJids")
            if isinstance(ignore, list):
                found.extend(self._jid(v, ("ignoreJids", i), True, special_ok=True)
                             for i, v in enumerate(ignore) if isinstance(v, str))
        for key, value in self.query:
            if key == "remoteJid" and self.url_pointer:
                found.append(JidValue(value, self.url_pointer, value, False))
        return found

    def _jid(self, value: str, key, needs_full: bool, special_ok: bool = False) -> JidValue:
        tokens = key if isinstance(key, tuple) else (key,)
        if self.body_in_string:
            return JidValue(value, self.body_pointer, value, needs_full, special_ok)
        return JidValue(value, self.body_pointer + join_pointer(*tokens), None, needs_full, special_ok)


def webhook_of(block) -> dict:
    return _webhook(block.options)


def _webhook(options: dict) -> dict:
    webhook = options.get("webhook")
    return webhook if isinstance(webhook, dict) else {}


def sends_a_body(block) -> bool:
    """Whether the request of an HTTP block (Webhook, Zapier, Make.com, Pabbly) has a body at
    all: Typebot sends none for a GET; POST is the default method (typebot v3.9.0,
    packages/bot-engine/src/blocks/integrations/httpRequest/executeHttpRequestBlock.ts:177-178,
    packages/blocks/integrations/src/httpRequest/constants.ts:16)."""
    return _sends_a_body(webhook_of(block))


def _sends_a_body(webhook: dict) -> bool:
    method = webhook.get("method")
    return not (isinstance(method, str) and method.upper() == "GET")


def writes_its_body(block) -> bool:
    """Whether Typebot sends the body written in the block, rather than its default body of
    every answer and variable: only with `isCustomBody` true and a body that is neither empty
    nor `{{state}}` (same file, getBodyContent, line 332)."""
    options = block.options
    return _writes_its_body(options, _webhook(options))


def _writes_its_body(options: dict, webhook: dict) -> bool:
    if options.get("isCustomBody") is not True:
        return False  # the usual case: no need to look at the body
    body = webhook.get("body")
    return bool(body) and body != "{{state}}"


def sends_written_body(block) -> bool:
    """What this block really sends is its written body: the one notion every rule that reads a
    request body (or the {{variables}} in it) goes by."""
    options = block.options
    webhook = _webhook(options)
    return _writes_its_body(options, webhook) and _sends_a_body(webhook)


def parse_body(text: str):
    """A custom body as JSON; `{{var}}` outside quotes counts as a value. None if unreadable."""
    for candidate in (text, _BARE_TEMPLATE.sub("null", text)):
        try:
            return json.loads(candidate)
        except (ValueError, RecursionError):
            continue
    return None


def _split(url: str):
    """urlsplit(url), or None for what it cannot split ("http://[::1/…": an IPv6 host left open)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def route(url: Optional[str]) -> tuple:
    """(canonical endpoint or None, action as written, instance segment, integration) of a URL.
    The endpoint is given for Typebot routes only: other integrations' calls are read through
    knowledge/bodies.py, which knows their bodies."""
    if not isinstance(url, str):
        return None, None, None, None
    plain = url if url.isprintable() else url.translate(_DROPPED_FROM_URLS)  # (tabs and newlines are not printable)
    if CHATBOT_ROUTE.search(plain) is None:
        # Exact, and spares most URLs urlsplit: the path searched below is a substring of
        # `plain`, and a match's "/name/a" start holds no tab or newline, so it is in `plain` too.
        return None, None, None, None
    parts = _split(url) if "://" in url else None
    match = CHATBOT_ROUTE.search(parts.path if parts is not None else url.split("?")[0])
    if not match:
        return None, None, None, None
    action, integration = match.group("action"), INTEGRATIONS[match.group("integration").lower()]
    endpoint = ENDPOINTS.get(action.lower()) if integration == TYPEBOT else None
    return endpoint, action, (match.group("rest") or "").strip("/") or None, integration


def from_block(block, source) -> Optional[Request]:
    """The request an HTTP request block (`Webhook`) makes to a chatbot route of EvolutionAPI;
    None for a call anywhere else (most of a flow's HTTP blocks: no rule reads those)."""
    options = block.options
    webhook = _webhook(options)
    url = webhook.get("url")
    url = url if isinstance(url, str) else None
    endpoint, action, instance, integration = route(url)
    if integration is None:
        return None
    base = block.pointer + "/options/webhook"
    request = Request(source, block.pointer, endpoint, action, instance, url=url, block=block,
                      url_pointer=base + "/url" if url else None, integration=integration)
    method = webhook.get("method")
    if isinstance(method, str):
        request.method, request.method_pointer = method.upper(), base + "/method"
    body = webhook.get("body")
    request.custom_body = _writes_its_body(options, webhook)  # else Typebot sends all variables
    request.sends_body = _sends_a_body(webhook)
    if isinstance(body, str) and body.strip():
        request.body_pointer, request.body_in_string = base + "/body", True
        request.body = parse_body(body)
    if url and "?" in url:
        parts = _split(url)
        query = parts.query if parts is not None else url.split("?", 1)[1].split("#", 1)[0]
        request.query = parse_qsl(query, keep_blank_values=True)
    params = webhook.get("queryParams")
    for param in params if isinstance(params, list) else []:
        if isinstance(param, dict) and isinstance(param.get("key"), str) and isinstance(param.get("value"), str):
            request.query.append((param["key"], param["value"]))
    return request


def from_body(body: dict, pointer: str, source) -> Request:
    """A request/settings body kept as a file: which endpoint it is for follows from its keys."""
    keys = set(body)
    if {"remoteJid", "status"} <= keys:
        endpoint = "changeStatus"
    elif {"remoteJid", "action"} <= keys:
        endpoint = "ignoreJid"
    elif "remoteJid" in keys and ("url" in keys or "typebot" in keys):
        endpoint = "start"
    elif keys & BOT_KEYS:
        endpoint = "create"  # a bot: 2.x create/update, or 1.x set
    else:
        endpoint = "settings"
    return Request(source, pointer, endpoint, body=body, body_pointer=pointer)


def pull_header(data) -> Optional[dict]:
    """The header of a pulled bot-settings file, None for any other JSON."""
    first = data[0] if isinstance(data, list) and data else None
    if isinstance(first, dict) and len(first) == 1 and isinstance(first.get(PULL_HEADER), dict):
        return first[PULL_HEADER]
    return None


def body_file_bodies(data) -> list:
    """(body, JSON pointer) of each request body in a body file: one object, or a list of them
    (after a pull header)."""
    if isinstance(data, dict):
        return [(data, "")]
    skip = 1 if pull_header(data) is not None else 0
    return [(b, join_pointer(i)) for i, b in enumerate(data) if i >= skip and isinstance(b, dict)]


def requests_of(document) -> list:
    """Every Typebot-endpoint-relevant request in a flow or a body file (of a flow, the HTTP
    blocks calling a chatbot route: see from_block)."""
    if document.kind == FLOW:
        source = document.source
        return [request for block in document.flow.blocks()
                if block.type == HTTP_REQUEST_TYPE and (request := from_block(block, source)) is not None]
    if document.kind == SETTINGS:
        return [from_body(b, p, document.source) for b, p in body_file_bodies(document.data)]
    return []


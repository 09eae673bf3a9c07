"""EvolutionAPI's global API key, prefilled as `{{apiKey}}`, shown to the user or sent elsewhere.

## What it finds
In a flow that declares a variable named `apiKey`, on EvolutionAPI 2.x (or when no 1.x version
is known):
- a `{{apiKey}}` shown to the user: in a bubble (text, image, video, embed, audio) or in the
  label of a choice item (`content`, picture choice `title`/`description`);
- a `{{apiKey}}` in an HTTP request block (`Webhook`, or the Zapier, Make.com and Pabbly
  blocks, which Typebot runs the same way) — in its URL, query parameters, headers, or its
  custom body when Typebot sends that body — whose URL is not the EvolutionAPI server: the URL's
  host differs from the host of `SERVER_URL` (a container or LAN name calling an EvolutionAPI
  route counts as the server), or, when `SERVER_URL` is unknown, the path is not an EvolutionAPI
  route (`/message/`, `/chat/`, `/typebot/`, `/instance/`, `/group/`); a URL that starts with
  `{{serverUrl}}` is the server;
- such an HTTP request that sends Typebot's default body (any method but GET, with
  `isCustomBody` not true, an empty body or `{{state}}` — the engine's rule since the v6 format
  of November 2023, older than any EvolutionAPI 2.x): that body holds every answer and every
  variable that has a value, `apiKey` included (`parseAnswers` in Typebot's engine);
- a `{{apiKey}}` stored by a Set variable into another variable (and so on) that is then shown
  or sent as above: reported at the `{{apiKey}}` in the Set variable.

The finding points at the `{{apiKey}}` itself (for a default body, at the request's URL); the
message never contains a key.

## Why it matters
EvolutionAPI 2.x starts every Typebot session with the prefilled variable `apiKey` set to its
global `AUTHENTICATION_API_KEY` (read in its Typebot service at 2.0.10, 2.2.0 and 2.3.6;
1.x does not send it; a user's log of that start request, key included, is quoted in
evolution-api #1045), and Typebot fills it into the flow's variable of that exact name. That
key opens every instance on the server: it creates and deletes instances, reads the messages and
sends as your number. Shown in a chat, it goes to every contact who talks to the bot; sent to
another service, it lives on in that service's logs. Calling EvolutionAPI itself with it (for a
change-status call) is what it is meant for.

## Example
```json
{"type": "Webhook", "options": {"webhook": {"url": "https://hooks.example.com/lead",
  "headers": [{"key": "apikey", "value": "{{apiKey}}"}]}}}
```

## How to fix
Use `{{apiKey}}` only in requests to EvolutionAPI (`{{serverUrl}}/…`). Give other services
their own credentials, and send a custom body with only the fields they need.
"""
import re
from urllib.parse import urlsplit

from flowlint.model.flow import BUBBLE_TYPES, CHOICE_TYPES
from flowlint.model.requests import HTTP_TYPES, sends_a_body, webhook_of, writes_its_body
from flowlint.model.session import V2
from flowlint.model.variables import evolution_version, usage
from flowlint.rules import ERROR, rule
from flowlint.knowledge.settings import local_host

KEY_NAME = "apiKey"
SET_VARIABLE = "Set variable"
EVOLUTION_ROUTE = re.compile(r"/(?:message|chat|typebot|instance|group)/", re.I)
SHOWN_ITEM_FIELD = re.compile(r"^/items/\d+/(?:content|title|description)$")
SHOWN, SENT, STORED = "shown", "sent", "stored"


def _host(url: str):
    """The literal host of an absolute URL, None when unknown (relative, or a {{variable}} host)."""
    if "://" not in url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host if host and "{" not in host and "}" not in host else None


class _Destinations:
    """Where each HTTP request block sends its data, and whether that is the EvolutionAPI server."""

    def __init__(self, server_host):
        self.server_host = server_host
        self._cache = {}

    def of(self, block):
        """(url, is_server) of an HTTP request block; url None when the block sends nothing."""
        key = id(block)
        if key not in self._cache:
            self._cache[key] = self._decide(block)
        return self._cache[key]

    def _decide(self, block):
        url = webhook_of(block).get("url")
        if not isinstance(url, str) or not url.strip():
            return None, True  # Typebot skips a request without URL
        url = url.strip()
        if url.startswith("{{serverUrl}}"):
            return url, True
        host = _host(url)
        route = EVOLUTION_ROUTE.search(urlsplit(url).path if host else url.split("?", 1)[0]) is not None
        if self.server_host and host:
            return url, host.lower() == self.server_host or (route and local_host(host))
        return url, route


def _server_host(config):
    setting = config.get("SERVER_URL") if config is not None else None
    if setting is None or not setting.value or setting.interpolated or "${" in setting.value:
        return None
    host = _host(setting.value.strip())
    return host.lower() if host else None


def _where(use):
    """What a use of a variable's {{name}} does with its value: SHOWN, SENT, STORED or None."""
    block = use.block
    if block is None:
        return None
    inside = use.pointer[len(block.pointer):]
    if block.type in BUBBLE_TYPES and inside.startswith("/content"):
        return SHOWN
    if block.type in CHOICE_TYPES and SHOWN_ITEM_FIELD.match(inside):
        return SHOWN
    if block.type in HTTP_TYPES and inside.startswith("/options/webhook/"):
        return SENT  # (a body Typebot does not send holds no use: see sends_written_body)
    if block.type == SET_VARIABLE and not use.in_code:
        kind = block.options.get("type")
        if (inside == "/options/expressionToEvaluate" and kind in (None, "Custom")) or \
                (inside == "/options/item" and kind == "Append value(s)"):
            return STORED
    return None


def _place(use, destinations) -> str:
    block = use.block
    group = f"group '{block.group.label}'"
    if block.type in BUBBLE_TYPES:
        return f"a {block.type} bubble in {group}"
    if block.type in CHOICE_TYPES:
        return f"a button label in {group}"
    url, _ = destinations.of(block)
    host = _host(url) if url else None
    return f"an HTTP request to {host or url} in {group}"


def _leaks(use, destinations) -> bool:
    where = _where(use)
    if where == SHOWN:
        return True
    if where == SENT:
        url, to_server = destinations.of(use.block)
        return url is not None and not to_server
    return False


def _span(source, use):
    start, end = source.find_in_value(use.pointer, use.literal)
    return source.span(start, end)


# security severity (code scanning's 0-10 scale, high from 7): the key opens every instance of the server
@rule("FL113", "api-key-leak", ERROR, target="flow", security_severity=8.8)
def check(ctx):
    flow = ctx.flow
    version = evolution_version(ctx.evolution, ctx.project.settings.evolution_version)
    if version is not None and version < V2:
        return  # 1.x does not send apiKey
    names_by_id = {v.id: v.name for v in flow.variables if v.id is not None and v.name}
    if KEY_NAME not in names_by_id.values():
        return  # Typebot fills prefilled variables only into declared ones
    found = usage(flow)
    destinations = _Destinations(_server_host(ctx.evolution))
    source = ctx.document.source
    where_key = "EvolutionAPI 2.x fills {{apiKey}} with its global API key"

    # {{apiKey}} itself, shown or sent
    for use in found.by_name.get(KEY_NAME, ()):
        if not _leaks(use, destinations):
            continue
        times = f" ({use.count} times)" if use.count > 1 else ""
        verb = "shown in" if _where(use) == SHOWN else "sent by"
        yield ctx.report(f"{use.literal}{times} is {verb} {_place(use, destinations)}: {where_key}, which opens "
                         "every instance on the server", pointer=use.pointer, span=_span(source, use),
                         ids=use.ids, group_id=use.group_id)

    # the default body of a request carries every variable with a value
    for block in flow.blocks():
        if block.type not in HTTP_TYPES or not sends_a_body(block) or writes_its_body(block):
            continue
        url, to_server = destinations.of(block)
        if url is None or to_server:
            continue
        yield ctx.report(
            f"this HTTP request sends Typebot's default body to {_host(url) or url}: it holds every variable with a "
            f"value, apiKey included ({where_key}); send a custom body with only the fields it needs",
            pointer=block.pointer + "/options/webhook/url", ids=(block.group.id, block.id), group_id=block.group.id)

    # {{apiKey}} copied by Set variable blocks into other variables, which are then shown or sent
    origin = {}  # variable name -> the {{apiKey}} use in the Set variable that led to it
    queue = []

    def follow(use, root) -> None:
        """A Set variable storing a value with the key in it: its target carries the key too."""
        variable_id = use.block.options.get("variableId")
        target = names_by_id.get(variable_id) if isinstance(variable_id, str) else None  # a list is no id
        if target and target != KEY_NAME and target not in origin:
            origin[target] = root
            queue.append(target)

    for use in found.by_name.get(KEY_NAME, ()):
        if _where(use) == STORED:
            follow(use, use)
    reported = set()
    while queue:
        name = queue.pop()
        root = origin[name]
        for use in found.by_name.get(name, ()):
            if _where(use) == STORED:
                follow(use, root)
            elif id(root) not in reported and _leaks(use, destinations):
                reported.add(id(root))
                verb = "shown in" if _where(use) == SHOWN else "sent by"
                yield ctx.report(
                    f"{root.literal} is stored in '{name}', which is {verb} {_place(use, destinations)}: {where_key}, "
                    "which opens every instance on the server",
                    pointer=root.pointer, span=_span(source, root), ids=root.ids, group_id=root.group_id)

"""`flowlint pull`: the bot settings a running EvolutionAPI keeps in its database, written down
as one bot-settings file that `check` reads like any other, so that pre-commit and CI lint
against what is deployed, without a network.

The routes and the shapes of their answers, as EvolutionAPI's code has them:
- `GET /` answers `{"version": …}` (1.8.2 src/api/routes/index.router.ts:43;
  2.3.6 src/api/routes/index.router.ts:191).
- `GET /instance/fetchInstances`: 1.x a list of `{"instance": {"instanceName": …}}`
  (1.8.2 src/api/services/monitor.service.ts:136); 2.x a list of Instance records with `name`
  (2.3.6 src/api/services/monitor.service.ts:90).
- 1.x `GET /typebot/find/{instance}`: the instance's one bot, a TypebotDto (`enabled`, `url`,
  `typebot`, `expire`, `keyword_finish`, …, `sessions`) (1.8.2
  src/api/integrations/typebot/services/typebot.service.ts:35, dto/typebot.dto.ts).
- 2.x `GET /typebot/find/{instance}`: a list of Typebot records; `GET /typebot/fetchSettings/{instance}`:
  the instance's TypebotSetting record, or the defaults when it has none (2.3.6
  src/api/integrations/chatbot/base-chatbot.controller.ts:247, 375; prisma/postgresql-schema.prisma:351, 378).
- The key goes in the `apikey` header (2.3.6 src/api/guards/auth.guard.ts:12); an unknown
  instance is a 404 (src/api/guards/instance.guard.ts:36); a disabled integration a 400
  "Typebot is disabled".

Of each record the file keeps only the keys the matching request body has (the body schemas
in `schemas/`): no ids, timestamps or session lists.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import quote, urlsplit, urlunsplit

from flowlint.model.requests import PULL_HEADER

DEFAULT_FILE = "typebot-settings.json"
DEFAULT_TIMEOUT = 10.0


class PullError(Exception):
    """What went wrong, in one line, without the API key."""


def shown(url: str) -> str:
    """The URL without any user:password part, for messages."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


@dataclass
class Server:
    url: str
    api_key: str
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self):
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PullError(f"--server must be an http:// or https:// URL, not {shown(self.url)!r}")
        self.url = self.url.rstrip("/")

    def get(self, path: str, *, instance: Optional[str] = None):
        """The JSON answer of GET `path`; every failure becomes one PullError."""
        import socket
        import ssl
        import urllib.error
        import urllib.request

        where = f"{shown(self.url)}{path}"
        request = urllib.request.Request(self.url + path, headers={"apikey": self.api_key, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise PullError(_http_error(exc, where, instance)) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, ssl.SSLError):
                raise PullError(f"TLS failure talking to {shown(self.url)}: {_reason(reason)}") from None
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise PullError(f"{where} did not answer within {self.timeout:g} s (--timeout)") from None
            raise PullError(f"cannot reach {shown(self.url)}: {_reason(reason)}") from None
        except (socket.timeout, TimeoutError):
            raise PullError(f"{where} did not answer within {self.timeout:g} s (--timeout)") from None
        except ssl.SSLError as exc:
            raise PullError(f"TLS failure talking to {shown(self.url)}: {_reason(exc)}") from None
        except (OSError, ValueError) as exc:  # a connection reset mid-answer, a malformed URL
            raise PullError(f"cannot reach {shown(self.url)}: {_reason(exc)}") from None
        try:
            return json.loads(body)
        except (ValueError, RecursionError):
            raise PullError(f"{where} did not answer with JSON: is this an EvolutionAPI server?") from None


def _reason(error) -> str:
    text = getattr(error, "reason", None) or getattr(error, "strerror", None) or str(error) or type(error).__name__
    return " ".join(str(text).split())


def _server_message(exc) -> str:
    """EvolutionAPI's own words from an error answer: `{"response": {"message": [...]}}`."""
    try:
        data = json.loads(exc.read() or b"null")
    except (ValueError, OSError, RecursionError):
        return ""
    message = data.get("response", {}).get("message") if isinstance(data, dict) and isinstance(data.get("response"), dict) else None
    if isinstance(message, list):
        message = "; ".join(str(m) for m in message)
    return " ".join(str(message).split())[:200] if message else ""


def _http_error(exc, where: str, instance: Optional[str]) -> str:
    said = _server_message(exc)
    detail = f": {said}" if said else ""
    if exc.code in (401, 403):
        return f"{where} refused the API key (HTTP {exc.code}){detail}; set EVOLUTION_API_KEY to the global key"
    if exc.code == 404 and instance is not None:
        return f"no instance {instance!r} on the server, or no Typebot integration there (HTTP 404 from {where}){detail}"
    if exc.code == 400 and "disabled" in said.lower():
        return f"the Typebot integration is disabled on the server (HTTP 400 from {where}){detail}: set TYPEBOT_ENABLED=true"
    return f"{where} answered HTTP {exc.code}{detail}"


def _shape_error(where: str, expected: str) -> PullError:
    return PullError(f"{where} answered with something else than EvolutionAPI's {expected}")


@dataclass
class Pulled:
    server: str
    version: str
    instances: list = field(default_factory=list)
    bodies: list = field(default_factory=list)

    def render(self) -> str:
        """The bot-settings file: a header, then one body per bot and per instance's settings,
        keys sorted, so that a second pull of the same server writes the same bytes."""
        header = {PULL_HEADER: {"evolution-version": self.version, "instances": self.instances, "pulled-from": self.server}}
        return json.dumps([header, *self.bodies], indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def server_version(server: Server) -> str:
    answer = server.get("/")
    version = answer.get("version") if isinstance(answer, dict) else None
    if not isinstance(version, str) or not version.strip():
        raise _shape_error(shown(server.url) + "/", "welcome answer (no version)")
    return version.strip()


def instance_names(server: Server) -> list:
    answer = server.get("/instance/fetchInstances")
    if not isinstance(answer, list):
        raise _shape_error(f"{shown(server.url)}/instance/fetchInstances", "instance list")
    names = []
    for item in answer:
        name = None
        if isinstance(item, dict):
            name = item.get("name") if "name" in item else (item.get("instance") or {}).get("instanceName")
        if not isinstance(name, str) or not name:
            raise _shape_error(f"{shown(server.url)}/instance/fetchInstances", "instance list")
        names.append(name)
    return sorted(names)


def _body(record, major: int, endpoint: str) -> dict:
    """Of a stored record, the keys that its request body has (empty values left out)."""
    from flowlint.knowledge.bodies import schema_def

    keys = (schema_def(major, endpoint) or {}).get("properties", {})
    return {key: value for key, value in record.items() if key in keys and value is not None}


def instance_bodies(server: Server, instance: str, major: int) -> list:
    name = quote(instance, safe="")
    if major == 1:
        where = f"{shown(server.url)}/typebot/find/{name}"
        record = server.get(f"/typebot/find/{name}", instance=instance)
        if not isinstance(record, dict):
            raise _shape_error(where, "Typebot record")
        bot = _body(record, 1, "set")
        return [bot] if bot.get("url") or bot.get("typebot") else []  # `find` answers a blank bot for none
    where = f"{shown(server.url)}/typebot/find/{name}"
    records = server.get(f"/typebot/find/{name}", instance=instance)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise _shape_error(where, "list of Typebot bots")
    bots = [_body(r, 2, "create") for r in records]
    settings = server.get(f"/typebot/fetchSettings/{name}", instance=instance)
    if not isinstance(settings, dict):
        raise _shape_error(f"{shown(server.url)}/typebot/fetchSettings/{name}", "Typebot settings")
    return [*sorted(bots, key=lambda b: json.dumps(b, sort_keys=True)), _body(settings, 2, "settings")]


def pull(server: Server, instances=(), version: Optional[str] = None,
         progress: Optional[Callable[[str], None]] = None) -> Pulled:
    """Everything, or a PullError: nothing is half pulled."""
    from flowlint.model.evolution import parse_version

    text = version or server_version(server)
    parsed = parse_version(text)
    if parsed is None:
        raise PullError(f"cannot tell the EvolutionAPI version from {text!r}; pin it with --evolution-version")
    names = sorted(set(instances)) or instance_names(server)
    result = Pulled(shown(server.url), text, names)
    for name in names:
        found = instance_bodies(server, name, 1 if parsed[0] < 2 else 2)
        if progress is not None:
            bots = len(found) - (parsed[0] >= 2)
            progress(f"{name}: {bots} bot{'s' if bots != 1 else ''}")
        result.bodies.extend(found)
    return result

"""What flowlint knows of EvolutionAPI, read from the catalogue in `schemas/` (data, not code)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

_SECRET_NAME = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD|PASS|PWD|CREDENTIAL|DSN)(_|$)")


def schemas_dir() -> Path:
    """`flowlint/schemas` in an installed wheel, the repository's `schemas/` in a checkout."""
    packaged = Path(__file__).with_name("schemas")
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "schemas"


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    with open(schemas_dir() / name, encoding="utf-8") as handle:
        return json.load(handle)


def catalogue() -> dict:
    return load_schema("evolution-settings.json")["settings"]


@lru_cache(maxsize=None)
def yaml_names() -> dict:
    """1.x env.yml path (dot-joined) -> env name, for every setting 1.x reads."""
    return {entry["yaml"]: name for name, entry in catalogue().items() if entry.get("yaml")}


def yaml_roots() -> frozenset:
    return frozenset(path.split(".", 1)[0] for path in yaml_names())


def in_spans(spans, version: tuple) -> bool:
    from flowlint.model.evolution import parse_version

    for span in spans or ():
        since = parse_version(span.get("since")) or (0, 0, 0)
        until = parse_version(span["until"]) if span.get("until") else None
        if since <= version and (until is None or version < until):
            return True
    return False


def entry(name: str) -> Optional[dict]:
    return catalogue().get(name)


def is_secret_name(name: str) -> bool:
    known = entry(name)
    if known is not None and (known.get("secret") or known.get("type") == "secret"):
        return True
    return bool(_SECRET_NAME.search(name.upper()))


# --- Helpers for the setting rules (FL201-FL205, FL403) ---------------------------------------
# Facts the catalogue does not (yet) carry as fields live here as small tables, each checked
# against EvolutionAPI's src/config/env.config.ts at the tagged releases; they are data, kept
# apart from the rules that read them.

# `Number.parseInt(process.env.X) || DEFAULT`: a 0 or a non-number silently gives the default.
# (Other int settings use `parseInt(X || 'D')` or `parseInt(X ?? 'D')`, where 0 is kept and a
# non-number becomes NaN; PROVIDER_PORT is kept as a string.)
INT_OR_DEFAULT = frozenset({
    "SERVER_PORT", "QRCODE_LIMIT", "CACHE_REDIS_TTL", "RABBITMQ_FRAME_MAX", "EVENT_EMITTER_MAX_LISTENERS",
    "WEBHOOK_REQUEST_TIMEOUT_MS", "WEBHOOK_RETRY_MAX_ATTEMPTS", "WEBHOOK_RETRY_INITIAL_DELAY_SECONDS",
    "WEBHOOK_RETRY_MAX_DELAY_SECONDS", "WEBHOOK_RETRY_JITTER_FACTOR",
})

# DEL_TEMP_INSTANCES is read as `isBooleanString(x) ? x === 'true' : true` (class-validator's
# isBooleanString accepts true/false/1/0): '1' and '0' are both false, anything else is true.
BOOL_READ_OVERRIDES = {"DEL_TEMP_INSTANCES": "boolean-string"}
BOOLEAN_STRINGS = frozenset({"true", "false", "1", "0"})

# 1.x env.yml keys that take effect although no code reads the matching env name: the YAML is
# loaded as the config object itself (LocalCache reads CACHE.LOCAL.TTL from it).
YAML_READS = {"CACHE_LOCAL_TTL": [{"since": "1.7.0", "until": "2.0.0"}]}

# The global API keys EvolutionAPI's own example files ship: public, so never safe to keep.
EXAMPLE_API_KEYS = {
    "B6D711FCDE4D4FD5936544120E713976": "1.x Docker/.env.example and src/dev-env.yml",
    "429683C4C977415CAAFCCE10F7D57E11": "2.x .env.example",
}

# URL schemes a setting accepts, per version span (data for FL201; FL203 owns `obsolete`).
URL_SCHEMES = {
    "SERVER_URL": [{"since": "1.6.1", "schemes": ["http", "https"]}],
    "WEBHOOK_GLOBAL_URL": [{"since": "1.6.1", "schemes": ["http", "https"]}],
    "WEBHOOK_EVENTS_ERRORS_WEBHOOK": [{"since": "1.6.1", "schemes": ["http", "https"]}],
    "WA_BUSINESS_URL": [{"since": "1.7.0", "schemes": ["http", "https"]}],
    "API_AUDIO_CONVERTER": [{"since": "2.2.0", "schemes": ["http", "https"]}],
    "TELEMETRY_URL": [{"since": "2.0.8", "schemes": ["http", "https"]}],
    "CACHE_REDIS_URI": [{"since": "1.7.0", "schemes": ["redis", "rediss"]}],
    "REDIS_URI": [{"since": "1.6.1", "schemes": ["redis", "rediss"]}],
    "RABBITMQ_URI": [{"since": "1.6.1", "schemes": ["amqp", "amqps"]}],
    "CHATWOOT_IMPORT_DATABASE_CONNECTION_URI": [{"since": "1.7.0", "schemes": ["postgres", "postgresql"]}],
    "DATABASE_BOUNCER_CONNECTION_URI": [{"since": "2.3.1", "schemes": ["postgres", "postgresql"]}],
    "DATABASE_CONNECTION_URI": [
        {"since": "1.6.1", "until": "2.0.0", "schemes": ["mongodb", "mongodb+srv"]},
        {"since": "2.0.0", "schemes": ["postgres", "postgresql", "mysql"], "obsolete": ["mongodb", "mongodb+srv"]},
    ],
}

# Enum values that only some versions know (the catalogue's `allowed` is the union).
ALLOWED_SINCE = {
    ("DATABASE_PROVIDER", "psql_bouncer"): "2.3.1",
    ("LOG_LEVEL", "WEBSOCKET"): "2.1.0",
}


@lru_cache(maxsize=None)
def releases() -> tuple:
    """The catalogued release snapshots, oldest first, as version tuples."""
    from flowlint.model.evolution import parse_version

    return tuple(parse_version(text) for text in load_schema("evolution-settings.json")["releases"])


def catalogued(version: tuple) -> bool:
    """The catalogue says nothing about versions older than its first release."""
    return version >= releases()[0]


def reads(name: str, version: tuple) -> bool:
    known = entry(name)
    return known is not None and in_spans(known.get("read"), version)


def yaml_reads(name: str, version: tuple) -> bool:
    """Does a 1.x env.yml key (flattened to `name` by the loader) take effect at `version`?"""
    if reads(name, version) or in_spans(YAML_READS.get(name), version):
        return True
    path = (entry(name) or {}).get("yaml")
    return bool(path) and any(
        other.get("yaml") == path and in_spans(other.get("read"), version) for other in catalogue().values())


@lru_cache(maxsize=None)
def names_read_at(version: tuple) -> tuple:
    return tuple(sorted(name for name, known in catalogue().items() if in_spans(known.get("read"), version)))


def _versioned(value, version: tuple):
    """A catalogue field that is either a plain value or a list of {since, until, value}."""
    if not isinstance(value, list):
        return value
    for item in value:
        if in_spans([item], version):
            return item["value"]
    return None


def misspelling_target(name: str, version: tuple) -> Optional[str]:
    """The name EvolutionAPI reads instead of `name` at `version`, when the catalogue knows one."""
    known = entry(name)
    if known is None or in_spans(known.get("read"), version):
        return None
    return _versioned(known.get("misspelling_of"), version)


def bool_reading(name: str, version: tuple) -> Optional[str]:
    """How an env value of a bool setting is read: exactly-true, unset-or-true, not-false,
    equals-false, or boolean-string (see BOOL_READ_OVERRIDES)."""
    if name in BOOL_READ_OVERRIDES:
        return BOOL_READ_OVERRIDES[name]
    known = entry(name) or {}
    return _versioned(known.get("bool_true_when"), version) if known.get("type") == "bool" else None


def read_as_true(reading: str, value: str) -> bool:
    """EvolutionAPI's verdict on a non-empty env value under one of the bool readings."""
    if reading == "not-false":
        return value != "false"
    if reading == "equals-false":
        return value == "false"
    if reading == "boolean-string":
        return value == "true" if value in BOOLEAN_STRINGS else True
    return value == "true"


def url_schemes(name: str, version: tuple) -> Optional[dict]:
    for span in URL_SCHEMES.get(name, ()):
        if in_spans([span], version):
            return span
    return None


def allowed_at(name: str, value: str, version: tuple) -> bool:
    from flowlint.model.evolution import parse_version

    since = ALLOWED_SINCE.get((name, value))
    return since is None or version >= parse_version(since)


def regressions() -> list:
    """Known Typebot-session regressions by version span (schemas/evolution-regressions.json)."""
    return load_schema("evolution-regressions.json")["regressions"]


def parse_span_start(span: dict) -> tuple:
    from flowlint.model.evolution import parse_version

    return parse_version(span.get("since")) or (0, 0, 0)


def parse_span_end(span: dict) -> Optional[tuple]:
    """The exclusive end of a span, None when it is open-ended."""
    from flowlint.model.evolution import parse_version

    return parse_version(span["until"]) if span.get("until") else None

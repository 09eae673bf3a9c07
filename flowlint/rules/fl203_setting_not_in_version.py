"""A known EvolutionAPI setting that the configured version ignores, renamed or removed.

## What it finds
A setting flowlint's catalogue knows, in a config for a version that does not use it:
- **removed or renamed**: `TYPEBOT_KEEP_OPEN` on 2.x (replaced by the per-bot/per-instance
  `keepOpen`), `REDIS_ENABLED`/`REDIS_URI`/`REDIS_PREFIX_KEY` from 1.7.3 on (replaced by
  `CACHE_REDIS_*`), `DATABASE_ENABLED`, `STORE_*`, `CLEAN_STORE_*`, `AUTHENTICATION_TYPE`,
  `AUTHENTICATION_JWT_*` and `DATABASE_CONNECTION_DB_PREFIX_NAME` on 2.x, `RABBITMQ_MODE` from
  1.8, `CONFIG_SESSION_PHONE_VERSION` from 2.3.1;
- **not yet there**: `DATABASE_PROVIDER`, `TYPEBOT_ENABLED`, `S3_*` and the other 2.x settings on
  a 1.x config, 2.3 settings on 2.2…;
- **example-only**: names EvolutionAPI's own example files list but no code reads —
  `CACHE_LOCAL_TTL` (the local cache TTL comes from `CACHE_REDIS_TTL`),
  `WEBHOOK_EVENTS_LOGOUT_INSTANCE`/`WEBHOOK_EVENTS_REMOVE_INSTANCE` and the `RABBITMQ_EVENTS_`
  ones on 2.1+;
- **read but unused**: `TYPEBOT_SEND_MEDIA_BASE64` on 2.x (parsed, used nowhere), and on 1.x
  `AUTHENTICATION_JWT_EXPIRIN_IN` and `CLEAN_STORE_CLEANING_INTERVAL`, whose env values the code
  tests with `Number.isInteger` on a string, so the default always wins;
- a **MongoDB** `DATABASE_CONNECTION_URI` (`mongodb://…`) on 2.x, which only speaks PostgreSQL or
  MySQL through Prisma (the URI is never printed: it may hold credentials).

In a 1.x `env.yml` a key counts as used when EvolutionAPI reads its YAML path (the YAML file is
the config object itself, so `CACHE.LOCAL.TTL` and `CLEAN_STORE.CLEANING_INTERVAL` do work there).
Misspellings are FL202's.

## Why it matters
A setting that does nothing looks like a decision made. The most common case is the
restart-loop fix of 1.6.1–1.8.x (`TYPEBOT_KEEP_OPEN=true`, PR #283 for issue #273) carried over
to 2.x, where it is ignored and the flow restarts again (issues #784, #1003, #1439 show what
people try next). A 1.x config moved to 2.x keeps `DATABASE_ENABLED`, `STORE_*` and a
`mongodb://` URI that 2.x cannot use at all.

## Example
```
# evolution-api 2.2.3
TYPEBOT_KEEP_OPEN=true
DATABASE_ENABLED=true
CACHE_LOCAL_TTL=86400
```

## How to fix
Use the replacement the message names (for `keepOpen`: `POST /typebot/settings/{instance}` or
the bot's own `keepOpen` in `/typebot/create`/`/typebot/update`), or delete the line. For 2.x
give a `postgresql://` or `mysql://` `DATABASE_CONNECTION_URI` with a matching `DATABASE_PROVIDER`.
"""
from flowlint import knowledge
from flowlint.rules import WARNING, rule
from flowlint.knowledge.settings import (deploy_time, describe_spans, display, judged_settings, is_yaml, label,
                                          takes_effect, url_parts)


def _unused(known, version) -> bool:
    unused = known.get("unused")
    return unused is True or bool(unused) and knowledge.in_spans(unused, version)


def _not_read(name, known, version, where) -> str:
    spans = known.get("read") or []
    if not spans:
        text = (f"{name} has no effect: no EvolutionAPI version reads it, only EvolutionAPI's example files "
                f"list it, so {where} ignores it")
    else:
        ends = [knowledge.parse_span_end(s) for s in spans]
        starts = [knowledge.parse_span_start(s) for s in spans]
        if all(end is not None and end <= version for end in ends):
            last = max(spans, key=knowledge.parse_span_end)
            text = f"{where} ignores {name}: EvolutionAPI stopped reading it in {last['until']}"
        elif all(start > version for start in starts):
            first = min(spans, key=knowledge.parse_span_start)
            text = f"{where} ignores {name}: EvolutionAPI reads it only from {first['since']}"
        else:
            text = f"{where} ignores {name}: EvolutionAPI reads it {describe_spans(spans)}"
    if known.get("replaced_by"):
        text += f"; use {known['replaced_by']} instead"
    return text


def _unused_message(name, known, where) -> str:
    default = known.get("default")
    text = f"{name} has no effect in {where}: the code parses it but never uses the value"
    if known["type"] in ("int", "float") and default:
        text += f" ({default} always applies)"
    return text


def _obsolete_scheme(setting, version):
    rule_ = knowledge.url_schemes(setting.name, version)
    if not rule_ or not rule_.get("obsolete") or deploy_time(setting) or not setting.value:
        return None
    parts = url_parts(setting.value.strip())
    if isinstance(parts, str) or parts.scheme.lower() not in rule_["obsolete"]:
        return None
    return parts.scheme.lower()


@rule("FL203", "setting-not-in-version", WARNING, target="config")
def check(ctx):
    config = ctx.evolution
    version, where = config.version, label(config)
    for document, setting in judged_settings(config):
        known = knowledge.entry(setting.name)
        if known is None:
            continue
        name = display(document, setting)
        if takes_effect(document, setting.name, version):
            if not is_yaml(document) and _unused(known, version):
                yield ctx.report(_unused_message(name, known, where), source=setting.source, span=setting.key_span)
            scheme = _obsolete_scheme(setting, version)
            if scheme:
                yield ctx.report(
                    f"{name} is a {scheme}:// (MongoDB) URI, which only EvolutionAPI 1.x used: {where} stores its data "
                    "through Prisma in PostgreSQL or MySQL; give a postgresql:// or mysql:// URI and set "
                    "DATABASE_PROVIDER to match", source=setting.source, span=setting.value_span)
            continue
        if knowledge.misspelling_target(setting.name, version):
            continue  # FL202
        yield ctx.report(_not_read(name, known, version, where), source=setting.source, span=setting.key_span)

"""A known EvolutionAPI setting with a value of the wrong type or outside its allowed set.

## What it finds
A setting the configured EvolutionAPI version reads, whose value that version cannot take as
meant, judged against flowlint's settings catalogue (`schemas/evolution-settings.json`):
- **booleans** that EvolutionAPI reads differently from how they look. Nearly every switch is
  compared with the exact string `true`, so `True`, `TRUE`, `1`, `yes` or `on` are all *false*.
  A few switches read the other way round: `KAFKA_SSL_REJECT_UNAUTHORIZED` and
  `WEBHOOK_RETRY_USE_EXPONENTIAL_BACKOFF` are true unless exactly `false` (so `False` or `0` keep
  them on); `DEL_TEMP_INSTANCES` takes `1` as false; and on 1.7.0–1.8.x
  `CHATWOOT_MESSAGE_DELETE`/`CHATWOOT_MESSAGE_READ` are computed as `=== 'false'`, so `false`
  turns the feature **on** and `true` turns it off (fixed in 2.0);
- **integers** that are not numbers, and a `0` where EvolutionAPI reads `parseInt(x) || default`
  (`SERVER_PORT`, `QRCODE_LIMIT`, `CACHE_REDIS_TTL`, the webhook retry settings…): the default
  silently applies;
- **URLs** that are not absolute URLs, have whitespace or a non-numeric port, or use a scheme
  the setting cannot use (a `postgresql://` `DATABASE_CONNECTION_URI` on 1.x, which is MongoDB
  only; an `https` Redis URI…);
- **enums** outside their allowed values (`TYPEBOT_API_VERSION` other than `old`/`latest`,
  `DATABASE_PROVIDER=psql_bouncer` before 2.3.1, `LOG_BAILEYS=verbose`…), and **lists** with an
  item that is not allowed (`LOG_LEVEL=ERROR, WARN`: EvolutionAPI splits on `,` without
  trimming, so ` WARN` matches no level). Where the code matches an enum without regard to
  case, so does this rule: `CONFIG_SESSION_PHONE_NAME=chrome` is fine (Baileys upper-cases the
  browser name, src/Utils/browser-utils.ts getPlatformId).

Values set at deploy time (`${VAR}`) or passed from the host (`- NAME` with no value) are not
judged, nor are empty values (EvolutionAPI treats them as unset). In a 1.x `env.yml` the values
are typed YAML scalars used as-is, so only their shape is checked, not the string readings
above. Secret values are never quoted in the message.

## Why it matters
EvolutionAPI does not validate its environment: a wrong value does not stop it, it silently
does something else. `TYPEBOT_API_VERSION=v2` talks to Typebot's legacy API (issue #454 was
fixed by setting it to `latest`); `CHATWOOT_MESSAGE_DELETE=false`, straight from the 1.7/1.8
example file, deletes Chatwoot messages on 1.7.0–1.8.x; `QRCODE_LIMIT=0` means 30.

## Example
```
# evolution-api 1.8.2
CHATWOOT_MESSAGE_READ=false
TYPEBOT_API_VERSION=v2
LOG_LEVEL=ERROR, WARN
DATABASE_SAVE_DATA_CHATS=True
```

## How to fix
Write booleans as lower-case `true`/`false` (and on 1.7.0–1.8.x leave the Chatwoot message
switches out to keep them off), use one of the listed values, and give full URLs
(`https://host:port/path`) with the scheme the setting expects.
"""
import re

from flowlint import knowledge
from flowlint.rules import ERROR, rule
from flowlint.knowledge.settings import (WHITESPACE, deploy_time, display, judged_settings, is_yaml, label, secret, shown,
                                          takes_effect, url_parts)

# Settings whose value another rule already judges, with a message about its consequence.
OWNED_ELSEWHERE = {"TYPEBOT_KEEP_OPEN": "FL200"}

# What EvolutionAPI does with an enum value it does not know, where the code says so.
ENUM_FALLBACK = {
    "CONFIG_SESSION_PHONE_NAME": "Baileys shows a browser name it does not know as Chrome",
    "TYPEBOT_API_VERSION": "EvolutionAPI uses Typebot's legacy /api/v1/sendMessage API for any value but exactly "
                           "`latest` (issue #454)",
}

# Lists whose items EvolutionAPI looks up exactly (the logger maps each LOG_LEVEL item to a level),
# so an item with a space is lost; CORS_METHODS goes to the cors header, where spaces do no harm.
EXACT_ITEMS = frozenset({"LOG_LEVEL"})

HIDDEN = "(value not shown: it may be a secret)"
TRUTHY = frozenset({"true", "1", "yes", "y", "on", "t", "enable", "enabled"})
FALSY = frozenset({"false", "0", "no", "n", "off", "f", "disable", "disabled"})

READINGS = {
    "exactly-true": "only the exact string `true` is true",
    "unset-or-true": "only the exact string `true` (or leaving it unset) is true",
    "not-false": "anything but the exact string `false` is true",
    "equals-false": "the code tests `=== 'false'` (inverted until 2.0), so `false` turns it on and any other value "
                    "turns it off",
    "boolean-string": "`true`, `false`, `1` and `0` are read as booleans where only `true` is true, and any other "
                      "value is true",
}

_INT = re.compile(r"\s*[+-]?\d+")
_FLOAT = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _bool_problem(name, value, reading, where, quoted):
    actual = knowledge.read_as_true(reading, value)
    intent = True if value.lower() in TRUTHY else False if value.lower() in FALSY else None
    if value in ("true", "false") and reading != "equals-false" or intent is not None and actual == intent:
        return None
    verdict = "true" if actual else "false"
    how = READINGS.get(reading, READINGS["exactly-true"])
    if intent is None:
        return f"{name}={quoted} is not a boolean: {where} reads it as {verdict} ({how}); write `true` or `false`"
    if reading == "equals-false":
        state = "ON" if actual else "OFF"
        return (f"{name}={quoted} turns the feature {state} in {where}: {how}; leave the line out to keep it off, "
                "or upgrade to 2.0+, which reads `true` as on")
    return f"{name}={quoted} is read as {verdict.upper()} by {where}: {how}; write `{'true' if intent else 'false'}`"


def _number_problem(key, name, value, known, where, yaml, quoted):
    pattern = _FLOAT if known["type"] == "float" else _INT
    match = pattern.match(value)
    kind = "a number" if known["type"] == "float" else "an integer"
    default = known.get("default")
    falls_back = not yaml and knowledge.int_fallback(key) and default not in (None, "", "0")
    if match is None:
        tail = f": parseInt gives NaN, so {where} silently uses the default {default}" if falls_back else ""
        return f"{name}={quoted} is not {kind}{tail}"
    if match.end() != len(value.rstrip()):
        return f"{name}={quoted} is not {kind}: {where} reads only the number it starts with"
    if falls_back and float(match.group()) == 0:
        return (f"{name}={quoted} is ignored: {where} reads it as `parseInt(value) || {default}`, so 0 silently "
                f"gives the default {default}")
    return None


def _enum_problem(key, name, value, known, version, where, quoted):
    allowed = [a for a in known["allowed"] if knowledge.allowed_at(key, a, version)]
    if value in allowed or known.get("allowed_any_case") and value.upper() in {a.upper() for a in allowed}:
        return None
    text = f"{name}={quoted} is not one of {', '.join(allowed)} in {where}"
    if value in known["allowed"]:
        text = f"{name}={quoted} is not known to {where} (it arrived in {knowledge.allowed_since(key, value)})"
    elif value.lower() in {a.lower() for a in allowed}:
        text += " (values are case-sensitive)"
    fallback = ENUM_FALLBACK.get(key)
    return f"{text}; {fallback}" if fallback else text


def _list_problem(key, name, value, known, version, where, quoted):
    if not known.get("allowed"):
        return None
    allowed = [a for a in known["allowed"] if knowledge.allowed_at(key, a, version)]
    exact = key in EXACT_ITEMS
    bad = [item for item in value.split(",") if (item if exact else item.strip()) not in allowed]
    if not bad:
        return None
    listed = ", ".join(repr(item) for item in bad) if quoted != HIDDEN else HIDDEN
    if all(item.strip() in allowed for item in bad):
        return (f"{name} has spaces around its items ({listed}): {where} splits on `,` without trimming, so "
                "they match nothing; write the items without spaces")
    return f"{name} lists {listed}, not among {', '.join(allowed)} in {where}"


def _url_problem(key, name, setting, version, where):
    rule_ = knowledge.url_schemes(key, version)
    parts = url_parts(setting.value)
    if isinstance(parts, str) and (rule_ is not None or parts == WHITESPACE):
        if secret(setting):
            return f"{name} {parts} (the value is not shown: it may hold credentials)"
        return f"{name}={shown(setting)} {parts}"
    if isinstance(parts, str) or rule_ is None:
        return None  # no scheme rule (NATS_URI, SENTRY_DSN…): their clients take other forms too
    scheme = parts.scheme.lower()
    if scheme not in rule_["schemes"] and scheme not in rule_.get("obsolete", ()):
        expected = " or ".join(f"{s}://" for s in rule_["schemes"])
        return f"{name} is a {scheme}:// URL, but {where} expects {expected} here"
    return None


def judge(document, setting, version, where):
    """The problem with this binding's value, as a message, or None."""
    key, known = setting.name, knowledge.entry(setting.name)
    value, yaml, name = setting.value, is_yaml(document), display(document, setting)
    quoted = HIDDEN if secret(setting) else value if re.fullmatch(r"[^\s'\"]+", value) else repr(value)
    kind = known["type"]
    if kind == "bool":
        reading = knowledge.bool_reading(key, version)
        return None if yaml or reading is None else _bool_problem(name, value, reading, where, quoted)
    if kind in ("int", "float"):
        return _number_problem(key, name, value, known, where, yaml, quoted)
    if kind == "enum":
        return _enum_problem(key, name, value, known, version, where, quoted)
    if kind == "list":
        return _list_problem(key, name, value, known, version, where, quoted)
    if kind == "url":
        return _url_problem(key, name, setting, version, where)
    return None


def _unused(known, version) -> bool:
    unused = known.get("unused")
    return unused is True or bool(unused) and knowledge.in_spans(unused, version)


@rule("FL201", "invalid-value", ERROR, target="config")
def check(ctx):
    config = ctx.evolution
    version, where = config.version, label(config)
    for document, setting in judged_settings(config):
        known = knowledge.entry(setting.name)
        if (known is None or deploy_time(setting) or setting.value == ""
                or setting.name in OWNED_ELSEWHERE or not takes_effect(document, setting.name, version)):
            continue
        if not is_yaml(document) and _unused(known, version):
            continue  # FL203: the value never takes effect, whatever it is
        problem = judge(document, setting, version, where)
        if problem:
            yield ctx.report(problem, source=setting.source, span=setting.value_span)

"""A Typebot request or settings body that EvolutionAPI rejects, or whose keys it silently ignores.

## What it finds
Each body kept as a JSON file (one object, or a list of them) for EvolutionAPI's Typebot
endpoints — `/typebot/set` (1.x), `/typebot/create`, `/typebot/update`, `/typebot/settings`,
`/typebot/ignoreJid` (2.x), `/typebot/start` and `/typebot/changeStatus` — checked against the
request-body schema of its endpoint and EvolutionAPI major (`schemas/evolution-v1-typebot.schema.json`,
`schemas/evolution-v2-typebot.schema.json`):
- a required field that is missing, a value of the wrong type, a value outside its set
  (`triggerType`, `triggerOperator`, `action`), an empty required value;
- a key spelt for the other major (`keyword_finish` on 2.x, `delayMessage` on 1.x), or a 2.x-only
  key on 1.x (`keepOpen`, `triggerType`…);
- `triggerType: "keyword"` without `triggerOperator` and `triggerValue`, `triggerOperator: "none"`,
  and a trigger type the pinned version does not have yet (`advanced` before 2.1.0, `none` before
  2.0.4).

The version is the pinned one. Without a pin it is inferred from the spelling of the keys
(snake_case: 1.x, camelCase: 2.x), and the message says what was assumed. The endpoint follows
from the keys: on 2.x a body with bot keys (`url`, `typebot`, `triggerType`…) is a create body
(an update body when the file name says `update`), one without them the instance-wide settings.
A change-status body's `status` and missing `remoteJid` are left to FL402.

## Why it matters
EvolutionAPI answers 400 to a body that breaks its schema, and a script or n8n node that ignores
the answer leaves the bot unconfigured. Worse, a key spelt for the other major passes validation
and is silently dropped: a 2.x bot created with `keyword_finish`, `delay_message` or
`listening_from_me` runs with the defaults, and nobody notices until users complain (the 1.x and
2.x bodies differ in every multi-word key; issue #804 shows bots created over the API that do not
behave as the body said).

## Example
```json
{"enabled": true, "url": "https://typebot.example.com", "typebot": "welcome",
 "triggerType": "keyword", "keyword_finish": "#stop"}
```
On 2.x: no `triggerOperator`/`triggerValue` for the keyword trigger, and `keyword_finish` is the
1.x spelling of `keywordFinish`.

## How to fix
Write the body for the version you run: camelCase keys and a `triggerType` on 2.x
(`"triggerType": "keyword", "triggerOperator": "equals", "triggerValue": "hi"`), the snake_case
`/typebot/set` body on 1.x. Use `equals|contains|startsWith|endsWith|regex` as the operator.
"""
from functools import lru_cache

from flowlint.jsonpos import join_pointer
from flowlint.kinds import SETTINGS
from flowlint.model.evolution import parse_version
from flowlint.rules import ERROR, rule
from flowlint.knowledge.bodies import bodies, schema_def

TRIGGER_NEEDS = {"keyword": ("triggerOperator", "triggerValue"), "advanced": ("triggerValue",)}
TYPE_WORDS = {"integer": "an integer", "number": "a number", "boolean": "true or false", "string": "a string",
              "array": "a list", "object": "an object", "null": "null"}
LEFT_TO_FL402 = frozenset({"remoteJid", "status"})


@lru_cache(maxsize=None)
def _validator(major: int, endpoint: str):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema_def(major, endpoint))


def _shown(value) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False)
    text = text if len(text) <= 40 else text[:37] + "..."
    if isinstance(value, str):
        return f"the string {text}"
    if isinstance(value, bool) or value is None:
        return text
    if isinstance(value, (int, float)):
        return f"the number {text}"
    return f"{'a list' if isinstance(value, list) else 'an object'} {text}"


def _name(path) -> str:
    return "/".join(str(p) for p in path)


def _expected(types) -> str:
    types = types if isinstance(types, list) else [types]
    return " or ".join(TYPE_WORDS.get(t, t) for t in types)


def _available(body, key: str, values: list) -> list:
    """The enum values the version knows (all of them when it is not pinned)."""
    prop = schema_def(body.reading.major, body.endpoint)["properties"].get(key, {})
    since = prop.get("x-enum-since", {})
    if not body.reading.known:
        return values
    return [v for v in values if v not in since or body.reading.version >= parse_version(since[v])]


def _schema_problems(body):
    """(message, path inside the body) for every schema error, worded for people."""
    data, label, endpoint = body.data, body.reading.label, body.endpoint
    definition = schema_def(body.reading.major, endpoint)
    foreign = definition.get("x-foreign-keys", {})
    spelt_otherwise = {foreign[key] for key in data if key in foreign}
    status_call = endpoint == "changeStatus"
    missing, trigger_done = {}, False  # path -> required names missing there
    for error in _validator(body.reading.major, endpoint).iter_errors(data):
        path = list(error.absolute_path)
        key = path[0] if path else None
        kind = error.validator
        if status_call and key in LEFT_TO_FL402 and (key == "status" or kind == "minLength" or not data.get(key)):
            continue
        if kind == "required":
            instance = error.instance if isinstance(error.instance, dict) else {}
            trigger = instance.get("triggerType") if not path else None
            if "then" in error.schema_path and trigger in TRIGGER_NEEDS:
                if not trigger_done:
                    trigger_done = True
                    lacking = [k for k in TRIGGER_NEEDS[trigger] if k not in instance]
                    needs = " and ".join(TRIGGER_NEEDS[trigger])
                    yield (f"triggerType '{trigger}' needs {needs}, and {' and '.join(lacking)} "
                           f"{'is' if len(lacking) == 1 else 'are'} missing: {label} rejects the bot"), ["triggerType"]
                continue
            for name in error.validator_value:
                if name in instance or (not path and (name in spelt_otherwise or (status_call and name in LEFT_TO_FL402))):
                    continue  # present, or the foreign-spelling finding (or FL402) says it
                names = missing.setdefault(tuple(path), [])
                if name not in names:
                    names.append(name)
        elif kind == "type":
            yield (f"'{_name(path)}' must be {_expected(error.validator_value)}, not {_shown(error.instance)}: "
                   f"{label} rejects the body"), path
        elif kind == "enum":
            if key == "triggerOperator" and error.instance == "none":
                yield ("triggerOperator 'none' does not exist (some docs list it): use one of "
                       f"{'|'.join(error.validator_value)}; {label} rejects the bot"), path
                continue
            allowed = _available(body, key, list(error.validator_value)) if len(path) == 1 else error.validator_value
            yield (f"'{_name(path)}' is {_shown(error.instance)}, not one of {'|'.join(allowed)}: "
                   f"{label} rejects the body"), path
        elif kind == "minLength":
            yield f"'{_name(path)}' is empty: {label} rejects the body", path
        else:
            yield f"{error.message} ({label})", path
    for path, names in missing.items():
        where = f"the /typebot/{endpoint} body" if not path else f"'{_name(path)}'"
        listed = ", ".join(names)
        yield (f"{where} has no {listed}, which {label} requires: it answers 400" if len(names) == 1 else
               f"{where} lacks {listed}, all required by {label}: it answers 400"), list(path)


def _version_problems(body):
    """Enum values the pinned version does not have yet (`advanced` before 2.1.0, R15)."""
    if not body.reading.known:
        return
    properties = schema_def(body.reading.major, body.endpoint).get("properties", {})
    for key, prop in properties.items():
        value = body.data.get(key)
        since = prop.get("x-enum-since", {}).get(value) if isinstance(value, str) else None
        if since is None or (body.endpoint == "changeStatus" and key in LEFT_TO_FL402):
            continue
        if body.reading.version < parse_version(since):
            yield (f"{key} '{value}' arrived in EvolutionAPI {since}: {body.reading.label} rejects it"), [key]


def _spelling_problems(body):
    """Keys spelt for the other major, and 2.x-only keys on 1.x: silently ignored."""
    definition = schema_def(body.reading.major, body.endpoint)
    foreign = definition.get("x-foreign-keys", {})
    absent = definition.get("x-no-counterpart", {})
    major, other = body.reading.major, 3 - body.reading.major
    assumed = f" ({body.reading.assumption})" if body.reading.assumption else ""
    required = set(definition.get("required", ()))
    for key in body.data:
        if key in foreign:
            own = foreign[key]
            also = ""
            if own in required and own not in body.data:
                also = f"; without {own}, which it requires, it answers 400"
            yield (f"{key} is the {other}.x spelling; {major}.x reads {own} and silently ignores this key"
                   f"{also}{assumed}"), [key]
        elif key in absent:
            note = absent[key]
            why = "" if note.startswith(f"{other}.x only") else f": {note.rstrip('.')}"
            yield f"{key} is a {other}.x key that {body.reading.label} silently ignores{why}", [key]


@rule("FL206", "invalid-typebot-body", ERROR, target="document")
def check(ctx):
    if ctx.document.kind != SETTINGS:
        return
    for body in bodies(ctx.document, ctx.evolution):
        request = body.request
        if schema_def(body.reading.major, body.endpoint) is None:
            yield ctx.report(f"/typebot/{body.endpoint} does not exist in {body.reading.label}: it is a "
                             f"{3 - body.reading.major}.x endpoint", pointer=request.body_pointer)
            continue
        reported = set()
        for problems in (_schema_problems(body), _version_problems(body), _spelling_problems(body)):
            for message, path in problems:
                pointer = request.body_pointer + join_pointer(*path)
                if (pointer, message) not in reported:
                    reported.add((pointer, message))
                    yield ctx.report(message, pointer=pointer)

"""A bot or settings body for another 2.x chatbot integration (OpenAI, Dify, EvolutionBot, Flowise, n8n, EvoAI) that EvolutionAPI rejects or partly ignores.

## What it finds
A body for `POST /<integration>/create`, `PUT /<integration>/update/{id}` or
`POST /<integration>/settings` of OpenAI, Dify, EvolutionBot, Flowise, n8n or EvoAI — sent by an
HTTP request block (the URL says which), or kept as a JSON file (told by the keys only that
integration has: `openaiCredsId`, a Dify `botType`, `webhookUrl`, `agentUrl`, `apiUrl`…) —
checked against that integration's body schema (`schemas/evolution-v2-chatbots.schema.json`)
for the version:
- the integration does not exist yet on the pinned version (EvolutionBot and Flowise arrived in
  2.1.0, n8n and EvoAI in 2.3.0), or the version is 1.x;
- its `<NAME>_ENABLED` setting is not `true` in the linted config;
- a required field missing, a value of the wrong type, outside its set, or empty
  (`triggerType: "advanced"` before 2.1.0; `splitMessages` and `timePerChar` are required by
  the Dify and EvolutionBot settings from 2.2.0);
- a key the version does not read yet (`splitMessages` before 2.2.0, or on Flowise before
  2.3.0) or no longer (Flowise's `botIdFallback`, renamed `flowiseIdFallback` in 2.3.0);
- `expire`, which these integrations store but never act on: only Typebot's service compares
  it (`diffInMinutes > expire` is in `typebot.service.ts` alone at 2.0.10, 2.2.3, 2.3.0, 2.3.6).

## Why it matters
These integrations share Typebot's routes, triggers and session options, and EvolutionAPI
validates their bodies with their own JSON schemas (2.3.6
`src/api/integrations/chatbot/<integration>/validate/<integration>.schema.ts`, e.g.
`openai.schema.ts:21-47`: `enabled`, `openaiCredsId`, `botType`, `triggerType` required). A body
that breaks it gets 400 and the bot is not created; a body written for another version silently
loses keys. Every route also answers 400 "<name> is disabled" when the integration's setting is
off (`base-chatbot.controller.ts:89`). flowlint's Typebot checks (FL206) would read these bodies
as Typebot bodies and demand `url` and `typebot`; this rule checks them as what they are.

## Example
```json
{"enabled": true, "botType": "chatCompletion", "model": "gpt-4o", "triggerType": "all",
 "keepOpen": "yes"}
```
An OpenAI bot without `openaiCredsId`, and `keepOpen` must be true or false.

## How to fix
Write the body to the integration's schema for your version (create the OpenAI credentials
first and pass their id as `openaiCredsId`), set `<NAME>_ENABLED=true`, and upgrade where the
integration or field is newer than your server.
"""
import copy
from functools import lru_cache

from flowlint.model.evolution import parse_version
from flowlint.model.session import V2
from flowlint.rules import ERROR, rule
from flowlint.knowledge.bodies import OPTION_ENDPOINTS, TYPEBOT, bodies, chatbot_def, integration_info, place

WORDS = {"integer": "an integer", "boolean": "true or false", "string": "a string", "array": "a list"}


@lru_cache(maxsize=None)
def _validator(integration: str, endpoint: str, dropped: frozenset):
    from jsonschema import Draft202012Validator

    definition = copy.deepcopy(chatbot_def(integration, endpoint))
    definition["required"] = [k for k in definition.get("required", ()) if k not in dropped]
    return Draft202012Validator(definition)


def _since(value, version, known) -> bool:
    """Whether a `since` version is after the pinned one."""
    return known and version < parse_version(value)


def _route_problem(body, config):
    info, read = integration_info(body.integration), body.reading
    name = f"/{body.integration}/*"
    if read.known and read.version < V2:
        return f"{name} does not exist in {read.label}: the chatbot integrations other than Typebot are 2.x"
    if _since(info["since"], read.version, read.known):
        return f"{name} arrived in EvolutionAPI {info['since']}: {read.label} answers 404"
    setting = info.get("enabled-setting")
    if setting and config is not None and config.has_env and config.bool_value(setting) is not True and not _since(
            info.get("enabled-setting-since", info["since"]), read.version, read.known):
        return (f"{setting} is not true in the linted config: every {name} call answers 400 "
                f"\"{info['label']} is disabled\" and no {info['label']} bot runs")
    return None


def _schema_problems(body):
    definition, read, data = chatbot_def(body.integration, body.endpoint), body.reading, body.data
    later = {k for k, v in definition.get("x-required-since", {}).items() if _since(v, read.version, read.known)}
    label, what = read.label, f"the /{body.integration}/{body.endpoint} body"
    missing = []
    for error in _validator(body.integration, body.endpoint, frozenset(later)).iter_errors(data):
        path = list(error.absolute_path)
        key = path[0] if path else None
        if error.validator == "required":
            missing.extend(k for k in error.validator_value if k not in data and k not in missing)
        elif error.validator == "type":
            yield key, f"'{key}' must be {WORDS.get(error.validator_value, error.validator_value)}: {label} rejects the body"
        elif error.validator == "enum":
            yield key, f"'{key}' is {error.instance!r}, not one of {'|'.join(error.validator_value)}: {label} rejects the body"
        elif error.validator == "minLength":
            yield key, f"'{key}' is empty: {label} rejects the body"
    if missing:
        yield None, f"{what} has no {', '.join(missing)}, which {label} requires: it answers 400"
    for key, value in data.items():
        since = (definition.get("properties", {}).get(key, {}).get("x-enum-since", {}).get(value)
                 if isinstance(value, str) else None)
        if since and _since(since, read.version, read.known):
            yield key, f"{key} '{value}' arrived in EvolutionAPI {since}: {label} rejects it"
        newer = definition.get("x-key-since", {}).get(key)
        if newer and _since(newer, read.version, read.known):
            yield key, f"{key} is read from EvolutionAPI {newer}: {label} silently ignores it"
        if key in definition.get("x-ignored-keys", {}) and value:
            yield key, f"{key} {value!r} has no effect: {definition['x-ignored-keys'][key]}"
        older = definition.get("x-key-until", {}).get(key)
        if older and read.version >= parse_version(older):
            yield key, f"{key} is no longer read from EvolutionAPI {older} (renamed): {label} silently ignores it"


@rule("FL217", "invalid-chatbot-body", ERROR, target="document")
def check(ctx):
    for body in bodies(ctx.document, ctx.evolution, None):
        if body.integration == TYPEBOT or body.endpoint not in OPTION_ENDPOINTS:
            continue
        problem = _route_problem(body, ctx.evolution)
        if problem is not None:
            yield ctx.report(problem, **place(ctx, body.request))
            if "disabled" not in problem:
                continue  # no such route: its schema says nothing
        for key, message in _schema_problems(body):
            yield ctx.report(message, **place(ctx, body.request, key))

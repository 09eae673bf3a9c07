"""A setting name the configured EvolutionAPI version does not know (with "did you mean …").

## What it finds
A variable in a `.env` file or a compose service's `environment:` (or a key in a 1.x `env.yml`)
that the configured EvolutionAPI version never reads:
- a **misspelling** the catalogue knows, such as `RABBITMQ_RABBITMQ_MODE` (the 1.7 example
  file's spelling of `RABBITMQ_MODE`), `CHATWOOT_IMPORT_DATABASE_PLACEHOLDER_MEDIA_MESSAGE` (the
  1.7–1.8 example file's spelling of `CHATWOOT_IMPORT_PLACEHOLDER_MEDIA_MESSAGE`),
  `RABBITMQ_EVENTS_GROUP_UPDATE` (2.x examples; the code reads `RABBITMQ_EVENTS_GROUPS_UPDATE`),
  or `CLEAN_STORE_CLEANING_INTERVAL` on 1.6.1–1.7.4, whose code read the misspelt
  `CLEAN_STORE_CLEANING_TERMINAL`;
- a name in **lower or mixed case** whose upper-case form is a setting (`typebot_enabled`):
  environment names are case-sensitive;
- any other name that looks like an EvolutionAPI setting (upper-case, starting with the first
  word of a real setting: `TYPEBOT_`, `CHATWOOT_`, `DATABASE_`, `AUTHENTICATION_`…) but is none,
  with the closest names that version reads as suggestions.

Names of other software are left alone: anything that does not start like an EvolutionAPI
setting (`TZ`, `PATH`, `HTTP_PROXY`, `PUID`…), and these common container/runtime variables that
happen to share a first word with one: `NODE_OPTIONS`, `NODE_VERSION`, `NODE_PATH`,
`NODE_EXTRA_CA_CERTS`, `NODE_TLS_REJECT_UNAUTHORIZED`, `NODE_NO_WARNINGS`, `NODE_DEBUG`,
`DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`, `SSL_CERT_FILE`, `SSL_CERT_DIR`.
A setting that EvolutionAPI knows in other versions (renamed, removed, added later, example-only)
is FL203's, not this rule's.

## Why it matters
EvolutionAPI reads `process.env` by exact name and ignores everything else without a word. A
misspelt line looks configured and does nothing: with the 1.7 example's `RABBITMQ_RABBITMQ_MODE=global`
the RabbitMQ mode stays `isolated`; with `CHATWOOT_IMPORT_DATABASE_PLACEHOLDER_MEDIA_MESSAGE=true`
media placeholders are never imported.

## Example
```
# evolution-api 1.7.4
RABBITMQ_RABBITMQ_MODE=global
TYPEBOT_KEEPOPEN=true
```

## How to fix
Rename the variable to the name the message suggests, or delete it.
"""
import difflib

from flowlint import knowledge
from flowlint.rules import WARNING, rule
from flowlint.rules.setting_facts import judged_settings, is_yaml, label, looks_like_setting, takes_effect


def _unused(name, version) -> bool:
    unused = (knowledge.entry(name) or {}).get("unused")
    return unused is True or bool(unused) and knowledge.in_spans(unused, version)


def _misspelling(name, target, version, where):
    known, wanted = knowledge.entry(name), knowledge.entry(target) or {}
    text = f"{where} does not read {name}: the name it reads is {target}"
    if known.get("example_only"):
        text += " (EvolutionAPI's own example file has it this way)"
    if not knowledge.reads(target, version):
        text += f", which {where} does not read either"
        if wanted.get("replaced_by"):
            text += f" (replaced by {wanted['replaced_by']})"
        return text + "; this line has no effect"
    if _unused(target, version):
        default = wanted.get("default")
        return text + (f", and it ignores that value anyway ({default} always applies); this line has no effect"
                       if default else ", and it ignores that value anyway; this line has no effect")
    return text + f"; rename it to {target}"


def _suggestion(name, version) -> str:
    close = difflib.get_close_matches(name, knowledge.names_read_at(version), n=3, cutoff=0.8)
    if not close:
        return ""
    if len(close) == 1:
        return f"; did you mean {close[0]}?"
    return f"; did you mean {', '.join(close[:-1])} or {close[-1]}?"


@rule("FL202", "unknown-setting", WARNING, target="config")
def check(ctx):
    config = ctx.evolution
    version, where = config.version, label(config)
    for document, setting in judged_settings(config):
        name = setting.name
        if takes_effect(document, name, version):
            continue
        target = knowledge.misspelling_target(name, version)
        if target:
            message = _misspelling(name, target, version, where)
        elif knowledge.entry(name) is not None:
            continue  # known to other versions: FL203
        elif name != name.upper() and knowledge.entry(name.upper()) is not None:
            kind = "YAML keys" if is_yaml(document) else "environment variable names"
            message = (f"{where} does not read {name}: {kind} are case-sensitive; did you mean {name.upper()}?")
        elif is_yaml(document) or looks_like_setting(name):
            message = f"{name} is not an EvolutionAPI setting: {where} ignores it{_suggestion(name, version)}"
        else:
            continue
        yield ctx.report(message, source=setting.source, span=setting.key_span)

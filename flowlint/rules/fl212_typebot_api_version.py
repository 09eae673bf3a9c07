"""TYPEBOT_API_VERSION is `old` (or unset, which means `old`): EvolutionAPI talks to Typebot's legacy API.

## What it finds
- `TYPEBOT_API_VERSION=old` (1.x `env.yml`: `TYPEBOT.API_VERSION: old`), or an empty value, which
  EvolutionAPI reads as `old` too;
- `TYPEBOT_API_VERSION` not set at all while Typebot flows or Typebot settings/request bodies
  are linted along (so the Typebot integration is plainly in use). The finding then points at
  the image pin, else at the first config file.

Only the effective value counts (a compose `environment:` entry beats the `.env`). Any other
value (`v2`, `Latest`, `new`…) is FL201's: it is outside the allowed `old`/`latest` and reported
there, with the same consequence, so the two rules never report one line twice. Quiet when the
value is only known at deploy time, when a compose `env_file:` could not be read, and on 2.x when
the config turns Typebot off (`TYPEBOT_ENABLED` not `true`) and no flow or Typebot body is linted.

## Why it matters
Only the exact, case-sensitive value `latest` makes EvolutionAPI use Typebot's current chat API
(`/api/v1/typebots/{id}/startChat`, then `/api/v1/sessions/{id}/continueChat`). `old` — the code
default, and the value EvolutionAPI's own 1.x `src/dev-env.yml` and 2.3 `env.example` ship — uses
the legacy `/api/v1/sendMessage`, which Typebot replaced by that API and keeps only as a deprecated
route. With current Typebot builds the bot then fails to start or continue sessions: issue #454
(Typebot requests failing from EvolutionAPI) was fixed by switching to `latest` (evolution.md
§1.5, rule idea R11).

## Example
```yaml
# src/env.yml of evolution-api 1.8.2
TYPEBOT:
  API_VERSION: 'old' # old | latest
  KEEP_OPEN: true
```

## How to fix
Set `TYPEBOT_API_VERSION=latest` (in `env.yml`: `TYPEBOT.API_VERSION: latest`). Keep `old` only
for a self-hosted Typebot so old that it has no `startChat`/`continueChat` API — then silence this
rule for that file (`# flowlint: ignore FL212`).
"""
from flowlint import knowledge
from flowlint.model.session import V2
from flowlint.rules import WARNING, rule
from flowlint.knowledge.settings import config_complete, deploy_time, display, label

NAME = "TYPEBOT_API_VERSION"
LEGACY = "Typebot's legacy /api/v1/sendMessage API, which Typebot keeps only as a deprecated route"
ADVICE = ("with current Typebot builds sessions fail to start or continue (issue #454 was fixed by switching to "
          "latest); set TYPEBOT_API_VERSION=latest unless your Typebot predates its startChat/continueChat API")


def _typebot_off(ctx, config) -> bool:
    """2.x with the integration switched off and nothing Typebot linted: the API version never matters."""
    if config.version < V2 or ctx.project.flows or config.bodies:
        return False
    enabled = config.get("TYPEBOT_ENABLED")
    return enabled is None or not deploy_time(enabled) and enabled.value != "true"


@rule("FL212", "typebot-api-version", WARNING, target="config")
def check(ctx):
    config = ctx.evolution
    version, where = config.version, label(config)
    if not config.has_env or not knowledge.catalogued(version) or not knowledge.reads(NAME, version):
        return
    if _typebot_off(ctx, config):
        return
    setting = config.get(NAME)
    if setting is None:
        if (ctx.project.flows or config.bodies) and config_complete(config):
            source, span = config.anchor()
            yield ctx.report(f"{NAME} is not set, so {where} uses its default `old`: {LEGACY}; {ADVICE}",
                             source=source, span=span)
        return
    if deploy_time(setting) or setting.value not in ("old", ""):
        return  # `latest`, or a value FL201 reports
    document = next(d for d in config.documents if any(s is setting for s in d.settings))
    name = display(document, setting)
    if setting.value == "":
        text = f"{name} is empty, which {where} reads as `old`: {LEGACY}; {ADVICE}"
    else:
        text = f"{name}=old makes {where} use {LEGACY}; {ADVICE}"
    yield ctx.report(text, source=setting.source, span=setting.value_span)

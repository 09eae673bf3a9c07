"""Typebot flows are linted but the EvolutionAPI 2.x config does not set TYPEBOT_ENABLED=true.

## What it finds
A run that lints Typebot flows (or EvolutionAPI Typebot settings/request bodies) together with an
EvolutionAPI 2.x config in which `TYPEBOT_ENABLED` is missing or anything but the exact
lower-case string `true` (`True`, `1` and `yes` are false to EvolutionAPI). When it is missing
the finding points at the image pin or the first config file; otherwise at the value.

It stays quiet on 1.x, which has no such switch, when the value is only known at deploy time
(`${TYPEBOT_ENABLED}`, or `- TYPEBOT_ENABLED` passed from the host), and when a compose
`env_file:` could not be read (the setting may be there).

## Why it matters
From 2.0 the Typebot integration is off unless `TYPEBOT_ENABLED=true` (the default is false).
Then every `/typebot/*` endpoint answers 400 "Typebot is disabled" (issue #997) and no incoming
message ever reaches a bot: the flows you are linting never run.

## Example
```
# evolution-api 2.2.3, with flows/welcome.json
TYPEBOT_ENABLED=false
```

## How to fix
Set `TYPEBOT_ENABLED=true` in the EvolutionAPI environment and restart it.
"""
from flowlint.model.session import V2
from flowlint.rules import ERROR, rule
from flowlint.knowledge.settings import config_complete, deploy_time, label

NAME = "TYPEBOT_ENABLED"


@rule("FL205", "typebot-disabled", ERROR, target="config")
def check(ctx):
    config = ctx.evolution
    if not (ctx.project.flows or config.bodies) or not config.has_env or config.version < V2:
        return
    what = "Typebot flows are linted" if ctx.project.flows else "Typebot settings are linted"
    setting = config.get(NAME)
    if setting is None:
        if config_complete(config):
            source, span = config.anchor()
            yield ctx.report(f"{what}, but {NAME} is not set: {label(config)} defaults to false, so every /typebot "
                             f"endpoint fails with \"Typebot is disabled\" and no bot runs; set {NAME}=true",
                             source=source, span=span)
    elif not deploy_time(setting) and setting.value != "true":
        shown = "empty" if not setting.value else f"'{setting.value}'"
        yield ctx.report(f"{what}, but {NAME} is {shown}, which {label(config)} reads as false (only the exact "
                         "string `true` counts): every /typebot endpoint fails with \"Typebot is disabled\" and no "
                         f"bot runs; set {NAME}=true", source=setting.source, span=setting.value_span)

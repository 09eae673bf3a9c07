"""EvolutionAPI 1.x with DOCKER_ENV=true outside its image and CORS_ORIGIN, CORS_METHODS or LOG_LEVEL unset: startup crashes.

## What it finds
An EvolutionAPI 1.x config (1.6.1 up to 1.8.x) that makes 1.x read the process environment —
`DOCKER_ENV=true` in a `.env` — outside the official Docker image, in which `CORS_ORIGIN`,
`CORS_METHODS` or `LOG_LEVEL` is not set at all. One finding names every missing one; it points at
the image pin, else at the first config file.

It stays quiet when the official image runs the config (a compose service with an EvolutionAPI
image is linted along, or the `.env`'s name or folder says Docker): every 1.x Dockerfile sets
`ENV CORS_ORIGIN=*`, `ENV CORS_METHODS=POST,GET,PUT,DELETE` and `ENV LOG_LEVEL=…`, so there the
three are never unset. An empty value (`CORS_ORIGIN=`) does not crash either: an empty string
splits fine. Which settings crash, and until which release, is data in the settings catalogue
(`crashes_when_unset`).

## Why it matters
With `DOCKER_ENV=true`, 1.x builds its config from `process.env` and calls
`process.env.CORS_ORIGIN.split(',')`, `process.env.CORS_METHODS.split(',')` and
`process.env?.LOG_LEVEL.split(',')` with no null guard (evolution.md §1.1, rule idea R20). If one
is missing, the config service throws `TypeError: Cannot read properties of undefined (reading
'split')` while the app boots, and EvolutionAPI never starts. The `?.` guard came only in 2.1.2
(commit fe4a439f); upgrading to 2.x also fixes it.

## Example
```
# .env, exported into the environment of evolution-api 1.8.2 run from source
DOCKER_ENV=true
AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7a0b2e4f6
TYPEBOT_KEEP_OPEN=true
```

## How to fix
Set all three, for instance the values the official image uses:
`CORS_ORIGIN=*`, `CORS_METHODS=POST,GET,PUT,DELETE` and
`LOG_LEVEL=ERROR,WARN,DEBUG,INFO,LOG,VERBOSE,DARK,WEBHOOKS`; or run the official image.
"""
from flowlint import knowledge
from flowlint.model.session import V2
from flowlint.rules import ERROR, rule
from flowlint.knowledge.settings import config_complete, deploy_time, image_in_play, label

SWITCH = "DOCKER_ENV"


def _example(name, version) -> str:
    """A value to suggest: every item the version allows for a list, else the code default."""
    known = knowledge.entry(name) or {}
    allowed = [a for a in known.get("allowed", ()) if knowledge.allowed_at(name, a, version)]
    return ",".join(allowed) if allowed else known.get("default") or "*"


@rule("FL211", "startup-crash-missing-setting", ERROR, target="config")
def check(ctx):
    config = ctx.evolution
    version = config.version
    if not knowledge.catalogued(version) or version >= V2 or not config.has_env or image_in_play(config):
        return
    switch = config.get(SWITCH)
    if switch is None or deploy_time(switch) or switch.value != "true" or not config_complete(config):
        return
    missing = [name for name in knowledge.crashes_when_unset(version) if config.get(name) is None]
    if not missing:
        return
    names = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
    verb = "is" if len(missing) == 1 else "are"
    fixes = ", ".join(f"{name}={_example(name, version)}" for name in missing)
    source, span = config.anchor()
    yield ctx.report(
        f"{SWITCH}=true makes {label(config)} build its config from the process environment, where {names} {verb} "
        f"not set: 1.x splits {'it' if len(missing) == 1 else 'them'} with no null guard, so startup crashes with a "
        f"TypeError (reading 'split') and EvolutionAPI never starts; set {fixes}", source=source, span=span)

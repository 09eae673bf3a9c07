"""The EvolutionAPI version cannot be determined, or is newer than any release flowlint knows.

## What it finds
EvolutionAPI configs linted without a version: no `--evolution-version`, no
`evolution-version` in the config, and a compose image without a version tag (`latest`,
`homolog`, no tag). The message says which releases the settings present fit (the catalogued
releases that read the most of them; a `mongodb://` database URI is 1.x, an `env.yml` only 1.x
reads): findings that depend on the version are reported only when they hold on each of those.
Also a pinned version newer than the newest release flowlint knows (`2.3.7`, `9.9.9`): the
rules then read it as that newest release, and this says so, once.

## Why it matters
What a setting does depends on the version: `TYPEBOT_KEEP_OPEN` is the fix for the restart loop
on 1.6.1–1.8.x and ignored on 2.x; `latest` moves under you. Findings made under an assumed
version may not be true of the one you deploy.

## Example
```yaml
services:
  evolution:
    image: atendai/evolution-api:latest
```

## How to fix
Pin the image (`atendai/evolution-api:v1.8.2`, `evoapicloud/evolution-api:v2.3.6`), or pass
`--evolution-version`, or set `evolution-version` in `[tool.flowlint]`.
"""
from flowlint.model.evolution import NEWEST, format_version
from flowlint.rules import WARNING, rule


@rule("FL401", "version-unknown", WARNING, target="config")
def check(ctx):
    config = ctx.evolution
    if not config.has_env:
        return
    pin = config.pin
    source, span = config.anchor()
    if config.beyond_catalogue:
        yield ctx.report(f"EvolutionAPI {pin.text} ({pin.origin}) is newer than any release flowlint knows (the newest "
                         f"is {format_version(NEWEST)}): version rules read it as {format_version(NEWEST)}",
                         source=source, span=span)
        return
    if config.version_known:
        return
    if pin is not None and "$" in pin.origin:
        why = f"the image {pin.origin} is chosen by a variable when the container starts"
    elif pin is not None and pin.text:
        why = f"'{pin.text}' ({pin.origin}) is not a version"
    elif pin is not None:
        why = f"the image {pin.origin} has no version tag"
    else:
        why = "no image tag, --evolution-version or evolution-version setting pins it"
    if config.inferred:
        assumed = (f"the settings present fit EvolutionAPI {config.range_text()}, so what depends on the version is "
                   "reported only when it holds on all of these")
    else:
        assumed = f"version rules assumed {format_version(config.version)}"
    yield ctx.report(f"EvolutionAPI version unknown: {why}; {assumed}", source=source, span=span)

"""The EvolutionAPI version cannot be determined; version rules assumed the newest.

## What it finds
EvolutionAPI configs linted without a version: no `--evolution-version`, no
`evolution-version` in the config, and a compose image without a version tag (`latest`,
`homolog`, no tag).

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
from flowlint.model.evolution import format_version
from flowlint.rules import WARNING, rule


@rule("FL401", "version-unknown", WARNING, target="config")
def check(ctx):
    config = ctx.evolution
    if config.version_known or not config.has_env:
        return
    pin = config.pin
    if pin is not None and "$" in pin.origin:
        why = f"the image {pin.origin} is chosen by a variable when the container starts"
    elif pin is not None and pin.text:
        why = f"'{pin.text}' ({pin.origin}) is not a version"
    elif pin is not None:
        why = f"the image {pin.origin} has no version tag"
    else:
        why = "no image tag, --evolution-version or evolution-version setting pins it"
    source, span = config.anchor()
    yield ctx.report(f"EvolutionAPI version unknown: {why}; version rules assumed {format_version(config.version)}",
                     source=source, span=span)

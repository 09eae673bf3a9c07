"""A pinned EvolutionAPI version with a known Typebot-session regression.

## What it finds
A config whose EvolutionAPI version is pinned (an image tag, `--evolution-version`, or
`evolution-version` in the flowlint config) to a release inside the span of a known regression
in the Typebot session handling. The list is data, `schemas/evolution-regressions.json`, with
each regression's versions, issues and fixing pull request; today it holds:
- **2.1.0 up to 2.2.x** — a session's `expire` never fires: the controller returns before the
  expire check whenever the session is not awaiting user input (issues #1260, #1654; fixed in
  2.3.0 by PR #1264);
- **2.3.0 – 2.3.2** — a paused session skips all processing, expire included, so a session paused
  by a change-status call or by `stopBotFromMe` never resumes (introduced by PR #1599, fixed in
  2.3.3 by PR #1928).

It stays quiet when the version is not pinned (FL401 says so), and on 2.x when the config turns
Typebot off (`TYPEBOT_ENABLED` not `true`) and no flow or Typebot body is linted: then no Typebot
session runs at all.

## Why it matters
These are bugs in EvolutionAPI, not in your flow or config: the flow is sound and the settings
are right, and still contacts get stuck or never come back to the bot. Knowing that the release
is the cause saves the hours spent on the flow.

## Example
```yaml
services:
  evolution:
    image: atendai/evolution-api:v2.2.3
```

## How to fix
Upgrade to a release after the fix (2.3.3 or later fixes both). Until then, end each flow with
an explicit change-status call (`delete` or `opened`) rather than relying on `expire` or on a
paused session coming back.
"""
from flowlint import knowledge
from flowlint.model.evolution import parse_version
from flowlint.model.session import V2
from flowlint.rules import WARNING, rule
from flowlint.knowledge.settings import deploy_time, label


def _typebot_off(ctx, config) -> bool:
    if ctx.project.flows or config.bodies or config.version < V2:
        return False
    setting = config.get("TYPEBOT_ENABLED")
    if setting is not None and deploy_time(setting):
        return False  # decided at deploy time
    return setting is None or setting.value != "true"


def _numbers(prefix, numbers) -> str:
    return ", ".join(f"{prefix}#{n}" for n in numbers)


@rule("FL403", "known-regression", WARNING, target="config")
def check(ctx):
    config = ctx.evolution
    if not config.version_known or not config.has_env or _typebot_off(ctx, config):
        return
    for known in knowledge.regressions():
        since, until = parse_version(known["since"]), parse_version(known["until"])
        if not since <= config.version < until:
            continue
        refs = ", ".join(filter(None, [_numbers("issue ", known.get("issues", ())),
                                       _numbers("PR ", known.get("pull_requests", ()))]))
        source, span = config.anchor()
        yield ctx.report(f"{label(config)} has a known Typebot-session regression (versions {known['since']} up to "
                         f"{known['until']}, not included): {known['summary']} ({refs}); {known['fix']}",
                         source=source, span=span)

"""EvolutionAPI 1.6.1 ≤ version < 2.0 with TYPEBOT_KEEP_OPEN absent or not exactly `true`.

## What it finds
An EvolutionAPI 1.x config (a `.env`, an `env.yml`, a compose service's `environment:`) for a
version from 1.6.1 up to 1.8.x in which `TYPEBOT_KEEP_OPEN` is missing, or set to anything but
the exact lower-case string `true` (`True`, `1`, `yes` are all false to EvolutionAPI).

## Why it matters
Since 1.6.1 (PR #283, answering issue #273; users blame 1.7.0, see #579 and #541) EvolutionAPI
deletes the Typebot session as soon as a flow reaches its end, unless this setting is `true`.
The user's next message then starts the flow from the beginning: the bot greets again, forever.
2.x ignores this setting (it uses the per-bot `keepOpen`), so this rule only applies to 1.x.

## Example
```
# evolution-api 1.7.4
TYPEBOT_API_VERSION=latest
```

## How to fix
Add `TYPEBOT_KEEP_OPEN=true`, or end every path of the flow with a change-status call
(`POST /typebot/changeStatus/{instance}` with `{"remoteJid": "{{remoteJid}}", "status": "paused"}`).
"""
from flowlint.model.session import CLOSES_SINCE, V2, version_label
from flowlint.rules import WARNING, rule
from flowlint.rules.anchors import config_anchor


@rule("FL200", "missing-keep-open", WARNING, target="config")
def check(ctx):
    config = ctx.evolution
    if not config.has_env or not CLOSES_SINCE <= config.version < V2:
        return
    setting = config.get("TYPEBOT_KEEP_OPEN")
    label = version_label(config)
    if setting is None:
        source, span = config_anchor(config)
        yield ctx.report(f"TYPEBOT_KEEP_OPEN is not set: {label} deletes the Typebot session when a flow ends, "
                         "so the next message restarts the flow; set TYPEBOT_KEEP_OPEN=true", source=source, span=span)
    elif not setting.interpolated and setting.value != "true":
        shown = "empty" if not setting.value else f"'{setting.value}'"
        yield ctx.report(f"TYPEBOT_KEEP_OPEN is {shown}, which {label} reads as false (only the exact string `true` "
                         "counts): the session is deleted when a flow ends and the next message restarts it",
                         source=setting.source, span=setting.value_span)

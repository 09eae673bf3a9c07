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
Add `TYPEBOT_KEEP_OPEN=true`, or on every path pause the session with a change-status call
(`POST /typebot/changeStatus/{instance}` with `{"remoteJid": "{{remoteJid}}", "status": "paused"}`)
and then wait for the user: an input block after the call. A call as the flow's last step does
not help: it runs inside the chat turn, and the end of the flow deletes the session anyway
(issue #458; FL400 explains).

`flowlint check --fix` sets a wrong value to `true` where it is written, or appends
`TYPEBOT_KEEP_OPEN=true` to the `.env` file the deployment reads (the compose service's
`env_file`, else the `.env` given).
"""
import re

from flowlint.diagnostics import Edit
from flowlint.fixcheck import SettingReads
from flowlint.fixes import newline_of
from flowlint.kinds import COMPOSE, ENV, YAML
from flowlint.model.session import CLOSES_SINCE, V2, version_label
from flowlint.rules import WARNING, rule


NAME = "TYPEBOT_KEEP_OPEN"
_PROPERTIES = re.compile(r"(?:[&!]\S*[ \t]+)*")  # YAML `&anchor` / `!tag` before a value
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*([ \t]+#[^\r\n]*)?[ \t]*(?=\r?\n)")


def _append_to_env(config):
    """The edit appending the setting to the .env read last, or None without one."""
    env_files = [d for d in config.documents if d.kind == ENV and d.source.fs_path is not None]
    if not env_files:
        return None
    source = env_files[-1].source
    newline = newline_of(source.text)
    lead = newline if source.text and not source.text.endswith("\n") else ""
    end = len(source.text)
    return Edit(end, end, f"{lead}TYPEBOT_KEEP_OPEN=true{newline}", source=source,
                expect=SettingReads(None, NAME, "true"))


def _near_miss(config):
    """A binding whose name is a misspelling of TYPEBOT_KEEP_OPEN (unknown-setting renames it)."""
    import difflib

    names = {setting.name: setting for document in config.documents for setting in document.settings}
    close = difflib.get_close_matches(NAME, [n for n in names if n != NAME], n=1, cutoff=0.85)
    return names[close[0]] if close else None


def _set_true(setting, yaml: bool):
    """The edit making the value as written read `true`: quotes, a YAML anchor and comments stay;
    a YAML block scalar (`|` with the value on the lines below) becomes a plain `true`. None where
    no edit is certain (an explicit YAML tag)."""
    start, end = setting.value_start, setting.value_end
    written = setting.source.text[start:end]
    if yaml:
        properties = _PROPERTIES.match(written).group()
        if any(p.startswith("!") and p != "!!str" for p in properties.split()):
            return None  # `!!int 1`: `true` is no value of that tag
        start, written = start + len(properties), written[len(properties):]
        block = _BLOCK_HEADER.match(written)
        if block:
            return Edit(start, start + len(written.rstrip()), "true" + (block.group(1) or ""),
                        expect=SettingReads(setting.key_span, NAME, "true"))
    elif written.startswith("#") or not written and setting.source.text.startswith("#", end):
        # `KEY= # note` (an empty value, then a comment) or `KEY=#x`: the value goes before it
        return Edit(start, start, "true ", expect=SettingReads(setting.key_span, NAME, "true"))
    quote = written[0] if written[:1] in ("'", '"') and written.endswith(written[0]) and len(written) > 1 else ""
    return Edit(start, end, f"{quote}true{quote}", expect=SettingReads(setting.key_span, NAME, "true"))


@rule("FL200", "missing-keep-open", WARNING, target="config", fixable=True)
def check(ctx):
    config = ctx.evolution
    if not config.has_env or not CLOSES_SINCE <= config.version < V2:
        return
    setting = config.get(NAME)
    label = version_label(config)
    if setting is not None and setting.interpolated:
        return  # only known when the container starts
    if setting is None or setting.value is None:
        near = _near_miss(config)
        source, span = (setting.source, setting.key_span) if setting is not None else config.anchor()
        fix = None if near else _append_to_env(config)
        hint = (f" ({near.name} on line {near.key_span.line} of {near.source.path} looks like it: unknown-setting "
                "renames it)") if near else ""
        yield ctx.report(f"TYPEBOT_KEEP_OPEN is not set{hint}: {label} deletes the Typebot session when a flow "
                         "ends, so the next message restarts the flow; set TYPEBOT_KEEP_OPEN=true",
                         source=source, span=span, edits=(fix,) if fix else ())
    elif setting.value != "true":
        if setting.value == "false":
            why = f"TYPEBOT_KEEP_OPEN=false: {label} deletes the Typebot session when a flow ends"
        else:
            shown = "empty" if not setting.value else f"'{setting.value}'"
            why = (f"TYPEBOT_KEEP_OPEN is {shown}, which {label} reads as false (only the exact string `true` "
                   "counts): the session is deleted when a flow ends")
        kind = next((d.kind for d in config.documents if d.source is setting.source), ENV)
        fix = _set_true(setting, yaml=kind in (YAML, COMPOSE))
        yield ctx.report(f"{why}, and the next message restarts the flow", source=setting.source,
                         span=setting.value_span, edits=(fix,) if fix else ())

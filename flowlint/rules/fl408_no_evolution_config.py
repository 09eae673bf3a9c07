"""A flow linted with no EvolutionAPI config at all: the session rules did not run.

## What it finds
A Typebot flow for which flowlint read no EvolutionAPI config: none given in the run, none named
in `evolution-config`, and none found from the flow's folder up to the project root (a compose
file running an EvolutionAPI image, a `.env`/`env.yml` with EvolutionAPI settings, a
bot-settings file such as `typebot-settings.json`), or discovery turned off (`--no-discover`).

## Why it matters
Whether the flow restarts on the user's next message (FL400), stays silent forever (FL407) or
answers every message (FL406) depends on the server's settings. Without them those rules cannot
judge the flow, and "No problems found" would read as "no restart loop" when nothing was
checked: a pre-commit run that passes only the changed flow used to say exactly that.
It is info, not a warning: nothing in the flow is wrong, and a repo of flows whose server is
configured elsewhere is sound; the finding says what was not checked, not what to fix.

## Example
`flowlint check flows/welcome.json` in a repo with no compose file, `.env` or `env.yml` on the
way from `flows/` up to the folder holding `.git`.

## How to fix
Keep the deployment's compose file or `.env` beside the flows (or in a folder above them, up to
the project root), name it in `evolution-config` in `[tool.flowlint]` / `.flowlint.toml`, or pass
it on the command line with the flow. Where the server really is elsewhere,
`ignore = ["FL408"]`.
"""
from flowlint.diagnostics import Span
from flowlint.rules import INFO, rule


@rule("FL408", "no-evolution-config", INFO, target="flow")
def check(ctx):
    if ctx.evolution is not None:
        return
    settings = ctx.project.settings
    if settings.evolution_config:
        where = "evolution-config names no readable EvolutionAPI config"
    elif settings.discover:
        where = "none given, named in evolution-config, or found from the flow's folder up to the project root"
    else:
        where = "none given or named in evolution-config, and discovery is off"
    yield ctx.report(f"no EvolutionAPI config read for this flow ({where}): the session rules "
                     "(FL400 restart-loop, FL404-FL407) did not run", span=Span.whole_file())

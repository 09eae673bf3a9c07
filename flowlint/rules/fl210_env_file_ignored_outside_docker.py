"""An EvolutionAPI 1.x `.env` that 1.x ignores: DOCKER_ENV is not `true` where the file is used.

## What it finds
An EvolutionAPI 1.x config (1.6.1 up to 1.8.x, pinned with `--evolution-version` or the
`evolution-version` setting) made only of `.env` files — no compose service with an EvolutionAPI
image, no `env.yml` — in which:
- `DOCKER_ENV` is written as anything but exactly `true` (`false`, `True`, `1`, empty): wherever
  the file is loaded, 1.x then ignores the process environment; or
- `DOCKER_ENV` is left out and the `.env` sits at the root of an EvolutionAPI source checkout
  (a `package.json` named `evolution-api` beside it), where `npm run start:prod` runs 1.x from
  source and nothing sets `DOCKER_ENV`.

One finding per `.env` file, on its first line. It stays quiet when a compose file with an
EvolutionAPI image is linted along (the official image sets `DOCKER_ENV=true` itself), when the
value is only known at deploy time (`DOCKER_ENV=${…}`), on 2.x (which loads `.env` with dotenv),
and when `DOCKER_ENV` is left out of a `.env` that is not in a source checkout: such a file is
usually handed to the official image (`docker run --env-file`, a compose file not linted here),
which sets `DOCKER_ENV=true`.

## Why it matters
EvolutionAPI 1.x has no `.env` loader (evolution.md §1.1, rule idea R20). Its config service reads
`process.env` only when `DOCKER_ENV` is exactly `true`, and otherwise loads `src/env.yml` (the
copy of `src/dev-env.yml` you are meant to make). Run from source, every line of a `.env` is
silently ignored: the instance runs on whatever `src/env.yml` says — or does not start when that
file was never made — and fixes written in the `.env` (`TYPEBOT_KEEP_OPEN=true` for the restart
loop of #273/#579, a new API key) never take effect. A `DOCKER_ENV` other than `true` does the same
inside the official image, where it overrides the image's own `DOCKER_ENV=true` (and the image
ships no `src/env.yml`, so 1.x fails to start).

## Example
```
# .env in a git checkout of evolution-api 1.8.2, started with `npm run start:prod`
AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7a0b2e4f6
TYPEBOT_KEEP_OPEN=true
```

## How to fix
Either run 1.x through the official image (`atendai/evolution-api:v1.8.2` with this file as its
`env_file`, and lint the compose file together with it), or, from source, copy
`src/dev-env.yml` to `src/env.yml` and make the settings there. Loading the file into the process
environment yourself also works, with `DOCKER_ENV=true` in it: `set -a; . ./.env; set +a` before
`npm run start:prod`, or an `EnvironmentFile=` / pm2 `env_file`. Never write `DOCKER_ENV=false`.
"""
from flowlint import knowledge
from flowlint.diagnostics import Span
from flowlint.kinds import ENV
from flowlint.model.session import V2
from flowlint.rules import WARNING, rule
from flowlint.knowledge.settings import deploy_time, env_only, in_source_checkout, label

NAME = "DOCKER_ENV"


@rule("FL210", "env-file-ignored-outside-docker", WARNING, target="config")
def check(ctx):
    config = ctx.evolution
    version = config.version
    if not knowledge.catalogued(version) or version >= V2 or not env_only(config):
        return
    setting = config.get(NAME)
    if setting is not None and (deploy_time(setting) or setting.value == "true"):
        return
    where = label(config)
    env_files = [d for d in config.documents if d.kind == ENV]
    if setting is None:
        env_files = [d for d in env_files if in_source_checkout(d)]
        why = (f"{NAME} is not set and this file sits in an EvolutionAPI source checkout, so run from source with "
               f"`npm run start:prod`")
    else:
        shown = "empty" if not setting.value else f"'{setting.value}'"
        why = (f"{NAME} is {shown}, not exactly `true` (in the official image it overrides the image's own "
               f"{NAME}=true), so")
    for document in env_files:
        yield ctx.report(
            f"{where} reads no .env file itself: only with {NAME}=true does it read the process environment (the "
            f"official Docker image sets it); {why} it loads src/env.yml and silently ignores every setting in this "
            f"file; run it with the official image (and lint its compose file along), or copy src/dev-env.yml to "
            f"src/env.yml and set them there, or load this file into the environment with {NAME}=true",
            source=document.source, span=Span.whole_file())

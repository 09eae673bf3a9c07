"""An EvolutionAPI settings file under a name EvolutionAPI never loads.

## What it finds
A 1.x `env.yml`-style settings file (YAML with EvolutionAPI's sections: SERVER, DATABASE,
TYPEBOT…) whose file name is not `env.yml`: `src/.env.yml`, `env.yaml`, `src/dev-env.yml`,
`config.yml`… One finding per file, on its first line.

## Why it matters
EvolutionAPI 1.x reads its YAML settings from exactly one path, `src/env.yml` below the directory
it runs in, and only when `DOCKER_ENV` is not `true` (1.6.1 to 1.8.2 src/config/env.config.ts:
`readFileSync(join(process.cwd(), 'src', 'env.yml'))`, line 186 in 1.6.1, 264 in 1.8.2). 2.x
reads no YAML at all: it loads `.env` with dotenv and the process environment
(2.3.6 src/config/env.config.ts:2-4). A settings file under any other name is never loaded:
what it says — and what flowlint's other findings on it say — does not take effect, and the
instance runs on its defaults (or fails to start for want of `src/env.yml`).
`src/dev-env.yml` is EvolutionAPI's own example, meant to be copied to `src/env.yml`.

## Example
`src/.env.yml` next to the `src/` of an EvolutionAPI 1.8.2 checkout.

## How to fix
Name the file `src/env.yml` (1.x), or move the settings into the `.env` or the compose
`environment:` the server reads (2.x, or 1.x in Docker).
"""
from flowlint.diagnostics import Span
from flowlint.kinds import YAML
from flowlint.rules import WARNING, rule

READ_NAME = "env.yml"


@rule("FL213", "file-never-read", WARNING, target="document")
def check(ctx):
    document = ctx.document
    if document.kind != YAML:
        return
    name = document.path.replace("\\", "/").rsplit("/", 1)[-1]
    if name != READ_NAME:
        yield ctx.report(f"EvolutionAPI never reads a settings file named '{name}': 1.x loads only src/{READ_NAME} "
                         "(and only outside Docker), 2.x no YAML at all; nothing in this file takes effect",
                         span=Span(1, 1, 1, 1))

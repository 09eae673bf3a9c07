"""A file that is neither a Typebot flow nor an EvolutionAPI config.

## What it finds
A file named on the command line whose content is not a Typebot export (JSON with `groups`),
an EvolutionAPI `.env`, a 1.x `env.yml`, a compose file with an EvolutionAPI service, or a
Typebot request/settings body. Files met while walking a directory are skipped instead.

## Why it matters
A pre-commit hook or CI step that names a wrong file would otherwise pass silently: the file
you meant to lint was not linted.

## Example
`flowlint check package.json`

## How to fix
Point flowlint at the flow export or config you meant, or narrow the hook's `files:` pattern.
"""
from flowlint.rules import ERROR, rule


@rule("FL002", "unknown-file-kind", ERROR, target="document")
def check(ctx):
    document = ctx.document
    if document.kind is None and document.error is None:
        yield ctx.report(f"not a Typebot flow or EvolutionAPI config: {document.unknown_reason}")

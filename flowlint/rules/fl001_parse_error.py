"""The file cannot be parsed: invalid JSON, YAML or .env syntax, or not UTF-8 text.

## What it finds
A file flowlint cannot read at all: a truncated or malformed JSON export, a YAML syntax error,
a `.env` line that is not `KEY=VALUE`, a binary file, or bytes that are not UTF-8. The
diagnostic points at the first offending character.

## Why it matters
Typebot refuses to import a broken export and EvolutionAPI reads a broken config only in part
(python-dotenv and Node's dotenv skip lines they cannot parse, silently). Nothing else can be
checked in a file that does not parse.

## Example
```json
{"version": "6", "groups": [
```

## How to fix
Re-export the flow from Typebot, or correct the syntax at the reported position. Save files as
UTF-8 (without a BOM for `.env` files used by Node).
"""
from flowlint.rules import ERROR, rule


@rule("FL001", "parse-error", ERROR, target="document")
def check(ctx):
    error = ctx.document.error
    if error is not None:
        message, span = error
        yield ctx.report(message, span=span)

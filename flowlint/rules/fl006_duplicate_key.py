"""A key given twice in one JSON object, `.env` file or YAML mapping; the last one silently wins.

## What it finds
The second (and later) occurrence of a key in the same JSON object or YAML mapping, or of a
setting in one `.env` file.

## Why it matters
Every parser involved keeps only the last value, without a word. Someone edits the first
`TYPEBOT_KEEP_OPEN=true`, a later `TYPEBOT_KEEP_OPEN=false` still wins, and the bot loops.

## Example
```
TYPEBOT_KEEP_OPEN=true
...
TYPEBOT_KEEP_OPEN=false
```

## How to fix
Keep one binding per key: delete the one you do not mean.
"""
from flowlint.rules import WARNING, rule


@rule("FL006", "duplicate-key", WARNING, target="document")
def check(ctx):
    for duplicate in ctx.document.duplicates:
        yield ctx.report(
            f"'{duplicate.key}' is given again (first on line {duplicate.first_line}); this later value silently wins",
            span=duplicate.span, pointer=duplicate.pointer,
        )

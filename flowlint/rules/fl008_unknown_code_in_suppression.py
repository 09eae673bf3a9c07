"""A `# flowlint: ignore` comment naming a rule code or name flowlint does not know.

## What it finds
In a `.env` or YAML file, a code, code prefix or rule name in a `# flowlint: ignore …` or
`# flowlint: ignore-file …` comment that names no rule (`flowlint rules` lists them); the finding
points at it. (An unknown code in `per-file-ignores`, `select` or `ignore` of the config is a
usage error: exit 2.)

## Why it matters
A mistyped code silences nothing: the finding it was meant for is still reported, or, once the
comment is trusted, someone adds the next suppression on the wrong belief that this one works.

## Example
```
# flowlint: ignore FL2OO -- (the letter O, not a zero)
```

## How to fix
Write the rule's code (`FL200`) or name (`missing-keep-open`), or delete the comment.
"""
from flowlint.rules import WARNING, rule, valid_selector


@rule("FL008", "unknown-code-in-suppression", WARNING, target="document")
def check(ctx):
    for directive in ctx.document.suppressions.directives:
        for selector, span in directive.selectors:
            if not valid_selector(selector):
                yield ctx.report(f"'{selector}' is no rule code, prefix or name flowlint knows (see `flowlint rules`); "
                                 "this suppression silences nothing with it", span=span)

"""A `{{name}}` or variableId that is not declared.

## What it finds
- a `variableId` (or any `…VariableId` key) in a block, item, event or the WhatsApp start
  condition that names no id in the flow's `variables`;
- a `{{Name}}` or `${{Name}}` in a string (bubble text, HTTP url/body/headers, expressions,
  Wait seconds, Jump/link targets, choice items…) that names no declared variable
  (inline code `{{= … =}}` is code, not a name; the `{{Name}}` inside it is checked);
- a Code block's `setVariable("Name", …)` naming no declared variable.

## Why it matters
Typebot looks variables up in the flow's own `variables` list. An undeclared `{{Name}}` renders
as an empty string; an answer or Set variable aimed at an unknown id is not saved; a
`setVariable` for an unknown name is dropped. EvolutionAPI's prefilled variables (`remoteJid`,
`pushName`, `instanceName`, …) are applied only to variables declared in the flow, so an
undeclared `{{remoteJid}}` is empty too. It usually happens when a variable is deleted or
renamed, or a block is copied from another bot.

## Example
```json
{"type": "text", "content": {"richText": [{"type": "p", "children": [{"text": "Hi {{remoteJid}}"}]}]}}
```
with no variable named `remoteJid` in `variables`.

## How to fix
Declare the variable (in the editor: type its name in any variable picker and create it), or
re-select an existing variable in the block, then re-export the flow.
"""
import json

from flowlint.model.variables import PREFILLED, READ, READ_WRITE, WRITE, usage
from flowlint.rules import ERROR, rule

_ID_EFFECT = {
    WRITE: "the value is never stored",
    READ: "it is always empty",
    READ_WRITE: "nothing is stored in it or read from it",
}


def _span(source, pointer: str, literal: str):
    """The exact characters of `literal` inside the JSON string at `pointer` (escaped or not)."""
    start, end = source.find_in_value(pointer, literal)
    member = source.locator.member(pointer)
    if (start, end) == (member.start, member.end):  # not found as written: try its JSON escaping
        escaped = json.dumps(literal)[1:-1]
        if escaped != literal:
            start, end = source.find_in_value(pointer, escaped)
    return source.span(start, end)


def _did_you_mean(name: str, declared: list) -> str:
    if "(" in name:
        return "; to run code, write it as inline code {{= … =}}"
    import difflib

    close = difflib.get_close_matches(name, declared, n=1, cutoff=0.7)
    if not close:
        close = [d for d in declared if d.lower() == name.strip().lower()][:1]
    return f"; did you mean '{close[0]}'?" if close else ""


def _message(name: str, use, hint: str) -> str:
    if use.in_code:
        return f"setVariable({use.literal}) names no declared variable: Typebot drops the value{hint}"
    if name in PREFILLED:
        return (f"{use.literal} names no declared variable: EvolutionAPI prefills '{name}' only into a variable "
                f"the flow declares, so it renders as an empty string; declare a variable named '{name}'")
    times = f" ({use.count} times in this text)" if use.count > 1 else ""
    return f"{use.literal} names no declared variable{times}: it renders as an empty string{hint}"


@rule("FL107", "undefined-variable", ERROR, target="flow")
def check(ctx):
    flow = ctx.flow
    declared_ids = {v.id for v in flow.variables if v.id is not None}
    declared_names = {v.name for v in flow.variables if v.name is not None}
    found = usage(flow)
    for variable_id, uses in found.by_id.items():
        if variable_id in declared_ids:
            continue
        for use in uses:
            effect = _ID_EFFECT[use.access]
            yield ctx.report(f"{use.key} '{variable_id}' names no declared variable: {effect}",
                             pointer=use.pointer, ids=use.ids, group_id=use.group_id)
    names = sorted(declared_names)
    source = ctx.document.source
    for name, uses in found.by_name.items():
        if name in declared_names:
            continue
        hint = "" if name in PREFILLED else _did_you_mean(name, names)
        for use in uses:
            pointer = use.pointer  # (made on each call)
            yield ctx.report(_message(name, use, hint), pointer=pointer,
                             span=_span(source, pointer, use.literal), ids=use.ids, group_id=use.group_id)

"""A declared variable nothing reads or writes.

## What it finds
A variable in the flow's `variables` that no block, item or event names — by id (`variableId`
and the other `…VariableId` keys) or by name (`{{Name}}`, a Code block's `setVariable`) — and
that EvolutionAPI does not prefill (`remoteJid`, `pushName`, … count as written).

## Why it matters
It is dead weight: left over after a block was deleted, or a sign that a block which should
use it was never wired (the answer you meant to store goes elsewhere). The variable still
appears in every variable picker and in the results table, empty.

## Example
```json
"variables": [{"id": "v1", "name": "Email"}]
```
with no block that asks for, sets or shows `Email`.

## How to fix
Use it where it was meant to be used, or delete it in the editor's variables panel.
"""
from flowlint.model.variables import evolution_version, name_pointer, prefilled_names, start_variables, usage
from flowlint.rules import INFO, rule


@rule("FL108", "unused-variable", INFO, target="flow")
def check(ctx):
    flow = ctx.flow
    found = usage(flow)
    external = prefilled_names(evolution_version(ctx.evolution, ctx.project.settings.evolution_version))
    external |= start_variables(ctx.evolution, flow)
    for variable in flow.variables:
        if variable.name in external or found.uses_of(variable):
            continue
        label = variable.name if variable.name is not None else variable.id
        yield ctx.report(f"variable '{label}' is declared but nothing reads or writes it",
                         pointer=variable.pointer, span=ctx.document.source.pointer_span(name_pointer(variable)), ids=(variable.id,))

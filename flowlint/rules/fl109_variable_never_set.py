"""A variable that is read but nothing sets (EvolutionAPI's prefilled ones count as set).

## What it finds
A declared variable that something reads — a `{{Name}}`, a Condition comparison, a choice's
dynamic items, a list a Set variable maps over — while nothing in the flow gives it a value:
no input block stores an answer in it, no Set variable targets it, no HTTP or integration
response mapping fills it, no `save…VariableId` key names it, no Code block calls
`setVariable("Name", …)`, and its declaration has no default `value`.

EvolutionAPI's prefilled variables count as set, by version: `remoteJid`, `pushName`,
`instanceName` (all versions), `messageType` (1.7.1 to 1.8.x), `serverUrl`, `apiKey` and
`ownerJid` (2.x). Without an EvolutionAPI config or a known version, all of them count. Names
passed in the `variables` of an EvolutionAPI start call kept in a config file count too.

## Why it matters
The variable is always empty when it is read: the bubble shows nothing, the condition never
matches, the HTTP call sends an empty field. Typical causes: the input that should fill it
stores its answer in another variable, or the flow expects a prefilled value that this
EvolutionAPI version does not send (`serverUrl` on 1.x) or spells differently (`remotejid`).

## Example
```json
"variables": [{"id": "v1", "name": "serverUrl"}]
```
read as `{{serverUrl}}` in an HTTP block, on EvolutionAPI 1.8.2, which does not prefill it.

## How to fix
Store a value in it (an input's "Save answer in a variable", a Set variable block), correct
the name of the prefilled variable, or — when it really comes from outside (URL parameters,
the API's `prefilledVariables`, a parent bot through a Typebot link) — ignore FL109 for this file.
"""
from flowlint.model.evolution import format_version
from flowlint.model.variables import (
    PREFILLED, evolution_version, name_pointer, prefilled_names, start_variables, usage,
)
from flowlint.rules import WARNING, rule


def _hint(name: str, version) -> str:
    if name in PREFILLED:
        _, _, which = PREFILLED[name]
        return f"; EvolutionAPI {format_version(version)} does not prefill '{name}' ({which} sends it)"
    same = [p for p in PREFILLED if p.lower() == name.strip().lower()]
    if same:
        return f"; EvolutionAPI prefills '{same[0]}', and variable names are case-sensitive"
    return ", so it is empty unless it is passed in from outside"


@rule("FL109", "variable-never-set", WARNING, target="flow")
def check(ctx):
    flow = ctx.flow
    found = usage(flow)
    version = evolution_version(ctx.evolution, ctx.project.settings.evolution_version)
    prefilled = prefilled_names(version) | start_variables(ctx.evolution, flow)
    for variable in flow.variables:
        if variable.name in prefilled or variable.data.get("value") is not None:
            continue
        reads = found.reads_of(variable)
        if not reads or found.is_written(variable):
            continue
        label = variable.name if variable.name is not None else variable.id
        more = f" and {len(reads) - 1} more place{'s' if len(reads) > 2 else ''}" if len(reads) > 1 else ""
        yield ctx.report(
            f"variable '{label}' is read in {reads[0].place}{more} but nothing in the flow sets it{_hint(label, version)}",
            pointer=variable.pointer, span=ctx.document.source.pointer_span(name_pointer(variable)),
            ids=(variable.id,))

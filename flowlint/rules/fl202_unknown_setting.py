"""A setting name the configured EvolutionAPI version does not know (with "did you mean …").

## What it finds
A variable in a `.env` file or a compose service's `environment:` (or a key in a 1.x `env.yml`)
that the configured EvolutionAPI version never reads:
- a **misspelling** the catalogue knows, such as `RABBITMQ_RABBITMQ_MODE` (the 1.7 example
  file's spelling of `RABBITMQ_MODE`), `CHATWOOT_IMPORT_DATABASE_PLACEHOLDER_MEDIA_MESSAGE` (the
  1.7–1.8 example file's spelling of `CHATWOOT_IMPORT_PLACEHOLDER_MEDIA_MESSAGE`),
  `RABBITMQ_EVENTS_GROUP_UPDATE` (2.x examples; the code reads `RABBITMQ_EVENTS_GROUPS_UPDATE`),
  or `CLEAN_STORE_CLEANING_INTERVAL` on 1.6.1–1.7.4, whose code read the misspelt
  `CLEAN_STORE_CLEANING_TERMINAL`;
- a name in **lower or mixed case** whose upper-case form is a setting (`typebot_enabled`):
  environment names are case-sensitive;
- any other name that looks like an EvolutionAPI setting (upper-case, starting with the first
  word of a real setting: `TYPEBOT_`, `CHATWOOT_`, `DATABASE_`, `AUTHENTICATION_`…) but is none,
  with the closest names that version reads as suggestions.

Names of other software are left alone: anything that does not start like an EvolutionAPI
setting (`TZ`, `PATH`, `HTTP_PROXY`, `PUID`…), and these common container/runtime variables that
happen to share a first word with one: `NODE_OPTIONS`, `NODE_VERSION`, `NODE_PATH`,
`NODE_EXTRA_CA_CERTS`, `NODE_TLS_REJECT_UNAUTHORIZED`, `NODE_NO_WARNINGS`, `NODE_DEBUG`,
`DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`, `SSL_CERT_FILE`, `SSL_CERT_DIR`.
A setting that EvolutionAPI knows in other versions (renamed, removed, added later, example-only)
is FL203's, not this rule's.

## Why it matters
EvolutionAPI reads `process.env` by exact name and ignores everything else without a word. A
misspelt line looks configured and does nothing: with the 1.7 example's `RABBITMQ_RABBITMQ_MODE=global`
the RabbitMQ mode stays `isolated`; with `CHATWOOT_IMPORT_DATABASE_PLACEHOLDER_MEDIA_MESSAGE=true`
media placeholders are never imported.

## Example
```
# evolution-api 1.7.4
RABBITMQ_RABBITMQ_MODE=global
TYPEBOT_KEEPOPEN=true
```

## How to fix
Rename the variable to the name the message suggests, or delete it.

`flowlint check --fix` renames the key in place when there is exactly one name it can mean: the
catalogue's known misspelling, the upper-case form, or the single close match among the names
that version reads — and that name takes effect there and is set nowhere else in the config. Only
the name changes: `export`, quotes, spacing, the value, comments and line endings stay. In a
compose file it renames a key of `environment:` (mapping or `- NAME=value` list) only when no
YAML anchor or merge key shares it with another place; in a 1.x `env.yml` only the last key of
the path, when the rest of the path already matches. Two or more close names: no fix, pick one.
"""
import difflib
from collections import Counter
from dataclasses import replace

from flowlint import knowledge
from flowlint.diagnostics import Edit
from flowlint.fixcheck import SettingReads
from flowlint.kinds import COMPOSE, ENV, YAML
from flowlint.rules import WARNING, rule
from flowlint.knowledge.settings import judged_settings, is_yaml, label, looks_like_setting, takes_effect


def _unused(name, version) -> bool:
    unused = (knowledge.entry(name) or {}).get("unused")
    return unused is True or bool(unused) and knowledge.in_spans(unused, version)


def _misspelling(name, target, version, where):
    known, wanted = knowledge.entry(name), knowledge.entry(target) or {}
    text = f"{where} does not read {name}: the name it reads is {target}"
    if known.get("example_only"):
        text += " (EvolutionAPI's own example file has it this way)"
    if not knowledge.reads(target, version):
        text += f", which {where} does not read either"
        if wanted.get("replaced_by"):
            text += f" (replaced by {wanted['replaced_by']})"
        return text + "; this line has no effect"
    if _unused(target, version):
        default = wanted.get("default")
        return text + (f", and it ignores that value anyway ({default} always applies); this line has no effect"
                       if default else ", and it ignores that value anyway; this line has no effect")
    return text + f"; rename it to {target}"


def _close(name, version) -> list:
    return difflib.get_close_matches(name, knowledge.names_read_at(version), n=3, cutoff=0.8)


def _suggestion(name, version) -> str:
    close = _close(name, version)
    if not close:
        return ""
    if len(close) == 1:
        return f"; did you mean {close[0]}?"
    return f"; did you mean {', '.join(close[:-1])} or {close[-1]}?"


def _meant(document, name, version):
    """The one name a misspelt line means, when there is exactly one and it would take effect."""
    target = knowledge.misspelling_target(name, version)
    if target is None and name != name.upper() and knowledge.entry(name.upper()) is not None:
        target = name.upper()
    if target is None and knowledge.entry(name) is None:
        close = _close(name, version)
        target = close[0] if len(close) == 1 else None
    if target is None or not takes_effect(document, target, version) or _unused(target, version):
        return None
    return target


def _scalar_routes(root, reader, offset) -> list:
    """(path, through a merge key) of every way the YAML tree reaches the scalar covering `offset`:
    more than one (an anchor used twice) or a merge means renaming it would change other places."""
    from flowlint.loaders.yamldoc import _is_map, _is_scalar, _is_seq, _tag

    routes = []

    def covers(node) -> bool:
        return _is_scalar(node) and reader.start(node) <= offset < max(reader.end(node), reader.start(node) + 1)

    def walk(node, path, merged, above):
        if id(node) in above:
            return
        above = above | {id(node)}
        if _is_map(node):
            for key, value in node.value:
                through = merged or _tag(key).endswith(":merge")
                step = path if through and not merged else path + (str(key.value),)
                if covers(key):
                    routes.append((path + (str(key.value),), merged))
                walk(value, step, through, above)
        elif _is_seq(node):
            for index, item in enumerate(node.value):
                if covers(item):
                    routes.append((path + (index,), merged))
                walk(item, path + (index,), merged, above)

    walk(root, (), False, frozenset())
    return routes


def _key_edit(document, setting, target):
    """The edit renaming this binding's key to `target`, or None when that is not certain."""
    source, span = setting.source, setting.key_span
    start, end = source.offset(span.line, span.column), source.offset(span.end_line, span.end_column)
    text = source.text[start:end]
    if len(text) >= 2 and text[0] in "'\"" and text[-1] == text[0]:
        start, end, text = start + 1, end - 1, text[1:-1]  # a quoted YAML key: rename inside the quotes
    if document.kind == ENV:
        return Edit(start, end, target) if text == setting.name else None
    if document.kind not in (COMPOSE, YAML) or document.data is None:
        return None
    from flowlint.loaders.yamldoc import NodeReader

    routes = _scalar_routes(document.data, NodeReader(source), start)
    if len(routes) != 1 or routes[0][1]:
        return None
    path = routes[0][0]
    if document.kind == COMPOSE:
        return Edit(start, end, target) if text == setting.name else None
    # env.yml: the key is the last step of a path; rename it only when the rest already matches
    wanted = ((knowledge.entry(target) or {}).get("yaml") or "").split(".")
    if len(wanted) != len(path) or list(path[:-1]) != wanted[:-1] or text != path[-1]:
        return None
    return Edit(start, end, wanted[-1]) if "_".join(path) == setting.name else None


def _fixes(config, bindings, version) -> dict:
    """id(setting) -> Edit for every binding with one certain new name that nothing else claims."""
    bound = {s.name for d in config.documents for s in d.settings}
    planned = {}
    for document, setting in bindings:
        target = _meant(document, setting.name, version)
        if target is not None and target not in bound:
            planned[id(setting)] = (document, setting, target)
    claimed = Counter(target for _, _, target in planned.values())
    fixes = {}
    for key, (document, setting, target) in planned.items():
        if claimed[target] == 1:
            edit = _key_edit(document, setting, target)
            if edit is not None:
                fixes[key] = replace(edit, expect=SettingReads(setting.key_span, target, setting.value))
    return fixes


@rule("FL202", "unknown-setting", WARNING, target="config", fixable=True)
def check(ctx):
    config = ctx.evolution
    version, where = config.version, label(config)
    found = []
    for document, setting in judged_settings(config):
        name = setting.name
        if takes_effect(document, name, version):
            continue
        target = knowledge.misspelling_target(name, version)
        if target:
            message = _misspelling(name, target, version, where)
        elif knowledge.entry(name) is not None:
            continue  # known to other versions: FL203
        elif name != name.upper() and knowledge.entry(name.upper()) is not None:
            kind = "YAML keys" if is_yaml(document) else "environment variable names"
            message = (f"{where} does not read {name}: {kind} are case-sensitive; did you mean {name.upper()}?")
        elif is_yaml(document) or looks_like_setting(name):
            message = f"{name} is not an EvolutionAPI setting: {where} ignores it{_suggestion(name, version)}"
        else:
            continue
        found.append((document, setting, message))
    fixes = _fixes(config, [(d, s) for d, s, _ in found], version)
    for document, setting, message in found:
        edit = fixes.get(id(setting))
        yield ctx.report(message, source=setting.source, span=setting.key_span, edits=(edit,) if edit else ())

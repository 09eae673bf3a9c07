"""The check every fix passes before `--fix` writes it or `--diff` shows it.

Each edit says what its file must read afterwards (`Edit.expect`: one of the intents below). The
fixed text is loaded again with the same loader, and it must read exactly as before except for
what the edits intend: the setting now reads `true`, the renamed key holds its old value, the JID
has its suffix. A result that does not parse, reads as another kind of file, or differs anywhere
else (a block scalar that swallowed the next key, an anchor shared with another place, an
appended line an open quote took in) is refused, edit by edit: the others are still applied.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from flowlint.diagnostics import Span


@dataclass(frozen=True)
class SettingReads:
    """In an EvolutionAPI config file: the binding whose key was at `key_span` (None: a new one,
    after all the others) reads `name` = `value`."""

    key_span: Optional[Span]
    name: str
    value: Optional[str]


@dataclass(frozen=True)
class BodyReads:
    """In a JSON file: the Typebot request at pointer `request` has `key` = `value` in its body;
    `changed` is the JSON value the edit rewrites (the body string, or the member itself)."""

    changed: str
    request: str
    key: str
    value: str


@dataclass(frozen=True)
class JidReads:
    """In a JSON file: a JID of a Typebot request, written in the JSON value at `changed`, reads `value`."""

    changed: str
    value: str


def checked(plans: list, documents: list) -> tuple:
    """(plans that read back as intended, refusals as (Diagnostic, reason)); a file with one bad
    edit keeps its good ones."""
    from flowlint.fixes import Plan, apply

    by_source = {id(d.source): d for d in documents}
    kept, refused = [], []
    for item in plans:
        document = by_source.get(id(item.source))
        if mismatch(document, item.text, item.edits) is None:
            kept.append(item)
            continue
        good = []  # edit by edit, each on top of those already found sound
        for pair in item.edits:
            text, _ = apply(item.source.text, good + [pair])
            reason = mismatch(document, text, good + [pair])
            if reason is None:
                good.append(pair)
            else:
                refused.append((pair[1], reason))
        if good:
            text, chosen = apply(item.source.text, good)
            bad = {id(d) for d, _ in refused}
            kept.append(Plan(item.source, text, len({id(d) for _, d in chosen if id(d) not in bad}), chosen))
    return kept, refused


def mismatch(document, text: str, pairs: list) -> Optional[str]:
    """None when `text` reads as `document` with the edits' intents applied, else why not."""
    from flowlint.kinds import FLOW, SETTINGS
    from flowlint.loaders import load
    from flowlint.source import SourceFile

    intents = [edit.expect for edit, _ in pairs]
    if document is None or any(intent is None for intent in intents):
        return "flowlint cannot check what this edit would read as"
    if document.error is not None:
        return "the file does not parse as it is: fix that first"
    old = document.source
    new = load(SourceFile(old.path, text, old.fs_path))
    if new.error is not None:
        message, span = new.error
        where = f" at line {span.line}" if span is not None else ""
        return f"the fixed file would not parse ({message}{where})"
    if new.kind != document.kind:
        return "the fixed file would no longer read as the same kind of file"
    if document.kind in (FLOW, SETTINGS):
        return _json_mismatch(document, new, intents)
    return _config_mismatch(document, new, intents)


def _config_mismatch(old, new, intents: list) -> Optional[str]:
    expected = [(s.name, s.value) for s in old.settings]
    for intent in intents:
        if not isinstance(intent, SettingReads):
            return "flowlint cannot check what this edit would read as"
        if intent.key_span is None:
            expected.append((intent.name, intent.value))
            continue
        at = next((i for i, s in enumerate(old.settings) if s.key_span == intent.key_span), None)
        if at is None:
            return "the setting to fix is not where it was read"
        expected[at] = (intent.name, intent.value)
    got = [(s.name, s.value) for s in new.settings]
    if got != expected:
        return _difference(expected, got)
    if _pin(old) != _pin(new) or [p for p, _ in old.env_files] != [p for p, _ in new.env_files]:
        return "the fixed file would name another image or env_file"
    if old.data is not None and not _yaml_changes_only(old.data, new.data, sum(1 for i in intents if i.key_span)):
        return "the fixed file would change more of the YAML than the setting (a shared anchor, or another value)"
    return None


def _pin(document) -> Optional[str]:
    return document.pin.text if document.pin is not None else None


def _difference(expected: list, got: list) -> str:
    """Where the settings read back differ from those intended; names only (a value may be secret)."""
    for (name, value), found in zip(expected, got):
        if found[0] != name:
            return f"the fixed file would read a setting {found[0]} where {name} was intended"
        if found[1] != value:
            return f"the fixed file would read another value of {name} than intended"
    if len(got) < len(expected):
        return f"the fixed file would not set {expected[len(got)][0]} (the edit would be read as part of another line)"
    return f"the fixed file would read a setting more ({got[len(expected)][0]})"


def _yaml_shape(root) -> tuple:
    """(tokens, shared): the node tree in document order (mappings, sequences, scalars with tag
    and value; a node met again is an alias to its first token), and the tokens aliases reach."""
    from flowlint.loaders.yamldoc import _is_map, _is_seq, _tag

    tokens, first, shared, stack = [], {}, set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in first:
            tokens.append(("alias", first[id(node)]))
            shared.add(first[id(node)])
            continue
        first[id(node)] = len(tokens)
        if _is_map(node):
            tokens.append(("map", len(node.value)))
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
        elif _is_seq(node):
            tokens.append(("seq", len(node.value)))
            stack.extend(reversed(node.value))
        else:
            tokens.append(("scalar", _tag(node), node.value))
    return tokens, shared


def _yaml_changes_only(old_root, new_root, allowed: int) -> bool:
    """Whether the trees differ in at most `allowed` scalars, none of them reached by an alias."""
    old, old_shared = _yaml_shape(old_root)
    new, new_shared = _yaml_shape(new_root)
    if len(old) != len(new):
        return False
    changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
    return (len(changed) <= allowed and all(old[i][0] == new[i][0] == "scalar" for i in changed)
            and not (set(changed) & (old_shared | new_shared)))


def _json_mismatch(old, new, intents: list) -> Optional[str]:
    requests = new.requests
    for intent in intents:
        if isinstance(intent, BodyReads):
            if not any(r.pointer == intent.request and isinstance(r.body, dict) and r.body.get(intent.key) == intent.value
                       for r in requests):
                return f"the fixed file would not read the intended {intent.key}"
        elif isinstance(intent, JidReads):
            if not any(j.pointer == intent.changed and j.value == intent.value for r in requests for j in r.jids()):
                return "the fixed file would not read the intended JID"
        else:
            return "flowlint cannot check what this edit would read as"
    data = new.data
    for intent in intents:  # the changed values are as intended: put the old ones back, compare the rest
        data = _graft(data, old.data, intent.changed)
    return None if data == old.data else "the fixed file would change other values than the one fixed"


def _graft(target, source, pointer: str):
    """`target` with the value at `pointer` taken from `source` (in place but for the root)."""
    from flowlint.jsonpos import split_pointer

    tokens = split_pointer(pointer)
    if not tokens:
        return source
    root = target
    for token in tokens[:-1]:
        target, source = _step(target, token), _step(source, token)
    last = tokens[-1]
    try:
        if isinstance(target, list):
            target[int(last)] = _step(source, last)
        elif isinstance(target, dict):
            target[last] = _step(source, last)
    except (ValueError, IndexError):
        pass  # not there in one of them: the comparison that follows says they differ
    return root


def _step(node, token: str):
    try:
        return node[int(token)] if isinstance(node, list) else node[token] if isinstance(node, dict) else None
    except (ValueError, IndexError, KeyError):
        return None

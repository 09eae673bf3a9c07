"""JSON files: Typebot flows and EvolutionAPI Typebot request/settings bodies.

Parsed at C speed (msgspec for a big text, else the stdlib: see `_parse`); duplicate keys are
noticed during the parse and located afterwards, only when there are any.
"""
from __future__ import annotations

import json

from flowlint.diagnostics import Span
from flowlint.jsonpos import join_pointer
from flowlint.kinds import FLOW, SETTINGS
from flowlint.loaders import Document, DuplicateKey
from flowlint.model.flow import looks_like_flow
from flowlint.source import SourceFile

# Keys of EvolutionAPI's Typebot bodies (1.x snake_case and 2.x camelCase) and session records.
SETTINGS_KEYS = frozenset({
    "enabled", "url", "typebot", "expire", "keyword_finish", "keywordFinish", "delay_message",
    "delayMessage", "unknown_message", "unknownMessage", "listening_from_me", "listeningFromMe",
    "stopBotFromMe", "keepOpen", "debounceTime", "triggerType", "triggerOperator", "triggerValue",
    "typebotIdFallback", "ignoreJids", "remoteJid", "status", "startSession", "variables",
    "sessions", "action", "description", "splitMessages", "timePerChar",
})


def _is_settings_body(data) -> bool:
    if isinstance(data, list):
        return bool(data) and all(_is_settings_body(item) for item in data)
    if not isinstance(data, dict) or not data:
        return False
    keys = set(data)
    if {"remoteJid", "status"} <= keys or {"remoteJid", "action"} <= keys:
        return True
    return len(keys & SETTINGS_KEYS) >= 3 and len(keys & SETTINGS_KEYS) * 2 >= len(keys)


FAST_PARSE_FROM = 1_000_000  # characters: below it importing msgspec costs more than it saves


def _parse(text: str, duplicates: bool):
    """(data, objects that repeat a key: noticed when `duplicates`).

    A big text is read by msgspec (C, about twice the stdlib's speed) when it is installed and
    reads it as the stdlib would: it refuses what the stdlib reads otherwise (NaN, 1e400, lone
    surrogates, very deep nesting), and then the stdlib decides, with its own error messages.
    When duplicates matter, msgspec's result stands only if the text written compactly
    (`format`) is that result written back (`encode`): the same tokens, so no object repeats a
    key. Else (duplicates, or only other spellings such as 2.50 or \u00e9) the stdlib's parse
    notices each object that does."""
    if len(text) >= FAST_PARSE_FROM:
        try:
            import msgspec
        except ImportError:  # the pure-Python path below does it all
            msgspec = None
        if msgspec is not None:
            try:
                data = msgspec.json.decode(text)
                if not duplicates or msgspec.json.format(text, indent=-1).encode() == msgspec.json.encode(data):
                    return data, []
            except (msgspec.MsgspecError, ValueError, RecursionError):
                pass
    if not duplicates:
        return json.loads(text), []
    clashing: list = []

    def pairs_hook(pairs):
        obj = dict(pairs)
        if len(obj) != len(pairs):
            clashing.append(obj)
        return obj

    return json.loads(text, object_pairs_hook=pairs_hook), clashing


def _pointers_of(data, wanted: set) -> dict:
    """JSON pointers of the objects whose id() is in `wanted` (walks the tree once)."""
    found, stack = {}, [(data, "")]
    while stack and len(found) < len(wanted):
        node, pointer = stack.pop()
        if id(node) in wanted:
            found[id(node)] = pointer
        if isinstance(node, dict):
            stack.extend((v, pointer + join_pointer(k)) for k, v in node.items() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, pointer + join_pointer(i)) for i, v in enumerate(node) if isinstance(v, (dict, list)))
    return found


def _duplicates(source: SourceFile, data, clashing: list) -> list:
    result = []
    pointers = _pointers_of(data, {id(obj) for obj in clashing})
    for pointer in pointers.values():
        for key, first, later in source.locator.duplicates(pointer):
            result.append(DuplicateKey(
                key, source.span(later.key_start, later.end),
                source.position(first.key_start)[0], pointer + join_pointer(key),
            ))
    return result


def load_json(source: SourceFile, duplicates: bool = True) -> Document:
    """`duplicates`: notice duplicate keys (a Python call per JSON object: only FL006 needs them)."""
    if not source.text or source.text.isspace():
        return Document(source, None, error=("empty file: expected JSON", None))
    try:
        data, clashing = _parse(source.text, duplicates)
    except json.JSONDecodeError as exc:
        return Document(source, None, error=(f"invalid JSON: {exc.msg}", Span(exc.lineno, exc.colno, exc.lineno, exc.colno + 1)))
    except RecursionError:
        return Document(source, None, error=("JSON nested too deeply to read", None))
    if looks_like_flow(data):
        kind = FLOW
    elif _is_settings_body(data):
        kind = SETTINGS
    else:
        return Document(source, None, data=data, unknown_reason="JSON that is neither a Typebot flow nor an EvolutionAPI Typebot body")
    document = Document(source, kind, data=data)
    source.unique_json_keys = duplicates and not clashing
    if clashing:
        document.duplicates = _duplicates(source, data, clashing)
    return document

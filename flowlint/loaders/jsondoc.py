"""JSON files: Typebot flows and EvolutionAPI Typebot request/settings bodies.

Parsed at C speed (msgspec for a big text, else the stdlib: see `_parse`); duplicate keys are
noticed during the parse and located afterwards, only when there are any.
"""
from __future__ import annotations

import json
import re
import sys

from flowlint import fastjson
from flowlint.diagnostics import Span
from flowlint.jsonpos import join_pointer, long_int
from flowlint.kinds import FLOW, SETTINGS
from flowlint.loaders import Document, DuplicateKey
from flowlint.model.flow import looks_like_flow
from flowlint.model.requests import PULL_HEADER, pull_header
from flowlint.source import SourceFile

# Keys of EvolutionAPI's Typebot bodies (1.x snake_case and 2.x camelCase) and session records.
SETTINGS_KEYS = frozenset({
    "enabled", "url", "typebot", "expire", "keyword_finish", "keywordFinish", "delay_message",
    "delayMessage", "unknown_message", "unknownMessage", "listening_from_me", "listeningFromMe",
    "stopBotFromMe", "keepOpen", "debounceTime", "triggerType", "triggerOperator", "triggerValue",
    "typebotIdFallback", "ignoreJids", "remoteJid", "status", "startSession", "variables",
    "sessions", "action", "description", "splitMessages", "timePerChar",
    # keys only the other 2.x chatbot integrations have (schemas/evolution-v2-chatbots.schema.json)
    "openaiCredsId", "botType", "assistantId", "systemMessages", "openaiIdFallback", "speechToText", "apiUrl",
    "difyIdFallback", "flowiseIdFallback", "botIdFallback", "webhookUrl", "agentUrl",
})


def _is_settings_body(data) -> bool:
    """A body, or a list of bodies (a session listing)."""
    if isinstance(data, list):
        if pull_header(data) is not None:  # written by `flowlint pull`: bodies, maybe none at all
            return all(isinstance(item, dict) for item in data[1:])
        return bool(data) and all(_is_settings_object(item) for item in data)
    return _is_settings_object(data)


def _is_settings_object(data) -> bool:
    if not isinstance(data, dict) or not data:
        return False
    keys = set(data)
    if {"remoteJid", "status"} <= keys or {"remoteJid", "action"} <= keys:
        return True
    return len(keys & SETTINGS_KEYS) >= 3 and len(keys & SETTINGS_KEYS) * 2 >= len(keys)


MAX_NESTING = 200  # JSON levels read (Typebot exports nest about 10): what every rule can walk deeper in the stack


def _parse(text: str, duplicates: bool):
    """The parse with the recursion limit MAX_NESTING above this frame, which the C parser counts
    its nesting against (Python 3.10, 3.11): deeper JSON is "nested too deeply" here whatever the
    caller's depth, instead of being read near the limit and failing a rule (or jsonschema's repr)
    further down. From 3.12 the parser and repr count C recursion apart from Python frames, so
    what the parser reads can be printed deeper down too; the limit set here does not bind it."""
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(min(limit, depth + MAX_NESTING + 5))  # (+5: the pairs hook's frames)
    try:
        return _parse_all(text, duplicates)
    finally:
        sys.setrecursionlimit(limit)


class _NotJson(ValueError):
    """NaN, Infinity or -Infinity: Python's json reads them, JavaScript's JSON.parse refuses them."""


def _refuse(name: str):
    raise _NotJson(name)


FAST_PARSE_FROM = 1_000_000  # characters: below it importing msgspec costs more than it saves


def _parse_all(text: str, duplicates: bool):
    """(data, objects that repeat a key: noticed when `duplicates`).

    A big text is read by msgspec (C, about twice the stdlib's speed) when it is installed and
    reads it as the stdlib would: it refuses what the stdlib reads otherwise (NaN, 1e400, lone
    surrogates, very deep nesting), and then the stdlib decides, with its own error messages.
    When duplicates matter, msgspec's result stands only if the text written compactly
    (`format`) is that result written back (`encode`): the same tokens, so no object repeats a
    key. Else (duplicates, or only other spellings such as 2.50 or \u00e9) the stdlib's parse
    notices each object that does. There integers parse at C speed; only a file with one too long
    for Python's int conversion is parsed again with `long_int`."""
    if len(text) >= FAST_PARSE_FROM:
        msgspec = fastjson.msgspec()
        if msgspec is not None:  # (else the pure-Python path below does it all)
            try:
                data = msgspec.json.decode(text)
                if not duplicates or msgspec.json.format(text, indent=-1).encode() == msgspec.json.encode(data):
                    return data, []
            except (msgspec.MsgspecError, ValueError, RecursionError):
                pass
    options: dict = {"parse_constant": _refuse}
    clashing: list = []
    if duplicates:
        def pairs_hook(pairs):
            obj = dict(pairs)
            if len(obj) != len(pairs):
                clashing.append(obj)
            return obj

        options["object_pairs_hook"] = pairs_hook
    try:
        return json.loads(text, **options), clashing
    except (json.JSONDecodeError, _NotJson):
        raise
    except ValueError:
        clashing.clear()
        return json.loads(text, parse_int=long_int, **options), clashing


_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_BRACKET_OR_STRING = re.compile(_STRING + r"|[\[\]{}]")
_CONSTANT_OR_STRING = re.compile(_STRING + r"|-?Infinity|NaN")


def _first_constant(text: str) -> int:
    """Offset of the first NaN/Infinity outside a string: the one the parse stopped at."""
    return next((m.start() for m in _CONSTANT_OR_STRING.finditer(text) if m.group()[0] != '"'), 0)


def _deepest_opening(text: str) -> int:
    """Offset of the first bracket at the deepest nesting, where a too-deep file gives up."""
    depth = deepest = at = 0
    for match in _BRACKET_OR_STRING.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, match.start()
        elif token in "]}":
            depth -= 1
    return at


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
        return Document(source, None, error=("empty file: expected JSON", source.span(0, 0)))
    try:
        data, clashing = _parse(source.text, duplicates)
    except json.JSONDecodeError as exc:
        return Document(source, None, error=(f"invalid JSON: {exc.msg}", Span(exc.lineno, exc.colno, exc.lineno, exc.colno + 1)))
    except _NotJson as exc:
        at = _first_constant(source.text)
        return Document(source, None, error=(f"invalid JSON: {exc} is not a JSON value (Typebot's JSON.parse refuses it)", source.span(at, at + len(str(exc)))))
    except RecursionError:
        at = _deepest_opening(source.text)
        return Document(source, None, error=("JSON nested too deeply to read", source.span(at, at + 1)))
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
    if kind == SETTINGS:
        document.pin = _pulled_version(source, pull_header(data))
    return document


def _pulled_version(source: SourceFile, header):
    """The version the server reported to `flowlint pull`, placed on its value in the header."""
    from flowlint.model.evolution import VersionPin, parse_version

    text = header.get("evolution-version") if header is not None else None
    if not isinstance(text, str):
        return None
    member = source.locator.member(join_pointer(0, PULL_HEADER, "evolution-version"))
    server = header.get("pulled-from")
    origin = f"pulled from {server}" if isinstance(server, str) else "pulled"
    return VersionPin(parse_version(text), text, origin, source, source.span(member.start, member.end))

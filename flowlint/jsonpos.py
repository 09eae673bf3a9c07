"""Map RFC 6901 JSON pointers to character offsets in JSON text, lazily.

A flow is parsed without positions (fast); positions are only needed for the few values that get
a diagnostic. Each big container on a pointer's path (the root, the groups array) is scanned only
as far as the member wanted (an array to its index; an object to the key, when keys are known to
be unique), where its members start kept, and the scan goes on from there for the next pointer:
locating many pointers costs at most one pass over the file. Only a member that is passed is
read to its end (one that a lookup goes into needs only its start): in a big container msgspec
finds every member's value text at once without building it (about 1 GB/s; in an ASCII text
whose keys are unique, the root's containers' members in the same pass), each one taken only
where the text there is that value (`_Scan.values`). Inside a small container (a group, a
block) the rest of the path is read afresh at each lookup, each value passed read to its end by
the stdlib's C decoder.
"""
from __future__ import annotations

import json
import re
from json.decoder import scanstring
from typing import Optional, Union

from flowlint import fastjson

_WS = re.compile(r"[ \t\n\r]*")
_SEPARATOR = re.compile(r"[ \t\n\r]*(?:,[ \t\n\r]*)?")  # after a member: to the next one, or the bracket
# A key without escapes, and the colon after it (else `scanstring` reads it, as the parser did).
_PLAIN_KEY = re.compile(r'"([^"\\\x00-\x1f]*)"[ \t\n\r]*:[ \t\n\r]*')


def long_int(text: str):
    """An integer literal as Typebot's JavaScript reads it (a double: `inf` past its range) once it
    is too long for Python's int conversion limit; shorter ones stay exact ints."""
    try:
        return int(text)
    except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
        return float(text)


_DECODER = json.JSONDecoder(parse_int=long_int)  # only spans are wanted: no literal may fail


def escape_token(token) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(*tokens) -> str:
    return "".join("/" + escape_token(t) for t in tokens)


def split_pointer(pointer: str) -> list:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


class Member:
    """A value's place: where its key starts (its own start in an array), where it starts and
    ends. The end is found when first asked for (`known_end` until then None): a lookup that goes
    into a value needs only its start, and reading a nested value to its end parses all of it.
    `found`: its JSON text as msgspec found it (`_Scan.values`); of a container in the root, its
    members' texts instead (a list, or a dict in order: see `_member_texts`); or None.
    `scan`: of an object or array, how far the locator has scanned it (None: not yet)."""

    __slots__ = ("key_start", "start", "known_end", "_text", "found", "scan")

    def __init__(self, key_start: int, start: int, end: Optional[int], text: str, found=None):
        self.key_start = key_start
        self.start = start
        self.known_end = end
        self._text = text
        self.found = found
        self.scan = None

    @property
    def end(self) -> int:
        if self.known_end is None:
            found = self.found
            if isinstance(found, (list, dict)):
                self.known_end = _end_after(self._text, self.start, found)
            else:
                self.known_end = _DECODER.raw_decode(self._text, self.start)[1]
        return self.known_end


def _next(text: str, end: int) -> int:
    """Where the member after a value that ends at `end` starts (or its container's closing bracket)."""
    return _SEPARATOR.match(text, end).end()


def _end_after(text: str, start: int, members) -> int:
    """The end of the container at `start` whose members' texts are `members` (in an ASCII text
    whose keys are unique: a text's length is its length in the file, a dict holds every member)."""
    pos = _WS.match(text, start + 1).end()
    if isinstance(members, list):
        for found in members:
            pos = _next(text, pos + len(memoryview(found)))
    else:
        for found in members.values():
            pos = _next(text, _past_key(text, pos)[1] + len(memoryview(found)))
    return pos + 1


def _past_key(text: str, pos: int) -> tuple:
    """(the key at `pos`, where its value starts)."""
    plain = _PLAIN_KEY.match(text, pos)
    if plain is not None:
        return plain.group(1), plain.end()
    key, pos = scanstring(text, pos + 1)
    return key, _WS.match(text, _WS.match(text, pos).end() + 1).end()  # past the colon


# Characters of a container from which its members' values are found by msgspec: below it the
# stdlib reads each value faster than msgspec is called.
BIG_CONTAINER = 1 << 14


class _Scan:
    """How far one object/array has been scanned: its members so far (of an object, key ->
    Member; of an array, index -> Member of those looked up, and `starts`, where each member
    passed starts), and where to go on (`pos`, or after `stopped_at`, the member the last lookup
    stopped at); `values`: of a big container, the JSON text of each member's value (a list for
    an array, key -> text of the last binding for an object; of the root read by the nested pass,
    each container's members' texts instead, scalars left out), or None."""

    __slots__ = ("members", "starts", "duplicates", "pos", "stopped_at", "values")

    def __init__(self, pos: int, values=None):
        self.members: dict = {}
        self.starts: list = []
        self.duplicates: list = []
        self.pos = pos  # the next member's start, or its closing bracket
        self.stopped_at = None
        self.values = values


def _member_texts(text, is_object: bool, nested: bool = False):
    """The JSON text of each member's value of the container `text` (a str, or the msgspec.Raw
    its parent's scan found: found, not decoded), as `_Scan.values` holds them; None where msgspec
    is missing or does not read it. `nested`: in the same pass, of each member that is a container,
    its own members' texts in place of its text (a flow's groups are found with the root; its
    scalars are left out: each is read where it stands)."""
    msgspec = fastjson.loaded()  # (in a small file, where nothing imported it, the stdlib's scan is cheaper)
    if msgspec is None:
        return None
    raw = msgspec.Raw
    member = Union[list[raw], dict[str, raw], str, int, float, bool, None] if nested else raw
    try:
        values = msgspec.json.decode(text, type=dict[str, member] if is_object else list[member])
    except (msgspec.MsgspecError, ValueError, RecursionError):  # (nested: an int past 64 bits too)
        return _member_texts(text, is_object) if nested else None
    if not nested:
        return values
    if is_object:
        return {key: value for key, value in values.items() if isinstance(value, (list, dict))}
    return [value if isinstance(value, (list, dict)) else None for value in values]


def _big(container: Member) -> bool:
    """Whether a lookup into this container keeps its scan (`_walk`): a container big enough for
    msgspec to find its members' texts, or one whose end is not known, a member of a kept scan
    (the root's containers, or any member where msgspec is missing): reading it afresh at each
    lookup would read its first members again each time."""
    end = container.known_end
    return end is None or end - container.start >= BIG_CONTAINER


def _index(token: Optional[str]) -> Optional[int]:
    """The array index a pointer token writes ("0", "12"; not "01", "-1" or "1.0"), or None."""
    if token is None or not (token.isascii() and token.isdigit()):
        return None
    index = int(token)
    return index if str(index) == token else None


def _descend(text: str, container: Member, tokens: list, unique_keys: bool) -> Member:
    """The value at `tokens` below `container`, as `JsonLocator.member` gives it (the deepest
    value that exists), read from the text with nothing kept."""
    current = container
    for token in tokens:
        opening = text[current.start]
        if opening == "{":
            found = _key_member(text, current.start, token, unique_keys)
        elif opening == "[":
            found = _item_member(text, current.start, _index(token))
        else:
            break
        if found is None:
            break
        current = found
    return current


def _key_member(text: str, start: int, token: str, unique_keys: bool) -> Optional[Member]:
    """The member `token` of the object at `start`: the first of that name when keys are known
    to be unique, else the last (the one a parse keeps)."""
    found = None
    pos = _WS.match(text, start + 1).end()
    while text[pos] != "}":
        key_start = pos
        key, pos = _past_key(text, pos)
        if key == token and unique_keys:
            return Member(key_start, pos, None, text)
        end = _DECODER.raw_decode(text, pos)[1]
        if key == token:
            found = Member(key_start, pos, end, text)
        pos = _next(text, end)
    return found


def _item_member(text: str, start: int, index: Optional[int]) -> Optional[Member]:
    """Member `index` of the array at `start`, if it has one."""
    if index is None:
        return None
    pos = _WS.match(text, start + 1).end()
    for _ in range(index):
        if text[pos] == "]":
            return None
        pos = _next(text, _DECODER.raw_decode(text, pos)[1])
    return Member(pos, pos, None, text) if text[pos] != "]" else None


class JsonLocator:
    """`unique_keys`: the text is known to repeat no key in any object, so a lookup may stop at the
    first member of its name (else an object is scanned to its end: the last duplicate wins)."""

    def __init__(self, text: str, unique_keys: bool = False):
        self.text = text
        self.unique_keys = unique_keys
        self._located: dict = {}  # pointer -> Member, of each lookup (a finding's place is often asked twice)
        self._ascii = text.isascii()  # (constant time: CPython knows it of every str)
        start = self._skip_ws(0)
        self._root = Member(start, start, len(text.rstrip()), text)

    def _skip_ws(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()

    def _found_text(self, pos: int, scan: "_Scan", key, is_object: bool) -> tuple:
        """(where the value at `pos` ends, its text), when msgspec found its text and that is the
        value here (an object, array or string ends where its text does; an array's member or a key known
        to be unique is this one; else the text must start here: in an object whose key repeats,
        msgspec kept the last one's); (None, its members' texts) for a container the root's nested
        pass found (`_member_texts`); else (None, None). In an ASCII text a text's length is its
        length in bytes."""
        text = self.text
        values = scan.values
        if values is not None and text[pos] in '{["':
            found = values.get(key) if is_object else values[key] if key < len(values) else None
            if isinstance(found, (list, dict)):  # a nested container's members (the end found when asked)
                return None, found
            if found is not None:
                if self._ascii and (self.unique_keys or not is_object):
                    return pos + len(memoryview(found)), found
                value = str(memoryview(found), "utf-8")
                if text.startswith(value, pos):
                    return pos + len(value), found
        return None, None

    def _scan(self, container: Member) -> "_Scan":
        """A new scan of a container; of a big one, with its members' texts from msgspec (a
        container whose end is not known gets them only from its parent's nested pass)."""
        start, end = container.start, container.known_end
        values = container.found if isinstance(container.found, (list, dict)) else None
        if values is None and end is not None and end - start >= BIG_CONTAINER:
            if container.found is not None:  # the text its parent's scan found: no copy of it
                body = container.found
            else:  # the root is read in place (no copy of the file)
                body = self.text if container is self._root else self.text[start:end]
            values = _member_texts(body, self.text[start] == "{",
                                   nested=container is self._root and self._ascii and self.unique_keys)
        return _Scan(self._skip_ws(start + 1), values)

    def root(self) -> Member:
        return self._root

    def _child(self, container: Member, token: Optional[str]):
        """The member `token` of the object/array at `container` (None: scan it whole), scanning
        only as far as needed, and on from there at the next lookup; None if there is none."""
        scan = container.scan
        if scan is None:
            scan = container.scan = self._scan(container)
        text = self.text
        if text[container.start] == "[":
            return self._item(scan, token)
        members = scan.members
        found = members.get(token)
        if found is not None and self.unique_keys:
            return found
        pos = self._resumed(scan)
        while text[pos] != "}":
            key_start = pos
            key, pos = _past_key(text, pos)
            end, found = self._found_text(pos, scan, key, True)
            member = Member(key_start, pos, end, text, found)
            if key in members:
                scan.duplicates.append((key, members[key], member))
            members[key] = member
            if key == token and self.unique_keys:
                scan.stopped_at = member  # the next lookup goes on after it, once its end is known
                return member
            pos = scan.pos = _next(text, member.end)
        scan.pos = pos
        return members.get(token)

    def _resumed(self, scan: "_Scan") -> int:
        """Where a scan goes on: after the member the last lookup stopped at, once its end is known."""
        pos = scan.pos if scan.stopped_at is None else _next(self.text, scan.stopped_at.end)
        scan.stopped_at = None
        return pos

    def _item(self, scan: "_Scan", token: Optional[str]):
        """The array member `token` (an index as JSON Pointer writes it), like `_child`; a member
        passed is only noted where it starts, no Member made for it where msgspec found its text."""
        index = _index(token)
        starts = scan.starts
        if index is not None and index < len(starts):
            member = scan.members.get(index)
            if member is None:
                member = scan.members[index] = self._item_at(scan, index, starts[index])
            return member
        text = self.text
        pos = self._resumed(scan)
        while text[pos] != "]":
            at = len(starts)
            starts.append(pos)
            if at == index:
                member = scan.stopped_at = scan.members[at] = self._item_at(scan, at, pos)
                return member
            end = self._found_text(pos, scan, at, False)[0]
            if end is None:
                end = self._item_at(scan, at, pos).end
            pos = scan.pos = _next(text, end)
        scan.pos = pos
        return None

    def _item_at(self, scan: "_Scan", index: int, pos: int) -> Member:
        end, found = self._found_text(pos, scan, index, False)
        return Member(pos, pos, end, self.text, found)

    def member(self, pointer: str) -> Member:
        """The value at `pointer`; where the path breaks off, the deepest value that exists."""
        found = self._located.get(pointer)
        if found is None:
            found = self._located[pointer] = self._walk(pointer)
        return found

    def _walk(self, pointer: str) -> Member:
        """Big containers (`_big`) are scanned and their scans kept, so that each is read once
        whatever the lookups; below one, the rest of the path is read afresh at each lookup and
        nothing is kept (`_descend`: cheaper, for a value of a few kilobytes)."""
        current = self.root()
        tokens = split_pointer(pointer)
        for depth, token in enumerate(tokens):
            if self.text[current.start] not in "{[":
                break
            if not _big(current):
                return _descend(self.text, current, tokens[depth:], self.unique_keys)
            child = self._child(current, token)
            if child is None:
                break
            current = child
        return current

    def duplicates(self, pointer: str) -> list:
        """(key, first, later) members for keys given twice in the object at `pointer`."""
        container = self.member(pointer)
        if self.text[container.start] != "{":
            return []
        self._child(container, None)
        return container.scan.duplicates

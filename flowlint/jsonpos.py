"""Map RFC 6901 JSON pointers to character offsets in JSON text, lazily.

Flows are parsed with the stdlib (fast); positions are only needed for the few values that get a
diagnostic. Each container on a pointer's path is scanned once with the C scanner and its
children's offsets cached, so resolving many pointers stays linear in the file size.
"""
from __future__ import annotations

import json
import re
from json.decoder import scanstring

_WS = re.compile(r"[ \t\n\r]*")


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
    __slots__ = ("key_start", "start", "end")

    def __init__(self, key_start: int, start: int, end: int):
        self.key_start = key_start
        self.start = start
        self.end = end


class JsonLocator:
    def __init__(self, text: str):
        self.text = text
        self._members: dict = {}
        self._duplicates: dict = {}

    def _skip_ws(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()

    def _value_end(self, pos: int) -> int:
        _, end = _DECODER.raw_decode(self.text, pos)
        return end

    def root(self) -> Member:
        start = self._skip_ws(0)
        return Member(start, start, len(self.text.rstrip()))

    def _scan(self, pointer: str, container: Member) -> dict:
        """Offsets of every member of the object/array at `container`, last duplicate winning."""
        cached = self._members.get(pointer)
        if cached is not None:
            return cached
        text = self.text
        members: dict = {}
        duplicates: list = []
        pos = container.start
        opener = text[pos]
        pos = self._skip_ws(pos + 1)
        if opener == "{":
            while text[pos] != "}":
                key_start = pos
                key, pos = scanstring(text, pos + 1)
                pos = self._skip_ws(pos)
                pos = self._skip_ws(pos + 1)  # the colon
                end = self._value_end(pos)
                if key in members:
                    duplicates.append((key, members[key], Member(key_start, pos, end)))
                members[key] = Member(key_start, pos, end)
                pos = self._skip_ws(end)
                if text[pos] == ",":
                    pos = self._skip_ws(pos + 1)
        elif opener == "[":
            index = 0
            while text[pos] != "]":
                end = self._value_end(pos)
                members[str(index)] = Member(pos, pos, end)
                index += 1
                pos = self._skip_ws(end)
                if text[pos] == ",":
                    pos = self._skip_ws(pos + 1)
        self._members[pointer] = members
        self._duplicates[pointer] = duplicates
        return members

    def member(self, pointer: str) -> Member:
        """The value at `pointer`; where the path breaks off, the deepest value that exists."""
        current = self.root()
        walked = ""
        for token in split_pointer(pointer):
            if self.text[current.start] not in "{[":
                break
            child = self._scan(walked, current).get(token)
            if child is None:
                break
            walked += "/" + escape_token(token)
            current = child
        return current

    def duplicates(self, pointer: str) -> list:
        """(key, first, later) members for keys given twice in the object at `pointer`."""
        self._scan(pointer, self.member(pointer))
        return self._duplicates.get(pointer, [])

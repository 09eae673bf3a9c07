"""A file as flowlint reads it: its bytes decoded to text, and offsets turned into line:column."""
from __future__ import annotations

import bisect
import re
import codecs
from pathlib import Path
from typing import Optional

from flowlint.diagnostics import Span

BINARY_SNIFF_BYTES = 8192
_LONE_CR = re.compile(r"\r(?!\n)")
_CHUNK = 4096  # characters per entry of the line index


class DecodeError(Exception):
    """The bytes are not UTF-8 text; `line`/`column` locate the first bad byte."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def decode(data: bytes) -> str:
    """UTF-8 text without BOM, or DecodeError saying what the bytes are instead."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DecodeError("file is UTF-16 encoded; save it as UTF-8")
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise DecodeError("binary file (contains NUL bytes); expected UTF-8 text")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
        raise DecodeError(
            f"invalid UTF-8 byte 0x{data[exc.start]:02x}; save the file as UTF-8", line, column
        ) from None


class SourceFile:
    """One input: `path` as the user gave it, the decoded `text`, lazy position helpers."""

    def __init__(self, path: str, text: str, fs_path: Optional[Path] = None, bom: bool = False):
        self.path = path
        self.text = text
        self.fs_path = fs_path
        self.bom = bom  # the bytes began with a UTF-8 BOM (they are `bom` + `text` in UTF-8: not kept twice)
        self.unique_json_keys = False  # set by the JSON loader when it knows no object repeats a key
        self._lines: Optional[_LineIndex] = None
        self._locator = None
        # Where secrets stand (flowlint.redact): marked by a config file's loader; None: by pattern
        self.secrets: Optional[list] = None
        self.secret_values: Optional[set] = None
        self.secret_ranges: Optional[list] = None  # a marked source's secrets merged, worked out once

    def same_bytes(self, data: bytes) -> bool:
        """Whether `data` is what this text was decoded from (UTF-8 decoding is one to one)."""
        try:
            return data.startswith(codecs.BOM_UTF8) == self.bom and decode(data) == self.text
        except DecodeError:
            return False

    @property
    def lines(self) -> "_LineIndex":
        if self._lines is None:
            self._lines = _LineIndex(self.text)
        return self._lines

    def position(self, offset: int) -> tuple:
        """1-based (line, column) of a character offset."""
        return self.lines.position(offset)

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and column, kept inside the text."""
        line = min(max(line, 1), self.lines.count)
        return min(self.lines.start(line) + column - 1, len(self.text))

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(max(end, start))
        return Span(line, column, end_line, end_column)

    def line_text(self, line: int) -> str:
        lines = self.lines
        if not 1 <= line <= lines.count:
            return ""
        end = lines.start(line + 1) if line < lines.count else len(self.text)
        return self.text[lines.start(line):end].rstrip("\r\n")

    @property
    def locator(self):
        if self._locator is None:
            from flowlint.jsonpos import JsonLocator

            self._locator = JsonLocator(self.text, self.unique_json_keys)
        return self._locator

    def pointer_span(self, pointer: str) -> Span:
        """The value at `pointer`; for an object, its `title` (else `id`) value, which names it."""
        member = self.locator.member(pointer)
        if self.text[member.start] == "{":
            for key in ("title", "id"):
                label = self.locator.member(pointer + "/" + key)
                if label.start > member.start:  # (else the path broke off: no such key)
                    return self.span(label.start, label.end)
        return self.span(member.start, member.end)

    def find_in_value(self, pointer: str, value: str, key: str = None) -> tuple:
        """Offsets of `value` inside the raw JSON value at `pointer` (a JID or a status inside an
        HTTP body string): after `key` when given, else its first occurrence; else the whole value."""
        member = self.locator.member(pointer)
        if key is not None:
            pattern = re.escape(key) + r'\\*"\s*:\s*\\*"(' + re.escape(value) + ")"
            match = re.compile(pattern).search(self.text, member.start, member.end)
            if match:
                return match.start(1), match.end(1)
        at = self.text.find(value, member.start, member.end) if value else -1
        return (at, at + len(value)) if at != -1 else (member.start, member.end)


class _LineIndex:
    """Lines of a text (a line ends at \n, \r\n or a lone \r, as YAML reads it), without a list of
    every line: the count of line breaks before each `_CHUNK` characters, and the start of the
    line each chunk begins in, made by C string searches; a position is then counted within one
    chunk. (A lone \r is searched as a \n in a copy of the text where it is one.)"""

    def __init__(self, text: str):
        if "\r" in text and text.count("\r") != text.count("\r\n"):
            text = _LONE_CR.sub("\n", text)  # same length: offsets stay
        self.text = text
        breaks, starts = [0], [0]
        count, find = text.count, text.rfind
        for base in range(_CHUNK, len(text) + 1, _CHUNK):
            breaks.append(breaks[-1] + count("\n", base - _CHUNK, base))
            last = find("\n", base - _CHUNK, base)
            starts.append(last + 1 if last != -1 else starts[-1])
        self._breaks, self._starts = breaks, starts
        self.count = breaks[-1] + count("\n", len(breaks) * _CHUNK - _CHUNK) + 1

    def position(self, offset: int) -> tuple:
        """1-based (line, column) of `offset`."""
        chunk = min(max(offset, 0) // _CHUNK, len(self._breaks) - 1)
        base = chunk * _CHUNK
        line = self._breaks[chunk] + self.text.count("\n", base, offset) + 1
        last = self.text.rfind("\n", base, offset)
        return line, offset - (last + 1 if last != -1 else self._starts[chunk]) + 1

    def start(self, line: int) -> int:
        """The offset where 1-based `line` (1 to `count`) starts."""
        chunk = bisect.bisect_left(self._breaks, line - 1) - 1  # the last chunk with fewer breaks before it
        if chunk < 0:
            return 0
        pos, find = chunk * _CHUNK, self.text.find
        for _ in range(line - 1 - self._breaks[chunk]):
            pos = find("\n", pos) + 1
        return pos

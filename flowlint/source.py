"""A file as flowlint reads it: its bytes decoded to text, and offsets turned into line:column."""
from __future__ import annotations

import bisect
import re
import codecs
from pathlib import Path
from typing import Optional

from flowlint.diagnostics import Span

BINARY_SNIFF_BYTES = 8192
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


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

    def __init__(self, path: str, text: str, fs_path: Optional[Path] = None, raw: bytes = b""):
        self.path = path
        self.text = text
        self.fs_path = fs_path
        self.raw = raw
        self._line_starts: Optional[list] = None
        self._locator = None
        # Where secrets stand (flowlint.redact): marked by a config file's loader; None: by pattern
        self.secrets: Optional[list] = None
        self.secret_values: Optional[set] = None
        self.secret_ranges: Optional[list] = None  # a marked source's secrets merged, worked out once

    @property
    def line_starts(self) -> list:
        """Offsets where lines start; a line ends at \n, \r\n or a lone \r (as YAML reads it)."""
        if self._line_starts is None:
            starts = [0]
            if "\r" in self.text:
                starts += [m.end() for m in _LINE_BREAK.finditer(self.text)]
            else:
                find = self.text.find
                pos = find("\n")
                while pos != -1:
                    starts.append(pos + 1)
                    pos = find("\n", pos + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple:
        """1-based (line, column) of a character offset."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and column, kept inside the text."""
        starts = self.line_starts
        line = min(max(line, 1), len(starts))
        return min(starts[line - 1] + column - 1, len(self.text))

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(max(end, start))
        return Span(line, column, end_line, end_column)

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[starts[line - 1]:end].rstrip("\r\n")

    @property
    def locator(self):
        if self._locator is None:
            from flowlint.jsonpos import JsonLocator

            self._locator = JsonLocator(self.text)
        return self._locator

    def pointer_span(self, pointer: str) -> Span:
        """The value at `pointer`; for an object, its `title` (else `id`) value, which names it."""
        member = self.locator.member(pointer)
        if self.text[member.start] == "{":
            for key in ("title", "id"):
                label = self.locator.member(pointer + "/" + key)
                if label is not member and label.start > member.start:
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

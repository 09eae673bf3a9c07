"""`.env` files, read with python-dotenv's own parser.

`parse_stream` yields every statement (comments and blank runs included) with its raw text, so
the bindings tile the file: a running offset gives each key and value its exact column.
"""
from __future__ import annotations

import io
import re

from dotenv.parser import Error as ParseError, Reader, parse_stream, parse_value

from flowlint import redact
from flowlint.kinds import ENV

from flowlint.loaders import Document, DuplicateKey, Suppressions
from flowlint.model.evolution import Setting
from flowlint.source import SourceFile

_KEY = re.compile(r"\s*(?:export[ \t]+)?('?)([^=#\s']+)\1[ \t]*(=?)[ \t]*")


_FIRST_WORD = re.compile(r"\s*[^\s=:\"']*")


def _value_length(rest: str, value: str) -> int:
    """Length of the value as written, read by python-dotenv's own value parser: a quoted value
    up to its closing quote (escapes included), an unquoted one as far as the value it gives
    (a ` #` comment and trailing blanks are not part of it)."""
    if rest[:1] not in ("'", '"'):
        return len(value) if rest.startswith(value) else len(rest.rstrip("\r\n"))
    reader = Reader(io.StringIO(rest))
    try:
        parse_value(reader)
    except ParseError:  # an unclosed quote: the parser gave up on the line
        return len(rest.rstrip("\r\n"))
    return reader.position.chars


def settings_from_env_text(source: SourceFile):
    """(settings, duplicates, first error) of a whole .env text."""
    settings, duplicates, error, seen, unparsed = [], [], None, {}, []
    offset = 0
    for binding in parse_stream(io.StringIO(source.text)):
        raw = binding.original.string
        start, offset = offset, offset + len(raw)
        match = _KEY.match(raw) if binding.key is not None else None
        if binding.error or (binding.key is not None and match is None):  # (a quoted key over lines: '\nA=)
            # where its value stands is unknown: everything after the first word may be a secret
            name = _FIRST_WORD.match(raw)
            unparsed.append((start + name.end(), start + len(raw.rstrip("\r\n"))))
            if error is None:
                line, column = source.position(start + len(raw) - len(raw.lstrip()))
                error = ("cannot parse this line as KEY=VALUE (an unclosed quote, or no '=')", source.span(
                    source.offset(line, column), start + len(raw.rstrip())))
            continue
        if binding.key is None:
            continue
        key_start = start + match.start(2)
        key_end = start + match.end(2)
        value_start = start + match.end()
        value_end = value_start + _value_length(raw[match.end():], binding.value or "")
        setting = Setting(
            name=binding.key, value=binding.value, source=source,
            key_span=source.span(key_start, key_end),
            value_span=source.span(value_start, value_end), value_start=value_start, value_end=value_end,
            interpolated=binding.value is not None and "${" in binding.value,  # compose expands it in env files
        )
        if binding.key in seen:
            duplicates.append(DuplicateKey(binding.key, source.span(key_start, key_end), seen[binding.key]))
        seen[binding.key] = setting.key_span.line
        settings.append(setting)
    redact.mark(source, settings, unparsed)
    return settings, duplicates, error


def load_env(source: SourceFile) -> Document:
    settings, duplicates, error = settings_from_env_text(source)
    document = Document(source, ENV, settings=settings, duplicates=duplicates, error=error)
    document.suppressions = Suppressions.scan(source.text)
    return document

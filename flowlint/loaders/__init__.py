"""Decide what a file is (content first, name second) and load it with its source positions."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Optional

from flowlint.diagnostics import Span
from flowlint.kinds import FLOW, is_env_name, is_yaml_name
from flowlint.source import SourceFile


_ENV_LINE = re.compile(r"^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=", re.M)
_YAML_LINE = re.compile(r"^\s*(?:-\s+)?[^\s#=:][^=:\n]*:(?:\s|$)", re.M)
_JSON_START = re.compile(r"\s*[{\[]")
_DIRECTIVE = re.compile(r"#\s*flowlint:\s*(ignore-file|ignore)\b([^#\n]*)")


@dataclass
class DuplicateKey:
    key: str
    span: Span  # the later binding, the one that silently wins
    first_line: int
    pointer: Optional[str] = None


@dataclass
class Directive:
    """One `# flowlint: ignore…` comment: its span and the selectors it names, each with its span
    (none named: every rule)."""

    span: Span
    whole_file: bool
    selectors: tuple = ()  # ((selector, Span), ...)


@dataclass
class Suppressions:
    """`# flowlint: ignore CODE` (this line and the next) and `# flowlint: ignore-file [CODE]`."""

    directives: list = field(default_factory=list)
    by_line: dict = field(default_factory=dict)  # line -> indexes of the directives covering it
    file: list = field(default_factory=list)  # indexes of the ignore-file directives

    @classmethod
    def scan(cls, text: str) -> "Suppressions":
        found = cls()
        if "flowlint:" not in text:
            return found
        for number, line in enumerate(text.split("\n"), start=1):
            match = _DIRECTIVE.search(line)
            if not match:
                continue
            wanted = re.split(r"\s--|\s—|\(", match.group(2))[0]  # a reason may follow "--"
            at = match.start(2) + 1  # the column where the selectors start
            selectors = tuple((m.group(), Span(number, at + m.start(), number, at + m.end()))
                              for m in re.finditer(r"[^\s,]+", wanted))
            end = selectors[-1][1].end_column if selectors else match.end(1) + 1
            index = len(found.directives)
            found.directives.append(Directive(Span(number, match.start() + 1, number, end),
                                              match.group(1) == "ignore-file", selectors))
            if match.group(1) == "ignore-file":
                found.file.append(index)
            else:
                for target in (number, number + 1):
                    found.by_line.setdefault(target, []).append(index)
        return found

    def silencing(self, line: int, matches) -> list:
        """(directive index, selector; None for a directive naming none) of every directive that
        silences a diagnostic on `line`; `matches(selector)` tells whether it names its rule."""
        hits = []
        for index in (*self.file, *self.by_line.get(line, ())):
            selectors = self.directives[index].selectors
            hits.extend([(index, s) for s, _ in selectors if matches(s)] if selectors else [(index, None)])
        return hits


@dataclass
class Document:
    source: SourceFile
    kind: Optional[str]
    data: Any = None
    error: Optional[tuple] = None  # (message, Span): the file could not be parsed
    unknown_reason: str = ""
    context: bool = False  # read for the effective config only (`evolution-config`), not linted
    duplicates: list = field(default_factory=list)
    settings: list = field(default_factory=list)  # model.evolution.Setting, in file order
    pin: Any = None  # model.evolution.VersionPin from a compose image
    env_files: list = field(default_factory=list)  # (path, Span) named by compose `env_file:`
    suppressions: Suppressions = field(default_factory=Suppressions)

    @property
    def path(self) -> str:
        return self.source.path

    @cached_property
    def flow(self):
        from flowlint.model.flow import build_flow

        return build_flow(self.data) if self.kind == FLOW else None

    @cached_property
    def requests(self) -> list:
        """Calls to EvolutionAPI's Typebot endpoints written in this file (flows and bodies)."""
        from flowlint.model.requests import requests_of

        return requests_of(self)


def looks_like_json(text: str) -> bool:
    return _JSON_START.match(text) is not None


def sniff(source: SourceFile) -> str:
    """'json', 'env' or 'yaml': the syntax to parse the file with."""
    text, name = source.text, source.path.replace("\\", "/").rsplit("/", 1)[-1]
    if looks_like_json(text):
        return "json"
    env_lines = len(_ENV_LINE.findall(text))
    yaml_lines = len(_YAML_LINE.findall(text))
    if env_lines and env_lines >= yaml_lines:
        return "env"
    if yaml_lines:
        return "yaml"
    if name.endswith(".json"):
        return "json"
    if is_yaml_name(name):
        return "yaml"
    return "env" if is_env_name(name) else "unknown"


def load(source: SourceFile, json_duplicates: bool = True) -> Document:
    """`json_duplicates=False`: a JSON file's duplicate keys go unnoticed, for a faster parse."""
    syntax = sniff(source)
    if syntax == "json":
        from flowlint.loaders.jsondoc import load_json

        return load_json(source, json_duplicates)
    if syntax == "env":
        from flowlint.loaders.envfile import load_env

        return load_env(source)
    if syntax == "yaml":
        from flowlint.loaders.yamldoc import load_yaml

        return load_yaml(source)
    reason = "empty file" if not source.text.strip() else "neither JSON, YAML nor KEY=VALUE lines"
    return Document(source, None, unknown_reason=reason)

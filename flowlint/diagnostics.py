"""What a lint run produces: findings from rules, resolved into diagnostics for reporters."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pragma: no cover
    from flowlint.source import SourceFile


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


@dataclass(frozen=True)
class Span:
    """1-based, inclusive start; end column points just past the last character."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def whole_file(cls) -> "Span":
        return cls(1, 1, 1, 1)


@dataclass
class Edit:
    """Replace text[start:end] of a file with `text` (offsets into the decoded text); the file
    is the finding's own unless `source` names another (a fix may land in another config file).
    `expect` says what the file must read after it (flowlint.fixcheck): an edit whose result does
    not read back that way is refused."""

    start: int
    end: int
    text: str
    source: Optional["SourceFile"] = None
    expect: object = None


@dataclass(frozen=True)
class Step:
    """One group on a witness path: its JSON pointer, its title, and what led the walk into it
    (a button, a condition, "Jump", "start"; None for a plain edge). `span` (the group's place in
    the file) is resolved for findings that survive filtering, for SARIF."""

    pointer: str
    group: str
    via: Optional[str]
    span: Optional[Span] = field(default=None, compare=False)

    def to_json(self) -> dict:
        return {"pointer": self.pointer, "group": self.group, "via": self.via}


@dataclass(frozen=True)
class Witness:
    """The path Typebot's engine takes to a finding, and what happens where it stops
    ("end: …" or "round the loop")."""

    steps: tuple
    outcome: str

    def to_json(self) -> dict:
        return {"path": [step.to_json() for step in self.steps], "outcome": self.outcome}


@dataclass
class Finding:
    """What a rule reports: a message and where, before code/severity/position are attached.

    `pointer` (JSON files) is resolved to a span lazily, only for findings that survive filtering.
    `ids` are the Typebot ids the finding sits in (group, block, item...), for `#id` ignores.
    """

    message: str
    source: "SourceFile"
    pointer: Optional[str] = None
    span: Optional[Span] = None
    ids: tuple = ()
    group_id: Optional[str] = None
    edits: tuple = ()
    witness: Optional[Witness] = None


# What silences a diagnostic (Diagnostic.silenced_by): (PER_FILE, entry index, selector) or
# (INLINE, the file's path, directive index, selector or None): plain data, alike in a helper process.
PER_FILE, INLINE = "per-file", "inline"


@dataclass
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    pointer: Optional[str] = None
    fixable: bool = False
    group_id: Optional[str] = field(default=None, compare=False)
    source: Optional["SourceFile"] = field(default=None, compare=False, repr=False)
    edits: tuple = field(default=(), compare=False, repr=False)
    witness: Optional[Witness] = field(default=None, compare=False, repr=False)
    silenced_by: tuple = field(default=(), compare=False, repr=False)  # lint.resolve: the suppressions that match

    def sort_key(self):
        return (self.path, self.line, self.column, self.code, self.message)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "pointer": self.pointer,
            "fixable": self.fixable,
            # not "path": that key is the file's (design §4)
            **({"witness": self.witness.to_json()} if self.witness else {}),
        }

"""EvolutionAPI settings as read from config files, versions, and the one effective config."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from flowlint.diagnostics import Span
from flowlint.kinds import SETTINGS

NEWEST_1X = (1, 8, 7)
NEWEST = (2, 3, 6)
# At most 9 digits a part: a longer number is no version (and int() refuses past 4,300 digits).
_VERSION = re.compile(r"^v?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:[-+].*)?$")


ANY = 10**6  # the missing part of a partial tag: `v1.8` is the newest 1.8.x


def parse_version(text) -> Optional[tuple]:
    """`1.7.4`, `v2.2.3`, `2.1.0-homolog` -> a tuple; a partial tag (`v1.8`) means its newest patch."""
    match = _VERSION.match(text.strip()) if isinstance(text, str) else None
    if not match:
        return None
    major, minor, patch = match.groups()
    return int(major), int(minor) if minor else ANY, int(patch) if patch else ANY


def format_version(version: tuple) -> str:
    return ".".join("x" if part == ANY else str(part) for part in version)


@dataclass
class Setting:
    """One `NAME=value` binding; spans point at the key and at the value in its file."""

    name: str
    value: Optional[str]  # None: named without a value (compose `- NAME`, passed from the host)
    source: object  # SourceFile
    key_span: Span
    value_span: Span
    value_start: int = 0  # offsets of the value text, for edits
    value_end: int = 0
    interpolated: bool = False  # compose `${VAR}`: the real value is only known at deploy time


@dataclass
class VersionPin:
    version: Optional[tuple]
    text: str  # as written: "v1.7.4", "latest", "" (no tag)
    origin: str  # "--evolution-version", "config", an image reference
    source: object = None
    span: Optional[Span] = None
    likely: Optional[tuple] = None  # a best guess when unpinned (the default in ${IMAGE:-…:v1.8.2})


@dataclass
class EvolutionConfig:
    """The merged config of every EvolutionAPI file given; later files win, as in docker compose."""

    documents: list = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    pin: Optional[VersionPin] = None
    assumed_version: Optional[tuple] = None
    bodies: list = field(default_factory=list)  # (Document, body dict) Typebot settings/requests
    # Unpinned: the releases the settings present fit (knowledge.plausible_releases), oldest
    # first; a finding that depends on the version is reported only if it holds on each.
    candidates: tuple = ()
    version_reads: int = 0  # how often `version` was asked: a rule that never asks needs one run

    @property
    def version(self) -> tuple:
        self.version_reads += 1
        if self.pin is not None and self.pin.version is not None:
            return min(self.pin.version, NEWEST)  # newer than the catalogue: read as its newest
        return self.assumed_version or NEWEST

    @property
    def version_known(self) -> bool:
        return self.pin is not None and self.pin.version is not None

    @property
    def beyond_catalogue(self) -> bool:
        """Pinned to a version newer than any release flowlint knows (read as NEWEST)."""
        return self.version_known and self.pin.version > NEWEST

    @property
    def inferred(self) -> bool:
        return not self.version_known and len(self.candidates) > 1

    def range_text(self) -> str:
        return f"{format_version(self.candidates[0])}–{format_version(self.candidates[-1])}"

    @property
    def has_env(self) -> bool:
        return any(doc.kind != SETTINGS for doc in self.documents)

    @property
    def describes_server(self) -> bool:
        """Server settings or a bot's Typebot settings, not just request bodies (changeStatus…)."""
        from flowlint.model.requests import BOT_SETTINGS, from_body

        return self.has_env or any(from_body(body, "", doc.source).endpoint in BOT_SETTINGS for doc, body in self.bodies)

    def anchor(self):
        """(source, span) where a finding about the whole config points: the pinned image, else
        the first config file (a settings body only when there is nothing else)."""
        if self.pin is not None and self.pin.source is not None:
            return self.pin.source, self.pin.span
        document = next((d for d in self.documents if d.kind != SETTINGS), self.documents[0])
        return document.source, Span.whole_file()

    def get(self, name: str) -> Optional[Setting]:
        return self.settings.get(name)

    def bool_value(self, name: str) -> Optional[bool]:
        """EvolutionAPI's reading: only the exact string `true` is true. None when unset/unknown."""
        setting = self.settings.get(name)
        if setting is None or setting.value is None or setting.interpolated:
            return None
        return setting.value == "true"

"""The rule registry. Each rule is one module here: its docstring is its documentation
(first line = summary; sections What it finds / Why it matters / Example / How to fix), and one
`@rule(...)`-decorated check function yields findings.

A check runs on a target:
- "document": every loaded file (flows, configs, unknown or broken files);
- "flow": every Typebot flow, with its graph and the effective EvolutionAPI config (if any);
- "config": once per run, on the effective EvolutionAPI config (when there is one);
- "suppressions": once per run, after all the others, when the project knows which suppressions
  silenced something (`project.suppressions_used`) and which rules ran (`project.rules_run`).

A rule module is named after its rule (`fl003_schema_violation.py` holds FL003 schema-violation;
a test holds every module to it), so the catalogue of codes and names is read from the file
names, and a run imports only the modules of the rules it selects (and what those import).
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable, Optional

from flowlint.diagnostics import Finding, Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
TARGETS = ("document", "flow", "config", "suppressions")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    target: str
    check: Callable
    fixable: bool = False
    security_severity: Optional[float] = None  # 0.1-10 (CVSS-like), for a rule about a security flaw

    @property
    def docs(self) -> str:
        return (sys.modules[self.check.__module__].__doc__ or "").strip()

    @property
    def summary(self) -> str:
        return self.docs.splitlines()[0].rstrip(".") if self.docs else self.name

    def to_json(self) -> dict:
        return {"code": self.code, "name": self.name, "severity": str(self.severity),
                "summary": self.summary, "fixable": self.fixable}


REGISTRY: dict = {}


@dataclass(frozen=True)
class Entry:
    """A rule as its module's file name tells it, before the module is imported."""

    code: str
    name: str
    module: str

    def load(self) -> Rule:
        importlib.import_module(f"{__name__}.{self.module}")
        return REGISTRY[self.code]


def rule(code: str, name: str, severity: Severity, target: str, fixable: bool = False,
         security_severity: Optional[float] = None):
    if target not in TARGETS:
        raise ValueError(f"{code}: unknown target {target!r}")

    def register(check: Callable) -> Callable:
        if code in REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        REGISTRY[code] = Rule(code, name, severity, target, check, fixable, security_severity)
        return check

    return register


@lru_cache(maxsize=None)
def catalogue() -> tuple:
    """Every rule's Entry, by code, from the module file names (nothing imported)."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        number, _, words = module.name.partition("_")
        if number.startswith("fl") and number[2:].isdigit() and words:
            found.append(Entry(number.upper(), words.replace("_", "-"), module.name))
    return tuple(sorted(found, key=lambda e: e.code))


def loaded(entries) -> list:
    """The rules of these entries, their modules imported."""
    return [entry.load() for entry in entries]


def all_rules() -> list:
    """Every rule, by code (imports every rule module)."""
    return loaded(catalogue())


def find_rule(code_or_name: str) -> Optional[Rule]:
    wanted = code_or_name.strip()
    for entry in catalogue():
        if wanted.upper() == entry.code or wanted.lower() == entry.name:
            return entry.load()
    return None


def matches(selector: str, candidate) -> bool:
    """A selector names a rule (a Rule or its Entry) by code, code prefix (`FL1`), name, or `ALL`."""
    selector = selector.strip()
    if selector.upper() == "ALL":
        return True
    return candidate.code.startswith(selector.upper()) or selector.lower() == candidate.name


def valid_selector(selector: str) -> bool:
    return any(matches(selector, e) for e in catalogue())


class Context:
    """What a check sees. `document`/`flow` are set for document and flow targets."""

    def __init__(self, project, document=None):
        self.project = project
        self.document = document

    @property
    def evolution(self):
        return self.project.evolution

    @property
    def flow(self):
        return self.document.flow if self.document is not None else None

    @cached_property
    def graph(self):
        return self.project.graph_of(self.document)

    def report(self, message: str, *, source=None, pointer=None, span=None, ids=(), group_id=None, edits=(),
               witness=None) -> Finding:
        source = source if source is not None else self.document.source
        return Finding(message, source, pointer=pointer, span=span, ids=tuple(i for i in ids if i),
                       group_id=group_id, edits=tuple(edits), witness=witness)

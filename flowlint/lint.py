"""The engine: discover -> load -> effective config -> rules -> filtered, sorted diagnostics."""
from __future__ import annotations

import gc
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

from flowlint.config import Settings
from flowlint.diagnostics import Diagnostic, Span
from flowlint.discover import Input, PathError, discover, read
from flowlint.kinds import COMPOSE, ENV, FLOW, SETTINGS, YAML
from flowlint.loaders import Document, load
from flowlint.model.evolution import NEWEST_1X, EvolutionConfig, VersionPin, parse_version
from flowlint.rules import Context, all_rules, matches
from flowlint.source import SourceFile

CONFIG_KINDS = (ENV, YAML, COMPOSE, SETTINGS)
DUPLICATE_KEYS = "FL006"  # the one rule that reads Document.duplicates
# What is always said of a file read only as context: that it cannot be read, or is no config.
_REPORTED_IN_CONTEXT = frozenset({"FL001", "FL002"})


@dataclass
class Result:
    diagnostics: list
    files: int
    documents: list = field(default_factory=list)
    project: Optional["Project"] = None


def broken(entry: Input) -> Document:
    error = entry.error
    span = Span(error.line, error.column, error.line, error.column)
    return Document(SourceFile(entry.path, "", entry.fs_path), None, error=(error.message, span))


def _load_path(display: str, path) -> Document:
    entry = read(Input(display, path, True))
    return broken(entry) if entry.error else load(entry.source)


def _env_file_documents(documents: list) -> list:
    """The `.env` files a compose service names in `env_file:`, unless given already (one read
    only as context is linted after all when a linted compose file names it)."""
    known = {os.path.realpath(d.source.fs_path): d for d in documents if d.source.fs_path}
    extra = []
    for document in documents:
        if document.kind != COMPOSE or document.source.fs_path is None:
            continue
        for relative, _span in document.env_files:
            path = document.source.fs_path.parent / relative
            if os.path.realpath(path) in known:
                known[os.path.realpath(path)].context &= document.context
            elif path.is_file():
                loaded = _load_path(os.path.normpath(os.path.join(os.path.dirname(document.path), relative)), path)
                known[os.path.realpath(path)] = loaded
                if loaded.kind is None and loaded.error is None:
                    loaded.kind = ENV  # docker reads any env_file as KEY=VALUE lines (an empty one too)
                if loaded.kind in (ENV, None):
                    loaded.context = document.context
                    extra.append(loaded)
    return extra


def _context_documents(documents: list, settings: Settings) -> list:
    """The deployment's config files named by `evolution-config`, unless given already: a
    pre-commit run passes only the changed files, and a changed flow must still be judged against
    the EvolutionAPI config it runs with. What is reported of them: see `_reported`."""
    # (input from '-' counts as the file its --stdin-filename names: an editor's unsaved buffer)
    given = {os.path.realpath(d.source.fs_path or d.source.path) for d in documents}
    extra = []
    for path in settings.evolution_config:
        if os.path.realpath(path) not in given:
            given.add(os.path.realpath(path))
            try:
                display = os.path.relpath(path)
            except ValueError:  # another drive
                display = str(path)
            loaded = _load_path(display, path)
            if loaded.kind == FLOW:
                raise PathError(f"{display}: evolution-config names a Typebot flow, not an EvolutionAPI config")
            loaded.context = True
            extra.append(loaded)
    return extra


def effective_config(documents: list, settings: Settings) -> Optional[EvolutionConfig]:
    configs = [d for d in documents if d.kind in CONFIG_KINDS]
    if not configs:
        return None
    config = EvolutionConfig(documents=configs)
    env_files = {os.path.realpath(d.source.fs_path): d for d in configs if d.kind == ENV and d.source.fs_path}
    ordered = []
    for document in configs:  # compose: env_file first, then its environment: wins
        if document.kind == COMPOSE and document.source.fs_path is not None:
            for relative, _ in document.env_files:
                named = env_files.get(os.path.realpath(document.source.fs_path.parent / relative))
                if named is not None and named not in ordered:
                    ordered.append(named)
        if document not in ordered:
            ordered.append(document)
    config.documents = ordered  # in precedence order: later ones win
    for document in ordered:
        for setting in document.settings:
            config.settings[setting.name] = setting
        if document.kind == SETTINGS:
            bodies = document.data if isinstance(document.data, list) else [document.data]
            config.bodies.extend((document, body) for body in bodies if isinstance(body, dict))
    composes = [d for d in ordered if d.kind == COMPOSE and d.pin is not None]
    pinning = [d for d in composes if not d.context] or composes  # a given compose file beats context
    config.pin = pinning[0].pin if pinning else None
    if settings.evolution_version:
        text = settings.evolution_version
        config.pin = VersionPin(parse_version(text), text, settings.evolution_version_origin)
    if not config.version_known and config.pin is not None and config.pin.likely is not None:
        config.assumed_version = config.pin.likely
    elif not config.version_known and any(d.kind == YAML for d in configs):
        config.assumed_version = NEWEST_1X  # only 1.x reads env.yml
    return config


class Project:
    def __init__(self, documents: list, settings: Settings):
        self.documents = documents
        self.settings = settings
        self.flows = [d for d in documents if d.kind == FLOW]
        self.evolution = effective_config(documents, settings)
        self.internal_errors: list = []
        self._graphs: dict = {}

    @cached_property
    def flows_by_id(self) -> dict:
        """Given flows by their id and publicId, for Typebot links between them."""
        found = {}
        for document in self.flows:
            for key in (document.flow.id, document.flow.public_id):
                if key:
                    found.setdefault(key, document)
        return found

    @cached_property
    def links_into(self) -> dict:
        """id(flow document) -> group ids (None: the start) that links in other given flows enter."""
        from flowlint.graph import LINK

        entered: dict = {}
        for document in self.flows:
            for block in document.flow.blocks():
                target = self.flows_by_id.get(block.link_target) if block.type == LINK else None
                if target is not None and target is not document:
                    group_id = block.options.get("groupId")
                    entered.setdefault(id(target), set()).add(group_id if isinstance(group_id, str) else None)
        return entered

    def graph_of(self, document: Document):
        graph = self._graphs.get(id(document))
        if graph is None:
            from flowlint.graph import FlowGraph

            linked = self.links_into.get(id(document), ()) if len(self.flows) > 1 else ()
            graph = self._graphs[id(document)] = FlowGraph(document.flow, linked)
        return graph


def run_rules(project: Project, rules: list) -> list:
    """(rule, finding) of every selected rule, in rule order."""
    found = []
    for rule in rules:
        findings, errors = run_rule(project, rule)
        found.extend((rule, f) for f in findings)
        project.internal_errors.extend(errors)
    return found


def run_rule(project: Project, rule) -> tuple:
    """(findings, internal errors) of one rule. A rule that fails on one file is a flowlint bug:
    it is recorded (the CLI says so on stderr and exits 2) and it still runs on the other files."""
    if rule.target == "document":
        targets = [Context(project, d) for d in project.documents]
    elif rule.target == "flow":
        targets = [Context(project, d) for d in project.flows]
    else:
        targets = [Context(project)] if project.evolution is not None else []
    findings, errors = [], []
    for context in targets:
        try:
            findings.extend(rule.check(context))
        except (Exception, RecursionError) as exc:  # noqa: BLE001 - reported, not hidden
            where = context.document.path if context.document is not None else "the EvolutionAPI config"
            errors.append(InternalError(rule.code, f"internal error in {rule.code} on {where}: {type(exc).__name__}: {exc}"))
    return findings, errors


@dataclass(frozen=True)
class InternalError:
    """A rule that failed on a file: a flowlint bug, said on stderr."""

    code: str
    message: str

    def __str__(self) -> str:
        return self.message


def _reported(rule, config_given: bool) -> bool:
    """Whether a finding in a file read only as context (`evolution-config`) is reported: that
    it cannot be read or is no config, always; what a rule says of the merged config as a whole
    (a missing setting is placed on the compose image line), when a config file is linted too
    (a commit that changes the .env changes that whole); nothing else (an unchanged file)."""
    return rule.code in _REPORTED_IN_CONTEXT or (rule.target == "config" and config_given)


def resolve(findings: list, project: Project) -> list:
    settings = project.settings
    suppressions = {id(d.source): d.suppressions for d in project.documents}
    context = {id(d.source) for d in project.documents if d.context}
    config_given = any(d.kind in CONFIG_KINDS and not d.context for d in project.documents)
    diagnostics = []
    for rule, finding in findings:
        if id(finding.source) in context and not _reported(rule, config_given):
            continue
        span = finding.span
        if span is None:
            span = finding.source.pointer_span(finding.pointer) if finding.pointer is not None else Span.whole_file()
        message = finding.message.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")  # one line
        diagnostic = Diagnostic(
            rule.code, rule.name, settings.severity_of(rule), message, finding.source.path,
            span.line, span.column, span.end_line, span.end_column, finding.pointer, rule.fixable,
            group_id=finding.group_id, source=finding.source,
            edits=tuple(e for e in finding.edits if id(e.source or finding.source) not in context),  # --fix: given files only
        )
        silenced = suppressions.get(id(finding.source))
        if silenced is not None and silenced.silences(span.line, lambda sel: any(matches(s, rule) for s in sel)):
            continue
        if settings.ignored_in_file(diagnostic, finding, rule):
            continue
        diagnostics.append(diagnostic)
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def lint(paths, settings: Settings, stdin_filename: Optional[str] = None) -> Result:
    """Lint with the cyclic garbage collector paused: a big flow is millions of live objects,
    and collections scanning them cost more than the lint itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _lint(paths, settings, stdin_filename)
    finally:
        if enabled:
            gc.enable()


_OUR_MARKERS = re.compile(r'"(?:groups|typebot|remoteJid|keepOpen|keep_open)"|TYPEBOT_|services:|AUTHENTICATION')


def _ours(source: SourceFile) -> bool:
    """A broken file found by walking is reported only if it looks like a flow or config of ours."""
    name = source.path.rsplit("/", 1)[-1]
    return not name.endswith(".json") or bool(_OUR_MARKERS.search(source.text))


def _lint(paths, settings: Settings, stdin_filename: Optional[str]) -> Result:
    from flowlint import parallel

    entries = list(discover(paths, stdin_filename, settings.exclude))
    rules = [r for r in all_rules() if settings.selected(r)]
    if parallel.worth_splitting(entries, rules, settings.jobs):
        return parallel.lint_split(rules, lambda share: _lint_entries(entries, settings, share), diagnose)
    return _lint_entries(entries, settings, rules)


def _lint_entries(entries: list, settings: Settings, rules: list) -> Result:
    documents = []
    json_duplicates = any(r.code == DUPLICATE_KEYS for r in rules)  # noticing them slows the parse
    for entry in entries:
        if entry.error is not None:
            documents.append(broken(entry))
            continue
        document = load(entry.source, json_duplicates)
        if not entry.explicit and document.kind is None and (document.error is None or not _ours(entry.source)):
            continue  # a directory walk met a file that is none of ours (tsconfig.json with comments…)
        documents.append(document)
    documents[:0] = _context_documents(documents, settings)  # first: the files given win over them
    documents.extend(_env_file_documents(documents))
    project = Project(documents, settings)
    return Result(diagnose(project, rules), sum(1 for d in documents if not d.context), documents, project)


def diagnose(project: Project, rules: list) -> list:
    return resolve(run_rules(project, rules), project)

"""The engine: discover -> load -> effective config -> rules -> filtered, sorted diagnostics."""
from __future__ import annotations

import gc
import os
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Optional

from flowlint import knowledge, redact
from flowlint.config import Settings
from flowlint.deployments import broken, partition
from flowlint.diagnostics import INLINE, PER_FILE, Diagnostic, Span
from flowlint.discover import discover
from flowlint.kinds import COMPOSE, CONFIG_KINDS, ENV, FLOW, SETTINGS, YAML
from flowlint.loaders import Document, load
from flowlint.model.evolution import NEWEST_1X, EvolutionConfig, VersionPin, parse_version
from flowlint.model.requests import body_file_bodies
from flowlint.model.session import V2
from flowlint.rules import Context, catalogue, loaded, matches
from flowlint.source import SourceFile

DUPLICATE_KEYS = "FL006"  # the one rule that reads Document.duplicates
# What is always said of a file read only as context: that it cannot be read, or is no config.
_REPORTED_IN_CONTEXT = frozenset({"FL001", "FL002"})


@dataclass
class Result:
    diagnostics: list
    files: int
    documents: list = field(default_factory=list)
    project: Optional["Workspace"] = None


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
            config.bodies.extend((document, body) for body, _ in body_file_bodies(document.data))
    # The version: the last compose image's tag (later files win, as with docker compose -f a -f b),
    # and over any tag the one a pulled bot-settings file says its server reported; a file given
    # on the command line beats one read as context.
    pinned = [d for d in ordered if d.kind == COMPOSE and d.pin is not None]
    pinned += [d for d in ordered if d.kind == SETTINGS and d.pin is not None]
    pinning = [d for d in pinned if not d.context] or pinned
    config.pin = pinning[-1].pin if pinning else None
    if settings.evolution_version:
        text = settings.evolution_version
        config.pin = VersionPin(parse_version(text), text, settings.evolution_version_origin)
    if not config.version_known and config.pin is not None and config.pin.likely is not None:
        config.assumed_version = config.pin.likely
    elif not config.version_known:
        config.candidates = knowledge.plausible_releases(
            ((s, d.kind == YAML) for d in ordered if d.kind in (ENV, YAML, COMPOSE) for s in d.settings),
            below=V2 if any(d.kind == YAML for d in configs) else None)  # only 1.x reads env.yml
        if config.candidates:
            config.assumed_version = config.candidates[-1]
        elif any(d.kind == YAML for d in configs):
            config.assumed_version = NEWEST_1X
    return config


class Project:
    def __init__(self, documents: list, settings: Settings):
        self.documents = documents
        self.settings = settings
        self.flows = [d for d in documents if d.kind == FLOW]
        self.evolution = effective_config(documents, settings)
        self.internal_errors: list = []
        self.suppressions_used: set = set()  # for the "suppressions" rules: see `_settle`
        self.rules_run: list = []
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


class Workspace:
    """The run: one Project per deployment (`flowlint.deployments`), each linted on its own."""

    def __init__(self, deployments: list, settings: Settings):
        self.settings = settings
        self.internal_errors: list = []
        self.parts = [Project(d.documents, d.settings) for d in deployments]
        self.found = [d.found for d in deployments if d.found]  # config files discovery read, per deployment
        for part in self.parts:
            part.internal_errors = self.internal_errors
        self._part_of = {id(d): part for part in self.parts for d in part.documents}
        self.documents = list({id(d): d for part in self.parts for d in part.documents}.values())  # a shared one once

    def graph_of(self, document: Document):
        return self._part_of[id(document)].graph_of(document)


def run_rules(project: Project, rules: list) -> list:
    """(rule, finding) of every selected rule, in rule order."""
    found = []
    for rule in rules:
        findings, errors = run_rule(project, rule)
        found.extend((rule, f) for f in findings)
        project.internal_errors.extend(errors)
    return found


def run_rule(project: Project, rule) -> tuple:
    """(findings, internal errors) of one rule. Unpinned, a rule that asks for the version runs
    on each plausible release, and only what it finds on every one of them is kept (the newest
    one's wording)."""
    config = project.evolution
    if config is None or not config.inferred:
        return _run_rule(project, rule)
    newest, *others = reversed(config.candidates)
    config.assumed_version, config.version_reads = newest, 0
    findings, errors = _run_rule(project, rule)
    if config.version_reads:
        keep = {_place(f) for f in findings}
        for version in others:
            config.assumed_version = version
            keep &= {_place(f) for f in _run_rule(project, rule)[0]}
        config.assumed_version = newest
        findings = [f for f in findings if _place(f) in keep]
    return findings, errors


def _place(finding) -> tuple:
    return id(finding.source), finding.pointer, finding.span


def _run_rule(project: Project, rule) -> tuple:
    """A rule that fails on one file is a flowlint bug: it is recorded (the CLI says so on
    stderr and exits 2) and it still runs on the other files."""
    if rule.target == "document":
        targets = [Context(project, d) for d in project.documents]
    elif rule.target == "flow":
        targets = [Context(project, d) for d in project.flows]
    elif rule.target == "config":
        targets = [Context(project)] if project.evolution is not None else []
    else:  # "suppressions": once, when the other rules' findings are in
        targets = [Context(project)]
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


def _placed(witness, source):
    """The witness with each step's place in the file (what SARIF shows for it)."""
    if witness is None:
        return None
    steps = tuple(replace(step, span=source.pointer_span(step.pointer)) for step in witness.steps)
    return replace(witness, steps=steps)


def resolve(findings: list, project: Project) -> list:
    """Diagnostics of the findings, sorted; one that a suppression silences is kept, marked with
    what silences it (`_settle` drops it, and learns from it which suppressions are used)."""
    settings = project.settings
    suppressions = {id(d.source): (d.path, d.suppressions) for d in project.documents if d.suppressions.directives}
    context = {id(d.source) for d in project.documents if d.context}
    config_given = any(d.kind in CONFIG_KINDS and not d.context for d in project.documents)
    diagnostics = []
    secrets = None
    for rule, finding in findings:
        if id(finding.source) in context and not _reported(rule, config_given):
            continue
        span = finding.span
        if span is None:
            span = finding.source.pointer_span(finding.pointer) if finding.pointer is not None else Span.whole_file()
        message = finding.message.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")  # one line
        if secrets is None:
            secrets = redact.secret_values(d.source for d in project.documents)
        message = redact.mask_message(message, secrets)
        diagnostic = Diagnostic(
            rule.code, rule.name, settings.severity_of(rule), message, finding.source.path,
            span.line, span.column, span.end_line, span.end_column, finding.pointer, rule.fixable,
            group_id=finding.group_id, source=finding.source,
            edits=tuple(e for e in finding.edits if id(e.source or finding.source) not in context),  # --fix: given files only
            witness=_placed(finding.witness, finding.source),
        )
        silencing = [(PER_FILE, *hit) for hit in settings.ignored_in_file(diagnostic, finding, rule)]
        if id(finding.source) in suppressions:
            document, found = suppressions[id(finding.source)]
            silencing += [(INLINE, document, *hit) for hit in found.silencing(span.line, lambda s: matches(s, rule))]
        diagnostic.silenced_by = tuple(silencing)
        diagnostics.append(diagnostic)
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def _settle(result: Result, rules: list) -> Result:
    """Drop the diagnostics suppressions silence, then run the rules about the suppressions
    themselves (target "suppressions", FL007) on what was used, per deployment (each has its own
    flowlint config); suppressions that name them may silence those too."""
    kept = [d for d in result.diagnostics if not d.silenced_by]
    late = [r for r in rules if r.target == "suppressions"]
    if late:
        seen = {(d.path, d.line, d.column, d.code, d.message) for d in kept}
        for part in result.project.parts:
            paths = {d.path for d in part.documents}
            part.suppressions_used = {hit for d in result.diagnostics if d.path in paths for hit in d.silenced_by}
            part.rules_run = [r for r in rules if r.target != "suppressions" and part.settings.selected(r)]
            selected = [r for r in late if part.settings.selected(r)]
            # only a suppression that names them silences these: a bare one would silence the report on itself
            for diagnostic in resolve(run_rules(part, selected), part):
                key = (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.code, diagnostic.message)
                if all(hit[-1] is None for hit in diagnostic.silenced_by) and key not in seen:
                    seen.add(key)
                    kept.append(diagnostic)
        kept.sort(key=Diagnostic.sort_key)
    result.diagnostics = kept
    return result


def lint(paths, settings: Settings, stdin_filename: Optional[str] = None, stdin: Optional[bytes] = None) -> Result:
    """Lint with the cyclic garbage collector paused: a big flow is millions of live objects,
    and collections scanning them cost more than the lint itself. `stdin`: what "-" stands for
    (default: standard input)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _lint(paths, settings, stdin_filename, stdin)
    finally:
        if enabled:
            gc.enable()


_OUR_MARKERS = re.compile(r'"(?:groups|typebot|remoteJid|keepOpen|keep_open)"|TYPEBOT_|services:|AUTHENTICATION')


def _ours(source: SourceFile) -> bool:
    """A broken file found by walking is reported only if it looks like a flow or config of ours."""
    name = source.path.rsplit("/", 1)[-1]
    return not name.endswith(".json") or bool(_OUR_MARKERS.search(source.text))


def _lint(paths, settings: Settings, stdin_filename: Optional[str], stdin: Optional[bytes] = None) -> Result:
    from flowlint import parallel

    entries = list(discover(paths, stdin_filename, settings.exclude, stdin))
    scoped = {id(s): s for s in (settings.for_path(e.fs_path or e.path) for e in entries)} or {id(settings): settings}
    # each part runs its own; only the selected rules' modules are imported
    rules = loaded(e for e in catalogue() if any(s.selected(e) for s in scoped.values()))
    early = [r for r in rules if r.target != "suppressions"]
    if parallel.worth_splitting(entries, early, settings.jobs):
        return _settle(parallel.lint_split(early, lambda share: _lint_entries(entries, settings, share), diagnose), rules)
    return _settle(_lint_entries(entries, settings, early), rules)


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
    deployments = partition(documents, lambda d: settings.for_path(d.source.fs_path or d.source.path))
    workspace = Workspace(deployments, settings)
    linted = sum(1 for d in workspace.documents if not d.context)
    return Result(diagnose(workspace, rules), linted, workspace.documents, workspace)


def diagnose(workspace: Workspace, rules: list) -> list:
    """Each deployment's findings; a file read by several (a shared bot-settings file) says its
    own once."""
    found, seen = [], set()
    for part in workspace.parts:
        selected = [r for r in rules if part.settings.selected(r)]  # its own config's rules (as ruff)
        for diagnostic in resolve(run_rules(part, selected), part):
            key = (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.code, diagnostic.message)
            if key not in seen:
                seen.add(key)
                found.append(diagnostic)
    found.sort(key=Diagnostic.sort_key)
    return found

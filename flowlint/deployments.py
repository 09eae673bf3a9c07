"""Which EvolutionAPI deployment each linted file belongs to, and the config files it is made of.

A file belongs to the deployment nearest to it, found the way ruff finds its config: from the
file's folder up to the project root (the nearest folder holding `.git`, `pyproject.toml` or
`.flowlint.toml`; with none, the file's folder only), the first folder that holds

- a server config: a compose file running an EvolutionAPI image (docker compose's default
  file and its override file, as `docker compose up` reads them), else a `.env` / `env.yml` that
  carries an EvolutionAPI setting; config files given in the run count too (any of these kinds);
- and, looked for the same way, the nearest bot-settings file (`typebot-settings.json`, …).

When the file's flowlint settings name `evolution-config`, that list is its deployment instead,
and nothing is looked for. Files given in the run that no deployment on disk claims are judged
together with the given config files no flow claims (as `flowlint check flow.json other/.env`
always did). Each deployment is linted as a run of its own: a flow sees its config only.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from flowlint.discover import Input, PathError, read
from flowlint.kinds import COMPOSE, ENV, FLOW, SETTINGS, YAML, is_bot_settings_name

ROOT_MARKERS = (".git", "pyproject.toml", ".flowlint.toml")
# The files `docker compose` reads in a folder when given no -f: the first of these names as the
# base, then the first override (compose-go v2.13.0 cli/options.go:405 and :408).
COMPOSE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
OVERRIDE_NAMES = ("compose.override.yml", "compose.override.yaml", "docker-compose.override.yml",
                  "docker-compose.override.yaml")
ENV_NAMES = (".env", "env.yml", "env.yaml", "dev-env.yml")
SERVER_KINDS = (ENV, YAML, COMPOSE)


@dataclass
class Deployment:
    """One scope of the run: the files judged together and the config files read for them."""

    settings: object  # flowlint.config.Settings
    documents: list = field(default_factory=list)  # read-only context first, then the files given
    found: list = field(default_factory=list)  # display paths of the config files discovery read


def broken(entry: Input):
    """The document of a file that cannot be read or decoded (FL001 says why)."""
    from flowlint.diagnostics import Span
    from flowlint.loaders import Document
    from flowlint.source import SourceFile

    error = entry.error
    span = Span(error.line, error.column, error.line, error.column)
    return Document(SourceFile(entry.path, "", entry.fs_path), None, error=(error.message, span))


def load_path(display: str, path):
    from flowlint.loaders import load

    entry = read(Input(display, Path(path), True))
    return broken(entry) if entry.error else load(entry.source)


def display_path(path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


def _carries_settings(document) -> bool:
    from flowlint import knowledge

    return any(knowledge.entry(s.name) is not None for s in document.settings)


class _Disk:
    """Discovered config files, each folder listed and each file loaded once per run."""

    def __init__(self):
        self._loaded: dict = {}
        self._roots: dict = {}
        self._listed: dict = {}  # (folder, what) -> documents

    def document(self, path: Path):
        key = os.path.realpath(path)
        if key not in self._loaded:
            self._loaded[key] = document = load_path(display_path(path), path)
            document.context = True  # read for the deployment's config, not linted
        return self._loaded[key]

    def root(self, folder: Path) -> Optional[Path]:
        if folder not in self._roots:
            self._roots[folder] = next((d for d in (folder, *folder.parents)
                                        if any((d / m).exists() for m in ROOT_MARKERS)), None)
        return self._roots[folder]

    def servers(self, folder: Path) -> list:
        return self._once(folder, self._servers)

    def bot_settings(self, folder: Path) -> list:
        return self._once(folder, self._bot_settings)

    def _once(self, folder: Path, find) -> list:
        key = (folder, find.__name__)
        if key not in self._listed:
            self._listed[key] = find(folder)
        return self._listed[key]

    def _servers(self, folder: Path) -> list:
        base = next((folder / n for n in COMPOSE_NAMES if (folder / n).is_file()), None)
        if base is not None:
            override = next((folder / n for n in OVERRIDE_NAMES if (folder / n).is_file()), None)
            composes = [self.document(p) for p in (base, override) if p is not None]
            composes = [d for d in composes if d.kind == COMPOSE or d.error is not None]  # broken: FL001 says so
            if composes:
                return composes
        envs = [self.document(folder / n) for n in ENV_NAMES if (folder / n).is_file()]
        return [d for d in envs if d.kind in (ENV, YAML) and _carries_settings(d)][:1]

    def _bot_settings(self, folder: Path) -> list:
        try:
            names = sorted(n for n in os.listdir(folder) if is_bot_settings_name(n))
        except OSError:
            return []
        found = [self.document(folder / n) for n in names if (folder / n).is_file()]
        return [d for d in found if d.kind == SETTINGS]


def _folder(document) -> Path:
    """The folder a file's deployment is looked for from. EvolutionAPI 1.x reads its env.yml as
    `src/env.yml` of the folder it runs in (1.8.2 src/config/env.config.ts:264), so an env.yml in
    a `src/` folder belongs with the files of the folder above (the compose file that runs it)."""
    path = document.source.fs_path or Path(document.source.path)  # '-': where --stdin-filename puts it
    folder = Path(os.path.abspath(path)).parent
    return folder.parent if document.kind == YAML and folder.name == "src" else folder


def _nearest(start: Path, root: Optional[Path], given: dict, on_disk: Optional[Callable]) -> tuple:
    """(folder, files) of the nearest folder from start up to root with given or discovered files
    (both: a `.env` given beside the compose file that names it)."""
    folders = [start] if root is None else [start, *start.parents[:len(start.parents) - len(root.parents)]]
    for folder in folders:
        files = [*given.get(folder, ()), *(on_disk(folder) if on_disk is not None else ())]
        if files:
            return folder, files
    return None, []


def partition(documents: list, settings_of: Callable) -> list:
    """The deployments of the documents given (in their order), each with its context files."""
    disk = _Disk()
    servers, bots = {}, {}
    for document in documents:
        if document.kind in SERVER_KINDS or document.kind == SETTINGS:
            (servers if document.kind in SERVER_KINDS else bots).setdefault(_folder(document), []).append(document)
    scopes: dict = {}  # key -> Deployment (its documents: the members only, for now)
    contexts: dict = {}  # key -> the config files read for it
    unclaimed = set()
    for document in documents:
        settings = settings_of(document)
        if settings.evolution_config:
            key, context = (id(settings), "named"), None
        else:
            start = _folder(document)
            root = disk.root(start)
            server_folder, server_files = _nearest(start, root, servers, disk.servers if settings.discover else None)
            bots_folder, bots_files = _nearest(start, root, bots, disk.bot_settings if settings.discover else None)
            key, context = (id(settings), server_folder, bots_folder), [*server_files, *bots_files]
            if server_folder is None and bots_folder is None:
                unclaimed.add(key)
        if key not in scopes:
            scopes[key] = Deployment(settings)
            contexts[key] = _named(settings, disk) if context is None else context
        scopes[key].documents.append(document)
    return [_with_context(d, c) for d, c in _claim_unclaimed(scopes, contexts, unclaimed)]


def _named(settings, disk: _Disk) -> list:
    found = [disk.document(p) for p in settings.evolution_config]
    for path, document in zip(settings.evolution_config, found):
        if document.kind == FLOW:
            raise PathError(f"{display_path(path)}: evolution-config names a Typebot flow, not an EvolutionAPI config")
    return found


def _claim_unclaimed(scopes: dict, contexts: dict, unclaimed: set) -> list:
    """Flows no config on disk claims are judged with the given config files no flow claims
    (`flowlint check flows/ deploy/.env`): one scope of them all per flowlint config, as before
    deployments."""
    merged: dict = {}  # id(Settings) -> keys merged into one scope
    for key, scope in scopes.items():
        flows = any(m.kind == FLOW for m in scope.documents)
        configs = any(m.kind in SERVER_KINDS or m.kind == SETTINGS for m in scope.documents)
        if key in unclaimed and flows or not flows and configs:
            merged.setdefault(key[0], []).append(key)
    result, absorbed = [], set()
    for keys in merged.values():
        if any(k in unclaimed for k in keys) and any(k not in unclaimed for k in keys):
            result.append((Deployment(scopes[keys[0]].settings, [m for k in keys for m in scopes[k].documents]),
                           [c for k in keys for c in contexts[k]]))
            absorbed.update(keys)
    return [(d, contexts[k]) for k, d in scopes.items() if k not in absorbed] + result


def _with_context(deployment: Deployment, found: list) -> Deployment:
    """Its context files put first (the files given win over them), as read-only documents; a file
    given in the run and linted in another deployment is read here from a copy of its own."""
    from flowlint.loaders import load
    from flowlint.source import SourceFile

    members = deployment.documents
    given = {os.path.realpath(d.source.fs_path or d.source.path) for d in members}
    context, seen = [], set()
    for document in found:
        path = os.path.realpath(document.source.fs_path or document.source.path)  # stdin: the name it stands for
        if path in given or path in seen:
            continue  # given in this deployment and linted here: its copy on disk is not read again
        seen.add(path)
        if not document.context:  # a file given in the run, linted in its own deployment
            source = document.source
            document = load(SourceFile(source.path, source.text, source.fs_path, bom=source.bom))
        document.context = True
        context.append(document)
    deployment.documents = context + members
    deployment.documents.extend(_env_file_documents(deployment.documents))
    if not deployment.settings.evolution_config:
        deployment.found = [d.path for d in deployment.documents if d.context]
    return deployment


def _is_file(path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name no file system takes (too long): no such file
        return False


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
            elif _is_file(path):
                loaded = load_path(os.path.normpath(os.path.join(os.path.dirname(document.path), relative)), path)
                known[os.path.realpath(path)] = loaded
                if loaded.kind is None and loaded.error is None:
                    loaded.kind = ENV  # docker reads any env_file as KEY=VALUE lines (an empty one too)
                if loaded.kind in (ENV, None):
                    loaded.context = document.context
                    extra.append(loaded)
    return extra

"""Configuration: `[tool.flowlint]` in a pyproject.toml, or `.flowlint.toml`; CLI beats config.

As in ruff, the config nearest to each linted file is the one for that file (unless `--config`
names one for all), and `extend = "../base.toml"` inherits another config file, whose keys the
extending file's own replace. Run-wide keys (fail-on, exclude) come from the config found from
the working directory.

Keys (kebab or snake case): extend, select, ignore, fail-on, evolution-version, evolution-config,
discover, exclude, per-file-ignores = {glob[#pointer|#typebot-id]: [codes]}, severity = {code: level},
jobs (processes at most: 1 = one process; run-wide).
"""
from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from flowlint.diagnostics import Severity


def _toml():
    """The TOML parser, imported only when there is a file to read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


KEYS = ("extend", "select", "ignore", "fail-on", "evolution-version", "evolution-config", "discover", "exclude",
        "per-file-ignores", "severity", "jobs")


class ConfigError(Exception):
    """Bad configuration or selection: a usage error (exit 2)."""


@dataclass
class PerFileIgnore:
    glob: str
    anchor: Optional[str]  # "/groups/3" (a JSON pointer) or a Typebot id; None = whole file
    selectors: tuple
    root: Optional[Path] = None  # the folder of the config file that says it (globs are relative to it)
    origin: Optional[str] = None  # the config file that says it


@dataclass
class Settings:
    select: Optional[tuple] = None
    ignore: tuple = ()
    fail_on: Severity = Severity.ERROR
    evolution_version: Optional[str] = None
    evolution_version_origin: str = "config"
    evolution_config: tuple = ()  # Paths of the deployment's EvolutionAPI config, read with every run
    discover: bool = True  # look for each file's deployment config (flowlint.deployments) when none is named
    exclude: tuple = ()
    per_file_ignores: list = field(default_factory=list)
    severity: dict = field(default_factory=dict)  # code -> Severity
    root: Path = field(default_factory=Path.cwd)  # directory of the config file
    origin: Optional[str] = None
    jobs: Optional[int] = None  # processes at most; None: a helper for a big flow when two CPUs are usable
    cache: bool = True  # flowlint's cache on disk (flowlint/cache.py); FLOWLINT_NO_CACHE=1 turns it off too
    nested: bool = False  # a config nearer to a file is that file's (load_settings without --config)
    command_line: dict = field(default_factory=dict, repr=False)  # what override() set: it beats every config
    _config_of: dict = field(default_factory=dict, repr=False, compare=False)  # folder -> its nearest config file
    _nearer: dict = field(default_factory=dict, repr=False, compare=False)  # that file -> its Settings

    def override(self, **values) -> None:
        """Set from the command line; `extend_ignore` adds to `ignore`. Kept for nearer configs."""
        self.command_line.update(values)
        for name, value in values.items():
            if name == "extend_ignore":
                self.ignore = self.ignore + value
            else:
                setattr(self, name, value)

    def for_path(self, path) -> "Settings":
        """The settings for a linted file: those of the config nearest to it, with the command
        line's on top; these very settings when none is nearer (or `--config` named them)."""
        if not self.nested or path is None:
            return self
        folder = os.path.dirname(os.path.abspath(path))
        if folder not in self._config_of:
            self._config_of[folder] = find_config(Path(folder))
        found = self._config_of[folder]
        if found is None or self.origin is not None and found.resolve() == Path(self.origin).resolve():
            return self
        key = str(found.resolve())
        if key not in self._nearer:
            nearer = load_settings(str(found))
            nearer.override(**self.command_line)
            self._nearer[key] = nearer
        return self._nearer[key]

    def selected(self, rule) -> bool:
        from flowlint.rules import matches

        if self.select is not None and not any(matches(s, rule) for s in self.select):
            return False
        return not any(matches(s, rule) for s in self.ignore)

    def severity_of(self, rule) -> Severity:
        return self.severity.get(rule.code, rule.severity)

    def file_paths(self, path: str, fs_path, root: Optional[Path] = None) -> set:
        """The paths per-file-ignores globs are matched against: as given, and from `root` (the
        folder of the config file that says the glob; default this config's root)."""
        paths = {path.replace(os.sep, "/")}
        if fs_path is not None:
            paths.add(_relative(fs_path, root or self.root))
        return paths

    def ignored_in_file(self, diagnostic, finding, rule) -> list:
        """(entry index, selector) of every per-file-ignores selector that silences this; [] for none."""
        from flowlint.rules import matches

        hits = []
        for index, entry in enumerate(self.per_file_ignores):
            paths = self.file_paths(diagnostic.path, finding.source.fs_path, entry.root)
            if not any(fnmatch.fnmatch(p, entry.glob) for p in paths):
                continue
            named = [s for s in entry.selectors if matches(s, rule)]
            if not named:
                continue
            if entry.anchor is None or _inside(entry.anchor, diagnostic.pointer or "", finding.ids):
                hits.extend((index, s) for s in named)
        return hits


def _inside(anchor: str, pointer: str, ids: tuple) -> bool:
    """Whether a finding lies in the part of a file a `#pointer` or `#typebot-id` names."""
    if anchor.startswith("/"):
        return pointer == anchor or pointer.startswith(anchor + "/")
    return anchor in ids


def _relative(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path.resolve(), root.resolve()).replace(os.sep, "/")
    except ValueError:  # another drive
        return str(path).replace(os.sep, "/")


def _selectors(value, key: str) -> tuple:
    from flowlint.rules import valid_selector

    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}: expected a list of rule codes or names")
    if not value:
        raise ConfigError(f"{key}: no rule code or name given")
    for selector in value:
        if not valid_selector(selector):
            raise ConfigError(f"{key}: unknown rule code or name {selector!r} (see `flowlint rules`)")
    return tuple(value)


def _severity(value, key: str) -> Severity:
    try:
        return Severity.parse(str(value))
    except ValueError as exc:
        raise ConfigError(f"{key}: {exc}") from None


def find_config(start: Path) -> Optional[Path]:
    """The nearest .flowlint.toml, or pyproject.toml with a [tool.flowlint] table."""
    for directory in [start, *start.parents]:
        dedicated = directory / ".flowlint.toml"
        if dedicated.is_file():
            return dedicated
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            tomllib = _toml()
            try:
                if "flowlint" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}):
                    return pyproject
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                return pyproject  # unreadable: load_config reports it
    return None


def _read_chain(path: Path, seen: tuple = ()) -> list:
    """(path, table) of a config file and of those it extends, the furthest base first."""
    table = _read_table(path)
    extend = table.get("extend")
    if extend is None:
        return [(path, table)]
    if not isinstance(extend, str):
        raise ConfigError(f"{path}: extend: expected the path of another config file")
    base = (path.parent / extend).resolve()
    if base in seen or base == path.resolve():
        raise ConfigError(f"{path}: extend: {extend} extends itself (a cycle)")
    if not base.is_file():
        raise ConfigError(f"{path}: extend: {extend}: no such file")
    return [*_read_chain(base, (*seen, path.resolve())), (path, table)]


def _read_table(path: Path) -> dict:
    tomllib = _toml()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        document = document.get("tool", {}).get("flowlint", {})
    if not isinstance(document, dict):
        raise ConfigError(f"{path}: [tool.flowlint] must be a table")
    return document


def apply_table(settings: Settings, table: dict, origin: str, folder: Optional[Path] = None) -> Settings:
    """The table's keys onto settings, each replacing what was there (an extending file's keys win);
    paths and globs in it are relative to `folder`, the folder of the file that writes them."""
    folder = folder or settings.root
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        where = f"{origin}: {raw_key}"
        if key not in KEYS:
            raise ConfigError(f"{origin}: unknown key {raw_key!r} (known: {', '.join(KEYS)})")
        if key == "extend":
            continue  # read by _read_chain
        if key == "select":
            settings.select = _selectors(value, where)
        elif key == "ignore":
            settings.ignore = _selectors(value, where)
        elif key == "fail-on":
            settings.fail_on = _severity(value, where)
        elif key == "evolution-version":
            from flowlint.model.evolution import parse_version
            from flowlint.sanitize import quoted

            if not isinstance(value, str) or parse_version(value) is None:
                raise ConfigError(f"{where}: {quoted(value)} is not a version like \"1.7.4\"")
            settings.evolution_version = value
        elif key == "evolution-config":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: expected a list of paths")
            settings.evolution_config = tuple(existing_file(folder / v, f"{where}: {v}") for v in value)
        elif key == "discover":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: expected true or false")
            settings.discover = value
        elif key == "exclude":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: expected a list of glob patterns")
            settings.exclude = tuple(value)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a table of glob = [codes]")
            settings.per_file_ignores = []
            for pattern, codes in value.items():
                glob, _, anchor = pattern.partition("#")
                settings.per_file_ignores.append(PerFileIgnore(
                    glob, anchor or None, _selectors(codes, f"{where}.{pattern}"), folder, origin))
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a table of code = level")
            from flowlint.rules import find_rule

            settings.severity = {}
            for code, level in value.items():
                found = find_rule(code)
                if found is None:
                    raise ConfigError(f"{where}: unknown rule code or name {code!r}")
                settings.severity[found.code] = _severity(level, f"{where}.{code}")
        elif key == "jobs":
            settings.jobs = jobs_count(value, where)
    return settings


def jobs_count(value, where: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{where}: expected a whole number of processes, 1 or more")
    return value


def existing_file(path: Path, label: str) -> Path:
    if not path.is_file():
        raise ConfigError(f"{label}: {'a directory, not a file' if path.is_dir() else 'no such file'}")
    return path


def load_settings(explicit: Optional[str] = None, start: Optional[Path] = None) -> Settings:
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: config file not found")
    else:
        path = find_config((start or Path.cwd()).resolve())
    if path is None:
        return Settings(nested=explicit is None)
    settings = Settings(root=path.resolve().parent, origin=str(path), nested=explicit is None)
    for file, table in _read_chain(path):
        apply_table(settings, table, str(file) if file == path else display(file), file.resolve().parent)
    return settings


def display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)

"""Configuration: `[tool.flowlint]` in the nearest pyproject.toml, or `.flowlint.toml`; CLI beats config.

Keys (kebab or snake case): select, ignore, fail-on, evolution-version, evolution-config,
exclude, per-file-ignores = {glob[#pointer|#typebot-id]: [codes]}, severity = {code: level},
jobs (processes at most: 1 = one process).
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


KEYS = ("select", "ignore", "fail-on", "evolution-version", "evolution-config", "exclude", "per-file-ignores",
        "severity", "jobs")


class ConfigError(Exception):
    """Bad configuration or selection: a usage error (exit 2)."""


@dataclass
class PerFileIgnore:
    glob: str
    anchor: Optional[str]  # "/groups/3" (a JSON pointer) or a Typebot id; None = whole file
    selectors: tuple


@dataclass
class Settings:
    select: Optional[tuple] = None
    ignore: tuple = ()
    fail_on: Severity = Severity.ERROR
    evolution_version: Optional[str] = None
    evolution_version_origin: str = "config"
    evolution_config: tuple = ()  # Paths of the deployment's EvolutionAPI config, read with every run
    exclude: tuple = ()
    per_file_ignores: list = field(default_factory=list)
    severity: dict = field(default_factory=dict)  # code -> Severity
    root: Path = field(default_factory=Path.cwd)  # directory of the config file
    origin: Optional[str] = None
    jobs: Optional[int] = None  # processes at most; None: a helper for a big flow when two CPUs are usable
    cache: bool = True  # flowlint's cache on disk (flowlint/cache.py); FLOWLINT_NO_CACHE=1 turns it off too

    def selected(self, rule) -> bool:
        from flowlint.rules import matches

        if self.select is not None and not any(matches(s, rule) for s in self.select):
            return False
        return not any(matches(s, rule) for s in self.ignore)

    def severity_of(self, rule) -> Severity:
        return self.severity.get(rule.code, rule.severity)

    def ignored_in_file(self, diagnostic, finding, rule) -> bool:
        from flowlint.rules import matches

        paths = {diagnostic.path.replace(os.sep, "/")}
        if finding.source.fs_path is not None:
            try:
                paths.add(os.path.relpath(finding.source.fs_path.resolve(), self.root.resolve()).replace(os.sep, "/"))
            except ValueError:
                pass
        for entry in self.per_file_ignores:
            if not any(fnmatch.fnmatch(p, entry.glob) for p in paths):
                continue
            if not any(matches(s, rule) for s in entry.selectors):
                continue
            if entry.anchor is None:
                return True
            if entry.anchor.startswith("/"):
                pointer = diagnostic.pointer or ""
                if pointer == entry.anchor or pointer.startswith(entry.anchor + "/"):
                    return True
            elif entry.anchor in finding.ids:
                return True
        return False


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


def apply_table(settings: Settings, table: dict, origin: str) -> Settings:
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        where = f"{origin}: {raw_key}"
        if key not in KEYS:
            raise ConfigError(f"{origin}: unknown key {raw_key!r} (known: {', '.join(KEYS)})")
        if key == "select":
            settings.select = _selectors(value, where)
        elif key == "ignore":
            settings.ignore = _selectors(value, where)
        elif key == "fail-on":
            settings.fail_on = _severity(value, where)
        elif key == "evolution-version":
            from flowlint.model.evolution import parse_version

            if not isinstance(value, str) or parse_version(value) is None:
                raise ConfigError(f"{where}: {value!r} is not a version like \"1.7.4\"")
            settings.evolution_version = value
        elif key == "evolution-config":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: expected a list of paths")
            settings.evolution_config = tuple(existing_file(settings.root / v, f"{where}: {v}") for v in value)
        elif key == "exclude":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: expected a list of glob patterns")
            settings.exclude = tuple(value)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a table of glob = [codes]")
            for pattern, codes in value.items():
                glob, _, anchor = pattern.partition("#")
                settings.per_file_ignores.append(PerFileIgnore(glob, anchor or None, _selectors(codes, f"{where}.{pattern}")))
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a table of code = level")
            from flowlint.rules import find_rule

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
        return Settings()
    settings = Settings(root=path.resolve().parent, origin=str(path))
    return apply_table(settings, _read_table(path), str(path))

"""What flowlint knows of EvolutionAPI, read from the catalogue in `schemas/` (data, not code)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

_SECRET_NAME = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD|PASS|PWD|CREDENTIAL|DSN)(_|$)")


def schemas_dir() -> Path:
    """`flowlint/schemas` in an installed wheel, the repository's `schemas/` in a checkout."""
    packaged = Path(__file__).with_name("schemas")
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "schemas"


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    with open(schemas_dir() / name, encoding="utf-8") as handle:
        return json.load(handle)


def catalogue() -> dict:
    return load_schema("evolution-settings.json")["settings"]


@lru_cache(maxsize=None)
def yaml_names() -> dict:
    """1.x env.yml path (dot-joined) -> env name, for every setting 1.x reads."""
    return {entry["yaml"]: name for name, entry in catalogue().items() if entry.get("yaml")}


def yaml_roots() -> frozenset:
    return frozenset(path.split(".", 1)[0] for path in yaml_names())


def in_spans(spans, version: tuple) -> bool:
    from flowlint.model.evolution import parse_version

    for span in spans or ():
        since = parse_version(span.get("since")) or (0, 0, 0)
        until = parse_version(span["until"]) if span.get("until") else None
        if since <= version and (until is None or version < until):
            return True
    return False


def entry(name: str) -> Optional[dict]:
    return catalogue().get(name)


def is_secret_name(name: str) -> bool:
    known = entry(name)
    if known is not None and (known.get("secret") or known.get("type") == "secret"):
        return True
    return bool(_SECRET_NAME.search(name.upper()))

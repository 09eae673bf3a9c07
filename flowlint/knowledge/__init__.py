"""What flowlint knows of EvolutionAPI, read from the catalogue in `schemas/` (data, not code)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

_SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASS|PWD|CREDENTIAL|DSN")


def schemas_dir() -> Path:
    """`flowlint/schemas` in an installed wheel, the repository's `schemas/` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "schemas"
    return packaged if packaged.is_dir() else package.parent / "schemas"


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
    """A setting the catalogue marks secret; for a name it does not know (a typo, another
    service's POSTGRES_PASSWORD), one whose name says it holds a secret."""
    known = entry(name)
    if known is not None:
        return bool(known.get("secret") or known.get("type") == "secret")
    if _SECRET_NAME.search(name.upper()):
        return True
    from difflib import get_close_matches  # a misspelt secret (AUTHENTICATION_API_KY) is one still

    return bool(get_close_matches(name.upper(), _secret_names(), n=1, cutoff=0.8))


@lru_cache(maxsize=None)
def _secret_names() -> tuple:
    return tuple(n for n, known in catalogue().items() if known.get("secret") or known.get("type") == "secret")


# --- Accessors for the setting rules (FL201-FL212, FL403, FL407) -----------------------------
# Each reads one field of the catalogue; what the fields mean is in evolution-settings.schema.json.


@lru_cache(maxsize=None)
def releases() -> tuple:
    """The catalogued release snapshots, oldest first, as version tuples."""
    from flowlint.model.evolution import parse_version

    return tuple(parse_version(text) for text in load_schema("evolution-settings.json")["releases"])


def plausible_releases(bindings, below: Optional[tuple] = None) -> tuple:
    """The catalogued releases a config plausibly runs on when nothing pins it, oldest first:
    the contiguous range of the releases that read the most of its settings (a URI whose scheme
    a release cannot take counts against it: `mongodb://` is 1.x). `bindings` are (setting,
    read as a 1.x env.yml); only releases older than `below` when given. No known setting at
    all: none (nothing to infer from)."""
    from urllib.parse import urlsplit

    known = [(s, yaml) for s, yaml in bindings if entry(s.name) is not None]
    if not known:
        return ()
    scores, among = [], tuple(r for r in releases() if below is None or r < below)
    for release in among:
        score = 0
        for setting, yaml in known:
            if (yaml_reads if yaml else reads)(setting.name, release):
                score += 1
                schemes = url_schemes(setting.name, release)
                value = (setting.value or "").strip()
                if schemes and "://" in value and not setting.interpolated:
                    try:
                        scheme = urlsplit(value).scheme.lower()
                    except ValueError:
                        continue
                    score -= 2 * (scheme not in schemes["schemes"])  # read, but not as such a URI
        scores.append(score)
    best = [r for r, score in zip(among, scores) if score == max(scores)]
    return tuple(r for r in among if best[0] <= r <= best[-1])


def catalogued(version: tuple) -> bool:
    """The catalogue says nothing about versions older than its first release."""
    return version >= releases()[0]


def reads(name: str, version: tuple) -> bool:
    known = entry(name)
    return known is not None and in_spans(known.get("read"), version)


def yaml_reads(name: str, version: tuple) -> bool:
    """Does a 1.x env.yml key (flattened to `name` by the loader) take effect at `version`?"""
    if reads(name, version) or in_spans((entry(name) or {}).get("yaml_read"), version):
        return True
    path = (entry(name) or {}).get("yaml")
    return bool(path) and any(
        other.get("yaml") == path and in_spans(other.get("read"), version) for other in catalogue().values())


@lru_cache(maxsize=None)
def names_read_at(version: tuple) -> tuple:
    return tuple(sorted(name for name, known in catalogue().items() if in_spans(known.get("read"), version)))


def _versioned(value, version: tuple):
    """A catalogue field that is either a plain value or a list of {since, until, value}."""
    if not isinstance(value, list):
        return value
    for item in value:
        if in_spans([item], version):
            return item["value"]
    return None


def misspelling_target(name: str, version: tuple) -> Optional[str]:
    """The name EvolutionAPI reads instead of `name` at `version`, when the catalogue knows one."""
    known = entry(name)
    if known is None or in_spans(known.get("read"), version):
        return None
    return _versioned(known.get("misspelling_of"), version)


def bool_reading(name: str, version: tuple) -> Optional[str]:
    """How an env value of a bool setting is read: exactly-true, unset-or-true, not-false,
    equals-false, or boolean-string (the catalogue's bool_true_when)."""
    known = entry(name) or {}
    return _versioned(known.get("bool_true_when"), version) if known.get("type") == "bool" else None


def read_as_true(reading: str, value: str) -> bool:
    """EvolutionAPI's verdict on a non-empty env value under one of the bool readings."""
    if reading == "not-false":
        return value != "false"
    if reading == "equals-false":
        return value == "false"
    if reading == "boolean-string":
        return value == "true" if value in boolean_strings() else True
    return value == "true"


@lru_cache(maxsize=None)
def boolean_strings() -> frozenset:
    """The values class-validator's isBooleanString takes as booleans."""
    return frozenset(load_schema("evolution-settings.json")["boolean_strings"])


def int_fallback(name: str) -> bool:
    """Read as `parseInt(x) || default`: a 0 or a non-number silently gives the default."""
    return bool((entry(name) or {}).get("int_fallback"))


def url_schemes(name: str, version: tuple) -> Optional[dict]:
    """{schemes, obsolete?} the setting accepts at `version`, or None without a scheme rule."""
    for span in (entry(name) or {}).get("url_schemes", ()):
        if in_spans([span], version):
            return span
    return None


def allowed_since(name: str, value: str) -> Optional[str]:
    """The release from which `value` is allowed, when only some versions know it."""
    return (entry(name) or {}).get("allowed_since", {}).get(value)


def allowed_at(name: str, value: str, version: tuple) -> bool:
    from flowlint.model.evolution import parse_version

    since = allowed_since(name, value)
    return since is None or version >= parse_version(since)


def example_value_source(name: str, value: str) -> Optional[str]:
    """Which EvolutionAPI example file ships `value` for this setting, if one does."""
    for example in (entry(name) or {}).get("example_values", ()):
        if example["value"] == value:
            return example["source"]
    return None


def crashes_when_unset(version: tuple) -> tuple:
    """Settings whose absence crashes startup at `version` wherever process.env is read."""
    return tuple(name for name, known in catalogue().items() if in_spans(known.get("crashes_when_unset"), version))


def regressions() -> list:
    """Known Typebot-session regressions by version span (schemas/evolution-regressions.json)."""
    return load_schema("evolution-regressions.json")["regressions"]


def parse_span_start(span: dict) -> tuple:
    from flowlint.model.evolution import parse_version

    return parse_version(span.get("since")) or (0, 0, 0)


def parse_span_end(span: dict) -> Optional[tuple]:
    """The exclusive end of a span, None when it is open-ended."""
    from flowlint.model.evolution import parse_version

    return parse_version(span["until"]) if span.get("until") else None

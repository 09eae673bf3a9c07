"""`flowlint versions [X.Y.Z]`: what flowlint knows of an EvolutionAPI version, from its data
(the settings catalogue, the regression list, the session facts of model/session.py)."""
from __future__ import annotations

import textwrap

from flowlint import knowledge
from flowlint.model.evolution import NEWEST, format_version, parse_version
from flowlint.model.session import (CLOSES_SINCE, CREATE_FALLBACK_UNTIL, DELETE_STATUS_SINCE, RUN_TIME_FALLBACK_UNTIL, V2,
                                    allowed_statuses)
from flowlint.model.variables import prefilled_names

WIDTH = 96


def session_end(version: tuple) -> str:
    if version < CLOSES_SINCE:
        return "kept open: the finished session stays 'opened' (the behaviour before PR #283)"
    if version < V2:
        return ("deleted unless TYPEBOT_KEEP_OPEN=true (exactly `true`), so the next message restarts the flow; "
                "since 1.6.1 (PR #283, issue #273) — users blame 1.7.0")
    fallback = ("; a bot's keepOpen: false still takes the instance settings' value (up to 2.1.x)"
                if version < RUN_TIME_FALLBACK_UNTIL else
                "; /typebot/create still stores the instance settings' keepOpen for a false one (up to 2.2.x)"
                if version < CREATE_FALLBACK_UNTIL else "")
    return ("deleted unless the bot's keepOpen is true (default false; TYPEBOT_KEEP_OPEN is ignored); with keepOpen "
            "the session is marked 'closed' and the contact is ignored until a change-status 'delete' (#1003)"
            + fallback)


def changed_settings(version: tuple) -> tuple:
    """(read by this version, the release before it, read now but not then, read then but not now)."""
    catalogue = knowledge.catalogue()
    releases = [parse_version(r) for r in knowledge.load_schema("evolution-settings.json")["releases"]]
    previous = max((r for r in releases if r < version), default=None)
    read = sorted(n for n, e in catalogue.items() if knowledge.in_spans(e.get("read"), version))
    if previous is None:
        return read, None, [], []
    before = {n for n, e in catalogue.items() if knowledge.in_spans(e.get("read"), previous)}
    return read, previous, sorted(set(read) - before), sorted(before - set(read))


def regressions(version: tuple) -> list:
    found = []
    for entry in knowledge.load_schema("evolution-regressions.json")["regressions"]:
        if knowledge.in_spans([entry], version):
            numbers = [f"#{n}" for n in entry.get("issues", []) + entry.get("pull_requests", [])]
            found.append(f"{entry['summary']} ({', '.join(numbers)}); {entry['fix']}" if numbers else entry["summary"])
    return found


def _wrapped(label: str, text: str) -> list:
    return textwrap.wrap(text, WIDTH, initial_indent=f"  {label:<22}", subsequent_indent=" " * 24) or [f"  {label}"]


def describe(version: tuple) -> str:
    lines = [f"EvolutionAPI {format_version(version)}"]
    if version > NEWEST:  # said once, then described as what the rules read it as
        lines = [f"EvolutionAPI {format_version(version)} is newer than any release flowlint knows: described as "
                 f"{format_version(NEWEST)}, the newest it knows, which is what the rules read it as"]
        version = NEWEST
    read, previous, added, removed = changed_settings(version)
    statuses = "|".join(allowed_statuses(_Pinned(version)))
    lines += _wrapped("session at flow end:", session_end(version))
    lines += _wrapped("change-status:", f"{statuses}" + (
        "; 'closed' deletes the session (the next message restarts the flow)" if version < V2 else
        "; 'closed' deletes or marks closed per the instance settings' keepOpen"
        + ("" if version >= DELETE_STATUS_SINCE else "; 'delete' arrives in 2.0.4")))
    lines += _wrapped("Typebot integration:", "on only with TYPEBOT_ENABLED=true (default false)" if version >= V2
                      else "always on (TYPEBOT_ENABLED arrives in 2.0)")
    lines += _wrapped("prefilled variables:", ", ".join(sorted(prefilled_names(version))))
    change = "" if previous is None else (f"; new since {format_version(previous)}: {', '.join(added) or 'none'}; "
                                          f"gone since then: {', '.join(removed) or 'none'}")
    lines += _wrapped("settings read:", f"{len(read)}{change}")
    for item in regressions(version) or ["none known"]:
        lines += _wrapped("known regression:", item)
    return "\n".join(lines) + "\n"


def overview() -> str:
    lines = ["EvolutionAPI release lines flowlint knows (`flowlint versions X.Y.Z` for one):"]
    for release in knowledge.load_schema("evolution-settings.json")["releases"]:
        version = parse_version(release)
        end = "kept open" if version < CLOSES_SINCE else "deleted unless TYPEBOT_KEEP_OPEN=true" if version < V2 \
            else "deleted unless the bot's keepOpen is true"
        flag = " — known regression" if regressions(version) else ""
        lines.append(f"  {release:<8} session at flow end: {end}{flag}")
    return "\n".join(lines) + "\n"


class _Pinned:
    """Just enough of an EvolutionConfig for allowed_statuses()."""

    def __init__(self, version: tuple):
        self.version = version

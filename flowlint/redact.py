"""Keep secrets out of everything flowlint prints: excerpts, messages, `--diff`.

A config file's loader marks where its secrets stand (`mark`): the value, exactly as the .env or
YAML parser reads it (quotes, `#`, escapes and spaces included), of each setting the catalogue
marks secret (a name the catalogue does not know counts as secret when it says so:
POSTGRES_PASSWORD); nothing else of a config file is masked but the password of a URI with
credentials. Files without such a map (flows, files that could not be parsed) are masked by
pattern: secret-named fields, generated-looking tokens and URI credentials.
"""
from __future__ import annotations

import bisect
import re

MASK = "********"
# A name that ends in a secret word, or where one stands before a separator or a capital
# (apiKey, api_key, AUTH_TOKEN, passwordHash); not a word that merely starts like one (keywordFinish).
_SECRET_WORD = (r"[A-Za-z0-9_.-]*(?:key|ky|token|secret|password|passwd|pwd|pass|auth|authorization|credential|dsn)s?"
                r"(?:(?-i:[A-Z_.-])[A-Za-z0-9_.-]*)?")
# NAME=value, NAME: value, "name": "value" — where the name says it holds a secret; a quoted
# value runs to its closing quote (escapes included), a bare one to a space, comma, } or #.
# A name starts where its run of name characters starts (the look-behind: tried from every
# position of a long run, a base64 image or a long number, the match took quadratic time).
_ASSIGNMENT = re.compile(
    r"""(?ix)
    (?P<name>["']?(?<![A-Za-z0-9_.-])""" + _SECRET_WORD + r"""["']?)
    [ \t]*[:=][ \t]*
    (?:"(?P<double>(?:\\.|[^"\\])*)"?|'(?P<single>(?:\\.|[^'\\])*)'?|(?P<bare>(?:Bearer[ \t]+)?[^\s"',}#]+))
    """
)
# scheme://user:password@ — the password runs to the last @ before a space or quote. (Found from
# the `://`: a literal the regex engine scans for fast, a big flow has thousands of URLs.)
_URI_CREDENTIALS = re.compile(r"://[^:/@\s\"']*:(?P<password>[^\s\"']+)@")
# Any long token that looks generated (a hex key, or letters of both cases with digits), unless
# it is the value of an id field: Typebot ids look random too, and a user needs to see them.
_TOKEN = re.compile(r"[A-Za-z0-9_+/=.\-]{20,}")
_ID_FIELD = re.compile(r"""(?:id|Id|ID)["']?\s*[:=]\s*["']?$""")
_KNOWN_PREFIXES = ("sk-", "sk_", "ghp_", "gho_", "xox", "AKIA", "AIza", "eyJ")
_WORD = re.compile(r"[a-z]+")
SHORTEST_QUOTED = 4  # a secret value shorter than this is not looked for in messages (it would garble them)


def _generated(token: str) -> bool:
    if token.startswith(_KNOWN_PREFIXES) or re.fullmatch(r"[0-9A-Fa-f]{32,}", token):
        return True
    return any(c.isdigit() for c in token) and any(c.isupper() for c in token) and any(c.islower() for c in token) \
        and "/" not in token and "." not in token


def _pattern_ranges(text: str) -> list:
    found, starts, ends = [], [], []
    for match in _ASSIGNMENT.finditer(text):
        group = next(g for g in ("double", "single", "bare") if match.group(g) is not None)
        found.append(match.span(group))
        starts.append(match.start())
        ends.append(match.end())
    for match in _TOKEN.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = bisect.bisect_left(starts, match.end()) - 1  # the last assignment starting before its end
        if before >= 0 and ends[before] > match.start():
            continue  # a secret-named assignment: its value is masked already, its name stays
        if _generated(match.group()) and not _ID_FIELD.search(text, line_start, match.start()):
            found.append(match.span())
    return found


def _uri_ranges(text: str, start: int = 0, end: int = None) -> list:
    return [m.span("password") for m in _URI_CREDENTIALS.finditer(text, start, len(text) if end is None else end)]


def mark(source, settings, unparsed=()) -> None:
    """Record on `source` where the secrets of these settings (parsed from it) stand, and their
    parsed values (messages are checked for them); `unparsed`: (start, end) of text the parser
    could not read, masked whole."""
    from flowlint import knowledge

    ranges, values = list(unparsed), {source.text[s:e].strip() for s, e in unparsed}
    for setting in settings:
        if setting.value_end <= setting.value_start and not setting.value:
            continue
        if knowledge.is_secret_name(setting.name):
            start, end = setting.value_start, setting.value_end
            written = source.text[start:end]
            if len(written) >= 2 and written[0] in "'\"" and written[-1] == written[0]:
                start, end = start + 1, end - 1  # a quoted .env value: its quotes may show
            ranges.append((start, end))
            values.add(setting.value or "")
            values.add(source.text[start:end])
        else:
            for start, end in _uri_ranges(source.text, setting.value_start, setting.value_end):
                ranges.append((start, end))
                values.add(source.text[start:end])
            for match in _URI_CREDENTIALS.finditer(setting.value or ""):
                values.add(match.group("password"))
    source.secrets = (source.secrets or []) + ranges
    source.secret_values = (source.secret_values or set()) | {v for v in values if len(v) >= SHORTEST_QUOTED}
    source.secret_ranges = None  # (worked out again on first use)


def _merged(found) -> list:
    merged: list = []
    for start, end in sorted(r for r in found if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _within(source, start: int, end: int) -> list:
    """The secret ranges that overlap text[start:end]: of a marked source, from its map (worked
    out once); else by pattern over just the lines around them (a big flow is never scanned whole)."""
    text = source.text
    if source.secrets is None:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        lines = text[line_start:line_end]
        found = [(s + line_start, e + line_start) for s, e in _pattern_ranges(lines) + _uri_ranges(lines)]
        return [r for r in _merged(found) if r[0] < end and start < r[1]]
    if source.secret_ranges is None:
        source.secret_ranges = _merged(list(source.secrets) + _uri_ranges(text))
    found = source.secret_ranges
    first = bisect.bisect_right(found, start, key=lambda r: r[1])
    last = bisect.bisect_left(found, end, key=lambda r: r[0])
    return found[first:last]


def touches(source, start: int, end: int) -> bool:
    """Does text[start:end] hold (part of) a secret?"""
    return bool(_within(source, start, end))


def _masking(text: str, ranges, start: int, end: int) -> str:
    out, at = [], start
    for s, e in ranges:
        out.append(text[at:max(at, s)])
        out.append(MASK)
        at = max(at, min(e, end))
    out.append(text[at:end])
    return "".join(out)


def masked(source, start: int, end: int) -> str:
    """source.text[start:end] with every secret in it replaced by the mask."""
    return _masking(source.text, _within(source, start, end), start, end)


def mask_text(text: str) -> str:
    """A text taken out of a flow (a group title, a button label) with what looks secret masked,
    by pattern, as a flow's excerpts are."""
    return _masking(text, _merged(_pattern_ranges(text) + _uri_ranges(text)), 0, len(text))


def secret_values(sources) -> list:
    """The secrets config files hold and URI passwords, as text, longest first: what a message
    must never quote."""
    values = set()
    for source in sources:
        values |= source.secret_values or set()
        values |= {source.text[s:e] for s, e in _uri_ranges(source.text) if e - s >= SHORTEST_QUOTED}
    return sorted(values, key=len, reverse=True)


def mask_message(message: str, values) -> str:
    """The message with any secret value in it masked: rules never quote one, this makes sure.
    Only where it stands as a value (between quotes, blanks, `=`, `:`…): a password `evolution`
    must not garble `--evolution-version`; and not a plain lower-case word (`password`, `guest`),
    which a message may use as a word and which hides nothing."""
    for value in values:
        if value in message and not _WORD.fullmatch(value):
            message = re.sub(r"(?<![^\s'\"`=:(,/])" + re.escape(value) + r"(?![^\s'\"`,.;:)@/])", MASK, message)
    return message

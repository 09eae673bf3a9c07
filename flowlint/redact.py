"""Keep secrets out of the source text flowlint shows (excerpts, diffs): API keys, tokens,
passwords, URI credentials. Messages are written by the rules never to hold a secret value, so
they are not rewritten here (masking prose would garble it)."""
from __future__ import annotations

import re

MASK = "********"
_SECRET_WORD = r"[A-Za-z0-9_.-]*(?:key|ky|token|secret|password|passwd|pwd|pass|auth|credential|dsn)[A-Za-z0-9_.-]*"
# NAME=value, NAME: value, "name": "value" — where the name says it holds a secret. A name starts
# where its run of name characters starts, a URI scheme where its run of letters does (the
# look-behinds; a match from inside a run is one from its start): tried from every position of
# a long run (a base64 image, a long number) they took quadratic time.
_ASSIGNMENT = re.compile(
    r"""(?ix)
    (?P<name>["']?(?<![A-Za-z0-9_.-])""" + _SECRET_WORD + r"""["']?)
    (?P<sep>[ \t]*[:=][ \t]*)
    (?P<quote>["']?)
    (?P<value>(?:Bearer[ \t]+)?[^\s"',}#]+)
    """
)
_URI_CREDENTIALS = re.compile(r"(?P<scheme>(?<![a-z])[a-z][a-z0-9+.-]*://)(?P<user>[^:/@\s\"']*):(?P<password>[^@/\s\"']+)@", re.I)
# Any long token that looks generated (a hex key, or letters of both cases with digits), unless
# it is the value of an id field: Typebot ids look random too, and a user needs to see them.
_TOKEN = re.compile(r"[A-Za-z0-9_+/=.\-]{20,}")
_ID_FIELD = re.compile(r"""(?:id|Id|ID)["']?\s*[:=]\s*["']?$""")
_KNOWN_PREFIXES = ("sk-", "sk_", "ghp_", "gho_", "xox", "AKIA", "AIza", "eyJ")


def _generated(token: str) -> bool:
    if token.startswith(_KNOWN_PREFIXES) or re.fullmatch(r"[0-9A-Fa-f]{32,}", token):
        return True
    return any(c.isdigit() for c in token) and any(c.isupper() for c in token) and any(c.islower() for c in token) \
        and "/" not in token and "." not in token


def _mask_tokens(text: str) -> str:
    def mask(match: re.Match) -> str:
        if _ID_FIELD.search(text, 0, match.start()):
            return match.group()
        return MASK if _generated(match.group()) else match.group()

    return _TOKEN.sub(mask, text)


def redact(text: str) -> str:
    text = _URI_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", text)
    text = _ASSIGNMENT.sub(lambda m: f"{m['name']}{m['sep']}{m['quote']}{MASK}", text)
    return _mask_tokens(text)

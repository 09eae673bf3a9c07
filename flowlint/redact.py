"""Keep secrets out of everything flowlint prints: API keys, tokens, passwords, URI credentials."""
from __future__ import annotations

import re

MASK = "********"
_SECRET_WORD = r"[A-Za-z0-9_.-]*(?:key|token|secret|password|passwd|pwd|pass|authorization|credential|dsn)[A-Za-z0-9_.-]*"
# NAME=value, NAME: value, "name": "value" — where the name says it holds a secret.
_ASSIGNMENT = re.compile(
    r"""(?ix)
    (?P<name>["']?""" + _SECRET_WORD + r"""["']?)
    (?P<sep>\s*[:=]\s*)
    (?P<quote>["']?)
    (?P<value>(?:Bearer\s+)?[^\s"',}#]+)
    """
)
_URI_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:/@\s\"']*):(?P<password>[^@/\s\"']+)@", re.I)


def redact(text: str) -> str:
    text = _URI_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", text)
    return _ASSIGNMENT.sub(lambda m: f"{m['name']}{m['sep']}{m['quote']}{MASK}", text)

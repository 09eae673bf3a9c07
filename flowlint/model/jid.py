"""WhatsApp JIDs as EvolutionAPI stores them, and what is wrong with the ones that are not."""
from __future__ import annotations

import re
from typing import Optional

PERSON_SUFFIX = "@s.whatsapp.net"
VALID = (
    re.compile(r"^\d{5,}@s\.whatsapp\.net$"),
    re.compile(r"^\d+(?:-\d+)?@g\.us$"),
    re.compile(r"^\d+@lid$"),
    re.compile(r"^[\w.-]+@broadcast$"),
    re.compile(r"^\d+@newsletter$"),
)
SPECIAL = frozenset({"@g.us", "@s.whatsapp.net"})  # ignoreJids: every group / every contact
PREFILLED = frozenset({"remoteJid", "ownerJid"})  # EvolutionAPI fills these with full JIDs
_TEMPLATE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_BARE = re.compile(r"^\+?[\d\s().-]*\d[\d\s().-]*$")


def problem(value: str, special_ok: bool = False) -> Optional[tuple]:
    """None for a valid JID (or one only known at run time), else ("bare"|"malformed", reason)."""
    text = value.strip()
    if special_ok and text in SPECIAL:
        return None
    names = _TEMPLATE.findall(text)
    if names:
        if len(names) == 1 and _TEMPLATE.fullmatch(text):
            return None  # one variable: {{remoteJid}} is a JID; other variables are unknown until run time
        literal = _TEMPLATE.sub("0", text)
        if "@" not in literal and _BARE.match(literal):
            return "bare", "it is built from a phone number without the @s.whatsapp.net suffix"
        text = literal
    if any(p.match(text) for p in VALID):
        return None
    if _BARE.match(text):
        return "bare", "a phone number without its @s.whatsapp.net suffix"
    user, _, suffix = text.partition("@")
    if suffix == "c.us":
        return "malformed", "@c.us is the whatsapp-web.js form; EvolutionAPI stores @s.whatsapp.net"
    if ":" in user:
        return "malformed", "it carries a device suffix (':N'); sessions are stored without it"
    if not suffix:
        return "malformed", "it has no @… suffix"
    if suffix not in ("s.whatsapp.net", "g.us", "lid", "broadcast", "newsletter"):
        return "malformed", f"@{suffix} is not a WhatsApp server (use @s.whatsapp.net, @g.us, @lid, @broadcast or @newsletter)"
    return "malformed", f"'{user}' is not a valid {'group id' if suffix == 'g.us' else 'number'} for @{suffix}"


def fixed(value: str) -> Optional[str]:
    """The full JID for a bare number of digits only; None when a fix would be a guess."""
    text = value.strip()
    return text + PERSON_SUFFIX if text.isdigit() and len(text) >= 5 else None

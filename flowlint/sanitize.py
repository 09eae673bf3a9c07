"""Text that came from a file (names, group titles, values, source lines), made safe to print.

A terminal acts on control characters: ESC starts sequences that clear the screen, set the
window title or write the clipboard (OSC 52), C1 characters do the same on some terminals, a
newline starts a line that a CI runner may read as a workflow command (`::error …`), and the
bidi overrides reorder what a reviewer reads (CVE-2021-42574). Every reporter passes what it
takes from a file through one of these functions:
- `visible` for terminal and log text: each such character becomes a visible escape (`\\x1b`),
  so the rest of any sequence is inert text;
- `json_text` for JSON documents: the characters `json.dumps` leaves raw become `\\u` escapes,
  the data stays the same.
"""
from __future__ import annotations

import re

# Beyond C0: DEL, C1, the Arabic letter mark, LRM/RLM, line/paragraph separators, bidi
# embeddings, overrides and isolates.
_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_UNSAFE_BUT_TAB = re.compile(f"[\x00-\x08\x0a-\x1f{_BEYOND_C0}]")
_RAW_IN_JSON = re.compile(f"[{_BEYOND_C0}]")  # json.dumps escapes C0 itself


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep_tabs: bool = False) -> str:
    """`text` with every control character as a visible escape (tabs kept if asked: source lines)."""
    pattern = _UNSAFE_BUT_TAB if keep_tabs else _UNSAFE
    return pattern.sub(_escape, text) if pattern.search(text) else text


def visible_line(line: str) -> str:
    """One line of a file as printed whole (a diff line): `visible`, its tabs and final line break kept."""
    body = line.rstrip("\r\n")
    return visible(body, keep_tabs=True) + line[len(body):]


def visible_path(path: str) -> str:
    """A path for the start of an output line: `visible`, and `./` before one starting with `:`
    (blanks before it too: the same file), so that no line of ours begins with a workflow
    command's `::`."""
    path = visible(path)
    return "./" + path if path.lstrip().startswith(":") else path


def json_text(text: str) -> str:
    """JSON text from `json.dumps(…, ensure_ascii=False)` with no raw control character left."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def quoted(text: str, limit: int = 60) -> str:
    """`text` quoted for a message about it, cut to `limit` characters (a 5,000-digit "version"
    need not fill the terminal)."""
    if not isinstance(text, str):
        return repr(text)
    return repr(text if len(text) <= limit else text[:limit] + "…")

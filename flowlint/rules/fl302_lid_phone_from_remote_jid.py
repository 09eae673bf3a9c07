"""A flow that turns `{{remoteJid}}` into a phone number: for a contact WhatsApp addresses by a LID (`…@lid`) it is no number.

## What it finds
In a flow that runs on EvolutionAPI 2.x (or on an unknown version):
- a string that reads `{{remoteJid}}` (Set variable code, a Code block, inline `{{= … =}}`, an
  HTTP request's URL or body) and strips its suffix to get a phone number:
  `.replace('@s.whatsapp.net', '')`, `.replace(/@.*/, '')`, `.replace(/\\D/g, '')`,
  `.split('@')[0]`, `.substring(0, jid.indexOf('@'))`, `.slice(0, -15)`…; the finding points at
  that call (taking the part after `@`, to tell groups from contacts, is fine);
- a string that glues `@s.whatsapp.net` (or `@c.us`) back onto a variable made that way
  (`{{phone}}@s.whatsapp.net`); the finding points at that suffix.
It stays quiet on a pinned 1.x.

## Why it matters
EvolutionAPI starts a Typebot session with `remoteJid` set to the message key's `remoteJid`, as
Baileys gave it (2.3.6 `src/api/integrations/channel/whatsapp/whatsapp.baileys.service.ts:1355-1358`
passes `messageRaw.key.remoteJid` to the chatbots;
`src/api/integrations/chatbot/typebot/services/typebot.service.ts:97-106` prefills it; no
`remoteJidAlt` is prefilled). WhatsApp now addresses many contacts by a linked id, so for them
that value is `103899771998284@lid`, not `5511…@s.whatsapp.net` (#1872, #1764, #1916 on 2.2.x).
Only 2.3.1–2.3.4 swap in the phone JID, and only when WhatsApp sends one (2.3.1 `:1051-1053`
uses `senderPn`; 2.3.3 `:1361-1362` `remoteJidAlt`); 2.3.5 dropped that swap again. So
`{{remoteJid}}.replace('@s.whatsapp.net','')` leaves `…@lid` in place, `split('@')[0]` gives the
LID's digits — no phone number — and `{{phone}}@s.whatsapp.net` addresses a number that does not
exist: EvolutionAPI answers `400 exists: false` (#2132, #2251), CRMs get a wrong number.

## Example
A Set variable `phone` = `return "{{remoteJid}}".split('@')[0]`, then an HTTP request with body
`{"number": "{{phone}}@s.whatsapp.net", "text": "Thanks!"}`.

## How to fix
Pass `{{remoteJid}}` on unchanged: EvolutionAPI's send endpoints take any JID, `@lid` included.
Where you really need the phone number, ask the user for it (a Phone number input), or read
`remoteJidAlt` from EvolutionAPI's webhook (`messages.upsert`) outside the flow.
"""
import re

from flowlint.model.session import V2
from flowlint.model.variables import evolution_version, usage
from flowlint.rules import WARNING, rule

JID_NAME = "remoteJid"
SET_VARIABLE, CODE = "Set variable", "Code"
_Q = r"""["'`]"""
# Calls that take the digits out of a JID (on the decoded string).
STRIP = re.compile(
    r"\.replace(?:All)?\s*\(\s*(?:" + _Q + r"@(?:s\.whatsapp\.net|c\.us)?" + _Q
    + r"|/[^/\n]*@[^/\n]*/[a-z]*|/\\D\+?/[a-z]*|/\[\^0-9\]\+?/[a-z]*|/\[\^\\d\]\+?/[a-z]*)"
    r"|\.split\s*\(\s*" + _Q + "@" + _Q + r"\s*\)\s*(?:\[\s*0\s*\]|\.shift\s*\(\s*\))"  # the part before @
    + r"|\.(?:substring|slice|substr)\s*\(\s*0\s*,[^)]*?\.(?:indexOf|lastIndexOf|search)\s*\(\s*" + _Q + "@"
    + r"|\.(?:slice|substring|substr)\s*\(\s*0\s*,\s*-?(?:1[2-5])\s*\)"
)
SUFFIX = re.compile(r"@(?:s\.whatsapp\.net|c\.us)\b")
SWAPS = ((2, 3, 1), (2, 3, 5))  # these replace a LID by the phone JID when WhatsApp sends it


def _text(use):
    """The string a use of a name lives in (None when it is not one)."""
    data = use.block.data if use.block is not None else use.event.data if use.event is not None else None
    for key in use.path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data if isinstance(data, str) else None


def _delivers(version) -> str:
    if version is None:
        return "EvolutionAPI 2.x (assumed: no version pinned) passes it unchanged"
    label = "EvolutionAPI " + ".".join(map(str, version))
    if SWAPS[0] <= version < SWAPS[1]:
        return f"{label} replaces it by the phone JID only when WhatsApp also sends one (senderPn/remoteJidAlt)"
    return f"{label} passes it unchanged"


def _targets(use, names_by_id) -> set:
    """Variables the block holding a stripping string writes: a Set variable's target, a Code
    block's setVariable names."""
    block = use.block
    if block is None:
        return set()
    if block.type == SET_VARIABLE:
        target = block.options.get("variableId")
        name = names_by_id.get(target) if isinstance(target, str) else None  # (FL003 says what else it is)
        return {name} if name else set()
    if block.type == CODE:
        from flowlint.model.variables import set_variable_calls

        code = block.options.get("content")
        return {name for name, _ in set_variable_calls(code)} if isinstance(code, str) else set()
    return set()


@rule("FL302", "lid-phone-from-remote-jid", WARNING, target="flow")
def check(ctx):
    version = evolution_version(ctx.evolution, ctx.project.settings.evolution_version)
    if version is not None and version < V2:
        return
    flow, source = ctx.flow, ctx.document.source
    found = usage(flow)
    names_by_id = {v.id: v.name for v in flow.variables if v.id is not None and v.name}
    delivers = _delivers(version)
    derived = {}  # variable name -> the use that strips remoteJid into it
    for use in found.by_name.get(JID_NAME, ()):
        text = _text(use) if use.reads else None
        match = STRIP.search(text) if text else None
        if match is None:
            continue
        for name in _targets(use, names_by_id) - {JID_NAME}:
            derived.setdefault(name, use)
        yield ctx.report(
            f"{{{{remoteJid}}}} made into a phone number here ({match.group(0).strip()}…): for a contact WhatsApp "
            f"addresses by a LID, remoteJid is '…@lid' and {delivers} to Typebot, so this gives the LID or its digits, "
            "not a phone number (#1872, #2251); pass remoteJid on unchanged, or ask for the number",
            pointer=use.pointer, span=source.span(*source.find_in_value(use.pointer, match.group(0))),
            ids=use.ids, group_id=use.group_id,
        )
    for name, origin in derived.items():
        for use in found.by_name.get(name, ()):
            text = _text(use) if use.reads else None
            literal = use.literal or "{{" + name + "}}"
            at = text.find(literal) if text else -1
            suffix = SUFFIX.match(text, at + len(literal)) if at != -1 else None
            if suffix is None:
                continue
            yield ctx.report(
                f"{literal}{suffix.group(0)} rebuilds a JID from '{name}', which the {origin.block.type} block in "
                f"{origin.place} strips out of "
                f"{{{{remoteJid}}}}: for a LID contact that is a number that does not exist, and EvolutionAPI answers "
                "400 exists: false (#2132); use {{remoteJid}} itself",
                pointer=use.pointer, span=source.span(*source.find_in_value(use.pointer, literal + suffix.group(0))),
                ids=use.ids, group_id=use.group_id,
            )

"""A choice input whose options a WhatsApp user cannot pick through EvolutionAPI as the flow expects.

## What it finds
In a flow linted with an EvolutionAPI config (so it runs on WhatsApp through EvolutionAPI):
- a picture choice input: EvolutionAPI never shows its options;
- two items of one choice input with the same text: only the first can ever be picked;
- an item with no text (and no internal value): shown as a bare `▶️`, and nothing a user
  types picks it;
- an item of a single-choice input whose text starts with a number (`1 - Sales`, `2) Help`,
  `3️⃣ Other`) and whose internal value is not that number: the user answers `1`, which a
  single choice does not accept;
Multiple choice works as text (Typebot matches each item's text, or its number, inside the
reply), so it is not reported; nor are case and accents (the user must type them as written,
which no item text can get wrong), nor dynamic items from a variable, whose texts are only known
at run time (Typebot builds them from the variable's values and still takes a listed item's edge
when a value equals its text).

## Why it matters
WhatsApp has no Typebot buttons. EvolutionAPI sends a choice input as one text message, one
`▶️ <item text>` line per item, and only for `choice input` blocks (1.8.2
`src/api/integrations/typebot/services/typebot.service.ts:653-659`; 2.3.6
`src/api/integrations/chatbot/typebot/services/typebot.service.ts:378-386`; the same in 2.0.10,
2.1.2, 2.2.3); a picture choice is skipped, so the user sees the question and no options. The
user's answer goes back to Typebot as plain text (`continueChat` with `message: content`, 2.3.6
`:701-708`), and Typebot picks a single-choice item only when the whole reply, trimmed, equals an
item's text or internal value — exactly, since Typebot 2.25 (commit d194fbec, before it case was
ignored), with no match by number (typebot.io v3.18.0
`packages/bot-engine/src/blocks/inputs/buttons/parseSingleChoiceReply.ts:16-28`). Items are tried
longest text first, and among equal texts the first wins. A reply
that matches nothing gets Typebot's retry message, by default "Invalid message. Please, try
again." (`packages/settings/src/constants.ts:33`) — the message users report (#1198, #1056), and
why a typed answer never reaches a default branch (typebot.io #1622; #495 asks for real buttons).

## Example
A single-choice input with items `1 - Sales` and `2 - Support`: the user types `1`, the bot
answers "Invalid message. Please, try again.", and does so until the user types `1 - Sales`.

## How to fix
Give every item a distinct, short text that users can type (`Sales`, `Support`), and say in the
question to answer with it; or use a text input and branch with a Condition on what was typed
(numbers included). Use a choice input instead of a picture choice.
"""
import re

from flowlint.rules import WARNING, rule

CHOICE, PICTURE_CHOICE = "choice input", "picture choice input"
NUMBERED = re.compile(r"^\s*(?:\d{1,2}\s*[-.)\]:–—]|\d\ufe0f?\u20e3|\U0001F51F)")
DIGITS = re.compile(r"\d+")


def _text(item) -> str:
    content = item.data.get("content")
    return content.strip() if isinstance(content, str) else ""


def _value(item) -> str:
    value = item.data.get("value")
    return value.strip() if isinstance(value, str) else ""


def _report(ctx, block, pointer, message, item=None):
    ids = (block.group.id, block.id, item.id if item is not None else None)
    return ctx.report(message, pointer=pointer, ids=ids, group_id=block.group.id)


def _choice_problems(ctx, block):
    options = block.options
    if options.get("dynamicVariableId"):
        return  # its items come from the variable at run time
    single = options.get("isMultipleChoice") is not True
    first = {}
    for item in block.items:
        text = _text(item)
        where = item.pointer + "/content" if "content" in item.data else item.pointer
        if not text:
            if not _value(item):
                yield _report(ctx, block, where, (
                    "this item has no text: EvolutionAPI shows it as a bare '▶️' line and nothing a WhatsApp user "
                    "types can pick it"), item)
            continue
        if text in first:
            yield _report(ctx, block, where, (
                f"item '{text}' has the same text as an earlier item of this choice input: EvolutionAPI sends the "
                "reply to Typebot as text, Typebot picks the first item with that text, so this one (and its branch) "
                "is never chosen"), item)
            continue
        first[text] = item
        number = NUMBERED.match(text)
        digits = DIGITS.search(number.group(0)) if number else None
        if single and number and not (digits and _value(item) == digits.group(0)):  # a value "1" takes "1"
            yield _report(ctx, block, where, (
                f"item '{text}' is numbered, so WhatsApp users answer with the number, but a single choice takes only "
                "the item's whole text (no numbers, exact since Typebot 2.25): the reply gets 'Invalid message. "
                "Please, try again.' (#1198); drop the number, or use a text input and a Condition"), item)


@rule("FL116", "choice-reply-cannot-match", WARNING, target="flow")
def check(ctx):
    if ctx.evolution is None:
        return
    for block in ctx.flow.blocks():
        if block.type == PICTURE_CHOICE:
            yield _report(ctx, block, block.pointer, (
                "a picture choice input on WhatsApp through EvolutionAPI: EvolutionAPI sends only choice inputs' "
                "options (as '▶️ <text>' lines) and skips picture choices, so the user sees no options and only "
                "typing an item's exact title continues; use a choice input"))
        elif block.type == CHOICE:
            yield from _choice_problems(ctx, block)

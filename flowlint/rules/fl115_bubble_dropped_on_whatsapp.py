"""A bubble EvolutionAPI never sends to WhatsApp: the contact does not see it.

## What it finds
In a flow that runs through EvolutionAPI (flowlint was given an EvolutionAPI config), each
bubble block of a type EvolutionAPI's Typebot service does not send: an `embed` bubble (an
iframe, an audio or video player page, a PDF, a map…), and any other bubble type but text,
image, video and audio.

## Why it matters
EvolutionAPI relays the messages Typebot returns by their type and sends only those four: every
catalogued release reads them the same way (1.6.1 src/whatsapp/services/typebot.service.ts:411-508,
1.8.2 src/api/integrations/typebot/services/typebot.service.ts:577-631, 2.3.6
src/api/integrations/chatbot/typebot/services/typebot.service.ts:302-357: `text`, `image`,
`video`, `audio`). A message of any other type is skipped without a word: the contact never sees
the embed, and the flow goes on as if it had been shown.

## Example
An `embed` bubble with a Spotify player, or a Google Maps iframe, before a question.

## How to fix
Send the link in a text bubble (WhatsApp shows a preview), or the media itself in an image,
video or audio bubble.
"""
from flowlint.model.flow import BUBBLE_TYPES
from flowlint.model.session import version_label
from flowlint.rules import WARNING, rule

SENT = frozenset({"text", "image", "video", "audio"})  # the same in every catalogued release (see above)


@rule("FL115", "bubble-dropped-on-whatsapp", WARNING, target="flow")
def check(ctx):
    if ctx.evolution is None:
        return
    for block in ctx.flow.blocks():
        if block.type in BUBBLE_TYPES and block.type not in SENT:
            yield ctx.report(
                f"{block.type} bubble on WhatsApp: {version_label(ctx.evolution)} sends only text, image, video and "
                "audio bubbles and silently drops this one, so the contact never sees it; send its link in a text "
                "bubble", pointer=block.pointer, ids=(block.group.id, block.id), group_id=block.group.id)

"""JIDs in Typebot-endpoint calls, with their problems and exact places (shared by FL300/FL301)."""
from flowlint.diagnostics import Edit
from flowlint.fixcheck import JidReads
from flowlint.model import jid


def jid_problems(document):
    """(request, JidValue, kind, reason, (start, end)) for each JID with a problem."""
    source = document.source
    for request in document.requests:
        if request.endpoint is None:
            continue  # other endpoints normalise numbers themselves (createJid)
        for value in request.jids():
            found = jid.problem(value.value, value.special_ok)
            if found is None:
                continue
            if value.needle is not None:
                start, end = source.find_in_value(value.pointer, value.value, key="remoteJid")
            else:
                member = source.locator.member(value.pointer)
                start, end = member.start + 1, member.end - 1  # inside the quotes
            yield request, value, found[0], found[1], (start, end)


def report(ctx, request, value, reason, offsets, fix=None):
    source = ctx.document.source
    group = request.block.group.id if request.block is not None else None
    edits = (Edit(offsets[1], offsets[1], fix, expect=JidReads(value.pointer, value.value + fix)),) if fix else ()
    return ctx.report(
        f"remoteJid '{value.value}' in the {request.endpoint} call: {reason}; EvolutionAPI matches sessions "
        "by the exact string, so this matches none",
        span=source.span(*offsets), pointer=value.pointer,
        ids=(group, request.block.id) if request.block else (), group_id=group, edits=edits,
    )

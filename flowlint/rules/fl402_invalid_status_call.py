"""A change-status call with a wrong method or path, a status outside the allowed set, or no remoteJid.

## What it finds
Calls to EvolutionAPI's `changeStatus` endpoint — in a flow's HTTP request block or in a request
body kept as a JSON file — that EvolutionAPI rejects or that silently do nothing:
- a path that is not the route (`/typebot/change-status/…`) or lacks the instance name;
- a method other than POST;
- a block that sends Typebot's default body instead of a custom `{remoteJid, status}` body;
- no `remoteJid`, no `status`, or a `status` outside `opened|paused|closed` (2.x from 2.0.4 also
  `delete`).

## Why it matters
This call is how a flow pauses its session itself (followed by an input block: see FL400). When it is wrong, EvolutionAPI answers
400 (or matches no session) and the loop goes on, with nothing in the flow showing it.

## Example
```json
{"remoteJid": "{{remoteJid}}", "status": "pause"}
```

## How to fix
`POST /typebot/changeStatus/{instanceName}` with body
`{"remoteJid": "{{remoteJid}}", "status": "paused"}`.
"""
from flowlint.model.session import allowed_statuses
from flowlint.rules import ERROR, rule

ROUTE_HINT = "use POST /typebot/changeStatus/{instanceName}"


def _is_near_miss(request) -> bool:
    action = (request.action or "").lower()
    return request.endpoint is None and action.replace("-", "").replace("_", "") == "changestatus"


def _problems(ctx, request):
    at = request.url_pointer or request.pointer
    if _is_near_miss(request):
        yield f"'/typebot/{request.action}' is not an EvolutionAPI route; {ROUTE_HINT}", at, None
        return
    if request.block is not None and request.instance is None:
        yield f"the change-status URL has no instance name; {ROUTE_HINT}", at, None
    if request.block is not None and request.method != "POST":
        yield f"change-status must be a POST, not {request.method}", request.method_pointer or at, None
    if request.block is not None and not request.custom_body:
        yield "this block sends Typebot's default body (all variables), not {remoteJid, status}: enable a custom body", at, None
        return
    body = request.body
    if request.block is not None and request.body_pointer is None:
        yield "change-status call without a body; it needs {\"remoteJid\": …, \"status\": …}", at, None
        return
    if not isinstance(body, dict):
        yield "the change-status body is not a JSON object; it needs {\"remoteJid\": …, \"status\": …}", request.body_pointer, None
        return
    if not body.get("remoteJid"):
        yield "the change-status body has no remoteJid: EvolutionAPI cannot tell whose session to change", request.body_pointer, None
    status = body.get("status")
    allowed = allowed_statuses(ctx.evolution)
    if status is None:
        yield f"the change-status body has no status (one of {'|'.join(allowed)})", request.body_pointer, None
    elif not (isinstance(status, str) and "{{" in status) and status not in allowed:
        yield f"status {status!r} is not one of {'|'.join(allowed)}: EvolutionAPI answers 400", request.body_pointer, str(status)


@rule("FL402", "invalid-status-call", ERROR, target="document")
def check(ctx):
    source = ctx.document.source
    for request in ctx.document.requests:
        if request.endpoint != "changeStatus" and not _is_near_miss(request):
            continue
        for message, pointer, status in _problems(ctx, request):
            span = None
            if status is not None and request.body_in_string:
                span = source.span(*source.find_in_value(pointer, status, key="status"))
            elif status is not None:
                pointer = pointer + "/status"
            group = request.block.group.id if request.block is not None else None
            yield ctx.report(message, pointer=pointer, span=span,
                             ids=(group, request.block.id) if request.block else (), group_id=group)

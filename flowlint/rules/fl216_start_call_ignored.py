"""A `/typebot/start` call whose `startSession`, `variables` or other keys EvolutionAPI ignores, misreads or fails on.

## What it finds
A body for `POST /typebot/start/{instance}`, kept as a JSON file or sent by an HTTP request block
of a flow:
- no `startSession`, or a false one, when the flow it starts asks the user something (a linted
  flow whose `publicId` or id is the body's `typebot` and has an input block; any flow when none
  is linted): the replies do not continue that flow;
- a `startSession` that is not `true`/`false`: EvolutionAPI reads it by JavaScript truthiness, so
  `"false"` saves a session and `0` or `""` does not;
- `startSession: true` on a pinned version where that fails: 2.0.0–2.0.2 (500, #704) and
  2.1.0–2.1.1 (a session no bot owns, #888);
- `variables` that is not a list of `{"name": …, "value": …}` objects, or an entry without a
  string `name`;
- keys a start body may carry that EvolutionAPI never reads there: the bot's options
  (`expire`, `keepOpen`, `keywordFinish`, … on 2.x; `expire`, `keyword_finish`, … on 1.x),
  trigger keys, `pushName` (the schemas' `x-ignored-keys`).

## Why it matters
Without `startSession` EvolutionAPI calls Typebot's start, sends the first turn and stores no
session (1.8.2 `src/api/integrations/typebot/services/typebot.service.ts:182-253`; 2.3.6
`src/api/integrations/chatbot/typebot/controllers/typebot.controller.ts:196-299`): the contact's
answer is then an ordinary message — it goes through the triggers, starts another bot or nothing,
and the flow that asked never gets it (#1144 on 2.2.0, #97 and #124 on 1.5). From 2.1.2 that call
also passes only the body's `variables`, so `{{remoteJid}}`, `{{pushName}}`, `{{instanceName}}`
are empty (2.3.6 `:188-194`, against 2.0.10 where they were prefilled). `startSession: true`
answered 500 on 2.0.0–2.0.2 when no bot with that `url` and `typebot` existed (the create had no
instance id; fixed by c3bb632a in 2.0.3, #704), and on 2.1.0–2.1.1 saved the session under
`typebotId` while the service reads `botId`, so the session belonged to no bot and the contact's
next messages were dropped as "already opened in another integration" (fixed by 487d8b93 in
2.1.2, #888, #955). The server validates only `remoteJid`, `url` and `typebot`
(2.3.6 `validate/typebot.schema.ts:57-67`): `startSession` is tested as `if (startSession)`,
`variables` with `variables?.length` then `forEach` (`:190-194`), so an object is dropped and a
string fails with 500. The options are read from `data.typebot.expire` and the like, and `typebot`
is the public id string, so a start body's own `expire` or `keepOpen` never applies — the
instance settings do (`:133-141`; 1.x takes the instance's `/typebot/set` config, 1.8.2 `:164-169`).

## Example
```json
{"url": "https://typebot.example.com", "typebot": "survey", "remoteJid": "5511999999999@s.whatsapp.net",
 "keepOpen": true, "variables": {"name": "campaign", "value": "july"}}
```
No `startSession`: the survey's first answer is lost. `keepOpen` is ignored, and `variables` is
not a list, so `campaign` never reaches Typebot.

## How to fix
Send `"startSession": true` (a JSON boolean) when the flow asks anything, on 2.0.3–2.0.x or
2.1.2 and later; give `variables` as `[{"name": "campaign", "value": "july"}]`; set bot options
with `/typebot/create` or `/typebot/settings`, not in the start call.
"""
from flowlint.rules import WARNING, rule
from flowlint.knowledge.bodies import bodies, place, schema_def

FAILS = (
    ((2, 0, 0), (2, 0, 3), "answers 500 when no bot with this url and typebot exists yet (its create lacks the "
                           "instance id; fixed in 2.0.3, #704): create the bot first or upgrade"),
    ((2, 1, 0), (2, 1, 2), "stores the session under a key its service does not read, so it belongs to no bot and "
                           "the contact's next messages are dropped ('already opened in another integration'; fixed "
                           "in 2.1.2, #888): upgrade"),
)
NO_PREFILL_SINCE = (2, 1, 2)
IGNORED_BECAUSE = {
    "settings": "the start call takes the bot options from the instance settings, not from its body",
    "bot": "the start call uses or creates the bot by url and typebot and never reads this",
    "prefilled": "EvolutionAPI does not read it from a start body",
}


def _asks(ctx, typebot) -> bool:
    """Whether the started flow waits for the user: a linted flow with that id that has an input
    block; True when no linted flow is that one."""
    document = ctx.project.flows_by_id.get(typebot) if isinstance(typebot, str) else None
    if document is None:
        return True
    return any(block.is_input for block in document.flow.blocks())


def _session_problem(ctx, body):
    """(key to point at, message) about startSession, or None."""
    import json

    data, read = body.data, body.reading
    value = data.get("startSession")
    if value is True and read.known:
        for since, until, what in FAILS:
            if since <= read.version < until:
                return "startSession", f"startSession true on {read.label} {what}"
    if value is True:
        return None
    written = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, bool) and value:  # a truthy string, number, list or object
        return "startSession", (f"startSession is {written}, not true or false: EvolutionAPI only tests it for truth, "
                                "so any non-empty value (\"false\" too) saves a session; write true or false")
    if not _asks(ctx, data.get("typebot")):
        return None
    if "startSession" not in data:
        missing = "there is no startSession"
    elif value is False:
        missing = "startSession is false"
    else:
        missing = f"startSession is {written}, which EvolutionAPI takes as false"
    blank = (", and the flow gets none of remoteJid, pushName, instanceName (only the variables given here)"
             if read.version >= NO_PREFILL_SINCE else "")
    return ("startSession" if "startSession" in data else None), (
        f"{missing}: {read.label} sends the flow's first turn and keeps no session, so the contact's answer is an "
        f"ordinary message that goes through the triggers instead of continuing this flow (#1144){blank}; "
        "send \"startSession\": true")


def _variables_problem(data):
    given = data.get("variables")
    if "variables" not in data or given is None or isinstance(given, list) and all(
            isinstance(v, dict) and isinstance(v.get("name"), str) and v["name"] for v in given):
        return None
    if isinstance(given, list):
        return "variables has an entry without a string name: EvolutionAPI passes it to Typebot as 'undefined'"
    if isinstance(given, str) and given:
        return "variables is a string: EvolutionAPI calls forEach on it and the start call fails with 500"
    return ("variables is not a list of {\"name\", \"value\"} objects: EvolutionAPI reads only a list, so these "
            "variables never reach Typebot")


@rule("FL216", "start-call-ignored", WARNING, target="document")
def check(ctx):
    for body in bodies(ctx.document, ctx.evolution):
        if body.endpoint != "start":
            continue
        definition = schema_def(body.reading.major, "start") or {}
        data = body.data
        found = _session_problem(ctx, body)
        if found is not None:
            yield ctx.report(found[1], **place(ctx, body.request, found[0]))
        problem = _variables_problem(data)
        if problem is not None:
            yield ctx.report(problem, **place(ctx, body.request, "variables"))
        ignored = definition.get("x-ignored-keys", {})
        for key in data:
            if key in ignored:
                yield ctx.report(
                    f"{key} in a /typebot/start body is ignored on {body.reading.label}: "
                    f"{IGNORED_BECAUSE[ignored[key]]}", **place(ctx, body.request, key))

"""Where a flow reads and writes its variables: one linear walk over the flow, kept on the Flow.

Typebot refers to a variable two ways (reference/typebot.md §2, §4):
- by id, in any `variableId` or `…VariableId` key of a block, item or event (an input's answer,
  a Set variable target, a Condition comparison, a response mapping, a choice's dynamic items…);
- by name, in strings: `{{Name}}` and `${{Name}}` (bubble text, URLs, HTTP bodies, expressions,
  Jump/link targets…). Inline code `{{= … =}}` is code, not a name; the `{{Name}}` written inside
  it still reads that variable. A Code block's `setVariable("Name", …)` writes by name.

Each use records whether it reads, writes or both, and where it is (pointer, group, block, event).
`usage(flow)` walks the flow once and stores the result on the Flow object itself: the three
variable rules share that walk, and it lives and dies with the flow it describes (no global cache
that could outlive a run or confuse two flows).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Optional

from flowlint import fastjson
from flowlint.jsonpos import join_pointer
from flowlint.model.flow import INPUT_TYPES, Flow
from flowlint.model.requests import HTTP_TYPES, sends_written_body

READ, WRITE, READ_WRITE = "read", "write", "read-write"
MAX_DEPTH = 64
SET_VARIABLE, CODE, TEXT = "Set variable", "Code", "text"

# Typebot's parseVariables (packages/variables/src/parseVariables.ts): inline code is replaced
# first, then every `{{name}}` / `${{name}}`; a name is matched exactly (no trimming).
INLINE_CODE = re.compile(r"\{\{=(.+?)=\}\}")
REFERENCE = re.compile(r"\{\{([^{}]+)\}\}|(\$)\{\{([^{}]+)\}\}")
PLAIN_REFERENCE = re.compile(r"\{\{([^{}]+)\}\}")  # REFERENCE where no "${{" is: found faster (a literal start)
SET_VARIABLE_CALL = re.compile(r"""\bsetVariable\s*\(\s*(?:"([^"\\]*)"|'([^'\\]*)'|`([^`\\$]*)`)""")

# Keys that only read the variable they name.
READ_KEYS = frozenset({
    "dynamicVariableId",  # choice input: buttons from a list variable
    "titlesVariableId", "descriptionsVariableId", "pictureSrcsVariableId",  # picture choice dynamic items
    "baseItemVariableId", "baseListVariableId", "targetListVariableId",  # Set variable "Map item with same index"
    "dialogueVariableId",  # OpenAI-like blocks: a message list kept in a variable
})
# Keys the engine writes into (reply / invalid-reply events).
WRITE_KEYS = frozenset({"contentVariableId", "inputNameVariableId", "inputTypeVariableId"})
# Set variable types that read the list they also write.
LIST_OPERATIONS = frozenset({"Append value(s)", "Pop", "Shift"})

# EvolutionAPI's prefilledVariables sent to Typebot (reference/evolution.md §2.2):
# name -> (first version that sends it, first version that no longer does, which versions in words).
PREFILLED = {
    "remoteJid": ((1, 0, 0), None, "every version"),
    "pushName": ((1, 0, 0), None, "every version"),
    "instanceName": ((1, 0, 0), None, "every version"),
    "messageType": ((1, 7, 1), (2, 0, 0), "only 1.7.1 to 1.8.x"),
    "serverUrl": ((2, 0, 0), None, "only 2.x"),
    "apiKey": ((2, 0, 0), None, "only 2.x"),
    "ownerJid": ((2, 0, 0), None, "only 2.x"),
}


def prefilled_names(version: Optional[tuple]) -> frozenset:
    """The names EvolutionAPI `version` prefills; every version's names when it is unknown (None)."""
    if version is None:
        return frozenset(PREFILLED)
    return frozenset(name for name, (since, until, _) in PREFILLED.items()
                     if since <= version and (until is None or version < until))


def references(text: str) -> list:
    """(name, literal) of each variable a string refers to, in order; literal is `{{name}}` or `${{name}}`."""
    if "{{=" not in text:
        return _references(text, 0, len(text))
    found, position = [], 0
    for code in INLINE_CODE.finditer(text):
        found += _references(text, position, code.start())
        found += _references(text, code.start(1), code.end(1))  # {{name}} inside code: still a read
        position = code.end()
    return found + _references(text, position, len(text))


def _references(text: str, start: int, end: int) -> list:
    if "${{" not in text:
        return [(name, f"{{{{{name}}}}}") for name in PLAIN_REFERENCE.findall(text, start, end)]
    return [(plain, f"{{{{{plain}}}}}") if plain else (dollar, f"${{{{{dollar}}}}}")
            for plain, _, dollar in REFERENCE.findall(text, start, end)]


def set_variable_calls(code: str) -> Iterator[tuple]:
    """(name, literal) of each `setVariable("name", …)` in script code; literal is the quoted name."""
    for match in SET_VARIABLE_CALL.finditer(code):
        index = next(i for i in (1, 2, 3) if match.group(i) is not None)
        yield match.group(index), code[match.start(index) - 1:match.end(index) + 1]


@dataclass(slots=True)
class Use:
    """One reference to a variable: by `variable_id` (the value at `pointer`) or by `name`
    (inside the string at `pointer`: `literal` is its first spelling there, `count` how often)."""

    order: int  # position in the walk, to tell which use comes first
    access: str
    base: str  # pointer of the block, event or settings object the use is in
    path: tuple  # from there to the value: keys and list indexes
    group: object = None
    block: object = None
    event: object = None
    item_id: Optional[str] = None
    variable_id: Optional[str] = None
    name: Optional[str] = None
    literal: Optional[str] = None
    count: int = 1
    in_code: bool = False  # a setVariable(...) call rather than a {{name}}

    @property
    def pointer(self) -> str:
        """Made on demand: a big flow has tens of thousands of uses and few are ever reported."""
        return self.base + join_pointer(*self.path)

    @property
    def key(self) -> str:
        """The JSON key (or list index) holding the id or the string."""
        return str(self.path[-1])

    @property
    def ids(self) -> tuple:
        if self.event is not None:
            return (self.event.id,) if self.event.id else ()
        group_id = self.group.id if self.group is not None else None
        block_id = self.block.id if self.block is not None else None
        return tuple(i for i in (group_id, block_id, self.item_id) if i)

    @property
    def group_id(self) -> Optional[str]:
        return self.group.id if self.group is not None else None

    @property
    def place(self) -> str:
        if self.event is not None:
            return f"the {self.event.type or 'untyped'} event"
        if self.group is not None:
            return f"group '{self.group.label}'"
        return "the flow settings"

    @property
    def reads(self) -> bool:
        return self.access in (READ, READ_WRITE)

    @property
    def writes(self) -> bool:
        return self.access in (WRITE, READ_WRITE)


@dataclass
class VariableUsage:
    """Every use in walk order, indexed by variable id and by name."""

    uses: list = field(default_factory=list)
    by_id: dict = field(default_factory=dict)
    by_name: dict = field(default_factory=dict)

    def add(self, use: Use) -> None:
        self.uses.append(use)
        if use.variable_id is not None:
            self.by_id.setdefault(use.variable_id, []).append(use)
        else:
            self.by_name.setdefault(use.name, []).append(use)

    def uses_of(self, variable) -> list:
        """The uses of a declared variable, by its id or its name, in walk order."""
        by_id = self.by_id.get(variable.id, []) if variable.id is not None else []
        by_name = self.by_name.get(variable.name, []) if variable.name is not None else []
        if not by_name:
            return by_id
        if not by_id:
            return by_name
        return sorted(by_id + by_name, key=lambda u: u.order)

    def reads_of(self, variable) -> list:
        return [u for u in self.uses_of(variable) if u.reads]

    def is_written(self, variable) -> bool:
        return any(u.writes for u in self.uses_of(variable))


def usage(flow: Flow) -> VariableUsage:
    """The variable uses of `flow`, computed on first call and kept on the flow."""
    found = flow.__dict__.get("_variable_usage")
    if found is None:
        found = _Scanner(flow).run()
        flow.__dict__["_variable_usage"] = found
    return found


class _Scanner:
    """One recursive walk over each block, each event's options and the settings."""

    def __init__(self, flow: Flow):
        self.flow = flow
        self.result = VariableUsage()
        self.base = ""
        self.group = self.block = self.event = None
        self.item_id = None
        self.block_type = ""
        self.in_settings = False
        module = fastjson.loaded()  # (a small flow's walk is cheaper than importing it)
        self.encode = module.json.encode if module is not None else None  # (without it every container is walked)

    def run(self) -> VariableUsage:
        flow = self.flow
        for group in flow.groups:
            self.group = group
            for block in group.blocks:  # (the event and item are None here)
                self.block, self.block_type, self.base = block, block.type, block.pointer
                self._object(block.data, [])
        for event in flow.events:
            options = event.data.get("options")
            if isinstance(options, dict):
                self.group, self.block, self.event, self.block_type = None, None, event, ""
                self.base, self.item_id = event.pointer, None
                self._object(options, ["options"])
        settings = flow.data.get("settings")
        if isinstance(settings, dict):  # WhatsApp start condition comparisons
            self.group = self.block = self.event = None
            self.block_type, self.base, self.item_id = "", flow.base + "/settings", None
            self.in_settings = True
            self._object(settings, [])
        return self.result

    # -- walking (no block option nests MAX_DEPTH deep: a pathological file must not exhaust the stack) --
    def _object(self, data: dict, path: list, legacy_text: bool = False) -> None:
        """`legacy_text`: the content of a text bubble with richText, whose html/plainText repeat it."""
        top = not path
        for key, value in data.items():
            if isinstance(value, str):
                if "ariableId" in key and (key == "variableId" or key.endswith("VariableId")):  # ("in": cheap)
                    if value:
                        self._id(key, value, path)
                elif ("{{" in value or "setVariable" in value) and not (legacy_text and key in ("html", "plainText")):
                    self._string(value, path, key)
            elif top and not self._may_use(value):
                continue  # most of a block's options, content and items: no walk needed
            elif isinstance(value, dict):
                if key == "displayCondition" and value.get("isEnabled") is not True:
                    continue  # a display condition is evaluated only when enabled (filterChoiceItems.ts:15)
                if len(path) < MAX_DEPTH:
                    path.append(key)
                    self._object(value, path, top and key == "content" and self.block_type == TEXT
                                 and "richText" in value)
                    path.pop()
            elif isinstance(value, list):
                if top and key == "items":
                    self._items(value)
                elif len(path) < MAX_DEPTH:
                    path.append(key)
                    self._list(value, path)
                    path.pop()

    def _may_use(self, data) -> bool:
        """False when `data` surely holds no use, told from its JSON text at C speed: the walk
        records only what sits in a key holding "ariableId" or a string holding "{{" or
        "setVariable", and JSON writes keys and strings verbatim but for escapes of quotes,
        backslashes and control characters, none of which is in these markers."""
        if self.encode is None:
            return True
        try:
            text = self.encode(data).decode()
        except Exception:  # what msgspec does not write (a lone surrogate, a key of no JSON type) is walked
            return True
        return "ariableId" in text or "{{" in text or "setVariable" in text

    def _list(self, data: list, path: list) -> None:
        for index, value in enumerate(data):
            if isinstance(value, str):
                if "{{" in value or "setVariable" in value:
                    self._string(value, path, index)
            elif isinstance(value, (dict, list)) and len(path) < MAX_DEPTH:
                path.append(index)
                (self._object if isinstance(value, dict) else self._list)(value, path)
                path.pop()

    def _items(self, items: list) -> None:
        path = ["items"]
        for index, item in enumerate(items):
            if isinstance(item, dict):
                item_id = item.get("id")
                self.item_id = item_id if isinstance(item_id, str) else None
                path.append(index)
                self._object(item, path)
                path.pop()
            elif isinstance(item, str) and ("{{" in item or "setVariable" in item):
                self._string(item, path, index)
        self.item_id = None

    # -- recording --
    def _use(self, access: str, path: list, key, variable_id=None, name=None, literal=None, count=1,
             in_code=False) -> None:
        result = self.result
        result.add(Use(len(result.uses), access, self.base, (*path, key), self.group, self.block, self.event,
                       self.item_id, variable_id, name, literal, count, in_code))

    def _id(self, key: str, value: str, path: list) -> None:
        self._use(self._access(key, path), path, key, value)

    def _string(self, text: str, path: list, key) -> None:
        """A string that holds `{{` or `setVariable` (the walk calls only for those)."""
        if self.in_settings:
            return  # settings strings (metadata, head code) are not parsed for variables
        if key == "body" and self.block_type in HTTP_TYPES and path == ["options", "webhook"] \
                and not sends_written_body(self.block):
            return  # a body Typebot does not send reads nothing
        if "{{" in text:
            seen: dict = {}
            for name, literal in references(text):
                if name in seen:
                    seen[name][1] += 1
                else:
                    seen[name] = [literal, 1]
            for name, (literal, count) in seen.items():
                self._use(READ, path, key, name=name, literal=literal, count=count)
        if self.block_type == CODE and "setVariable" in text:
            for name, literal in set_variable_calls(text):
                self._use(WRITE, path, key, name=name, literal=literal, in_code=True)

    def _access(self, key: str, path: list) -> str:
        if self.in_settings:
            return READ  # settings: the WhatsApp start condition
        if key != "variableId":
            if key in READ_KEYS:
                return READ
            if key in WRITE_KEYS or key.startswith("save") or key.endswith("InVariableId"):
                return WRITE
            return READ_WRITE  # a key Typebot may add tomorrow: both, so no rule guesses wrong
        if "comparisons" in path:
            return READ  # Condition items, display conditions
        if len(path) >= 2 and (str(path[-2]).endswith("Mapping") or path[-2] == "cellsToExtract"):
            return WRITE  # HTTP/forge response mappings, cards' saveResponseMapping, Google Sheets
        if path == ["options"]:
            if self.block_type in INPUT_TYPES:
                return WRITE
            if self.block_type == SET_VARIABLE:
                kind = self.block.options.get("type")
                return READ_WRITE if isinstance(kind, str) and kind in LIST_OPERATIONS else WRITE
        return READ_WRITE


def evolution_version(evolution, pinned: Optional[str] = None) -> Optional[tuple]:
    """The EvolutionAPI version a flow runs on: the effective config's pin (or what its files
    imply: env.yml is 1.x only), else `--evolution-version`; None when unknown."""
    if evolution is not None and (evolution.version_known or evolution.assumed_version is not None):
        return evolution.version
    if pinned:
        from flowlint.model.evolution import parse_version

        return parse_version(pinned)
    return None


def start_variables(evolution, flow: Flow) -> frozenset:
    """Names given in `variables` of the EvolutionAPI start calls kept in config files
    (`{"typebot": …, "remoteJid": …, "variables": [{"name": …, "value": …}]}`) for this flow:
    EvolutionAPI passes them to Typebot as prefilled variables too."""
    if evolution is None:
        return frozenset()
    names = set()
    for _document, body in evolution.bodies:
        given = body.get("variables")
        bot = body.get("typebot")
        if not isinstance(given, list) or (isinstance(bot, str) and flow.public_id and bot != flow.public_id):
            continue
        names.update(v["name"] for v in given if isinstance(v, dict) and isinstance(v.get("name"), str))
    return frozenset(names)


def name_pointer(variable) -> str:
    """Where a declared variable is shown to the user: its `name` (else the whole declaration)."""
    return variable.pointer + "/name" if variable.name is not None else variable.pointer

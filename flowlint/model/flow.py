"""One normalised Typebot flow model for every export era.

- v6/6.1: `events[0]` is the start event; edges leave blocks/items/paths (`from.blockId/itemId/pathId`)
  or events (`from.eventId`).
- v3/v4/v5 (and no version): a `start` block in a group is the entry; edges carry `from.groupId`.
- before June 2022: groups were called `blocks` and blocks `steps` (edges `from.stepId`).
- the API wrapper `{"typebot": {...}}` is unwrapped; pointers keep the `/typebot` prefix.

Malformed entries (a block that is not an object, ids that are not strings) are skipped here:
schema-violation (FL003) reports them, the model only has to stay standing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional


INPUT_TYPES = frozenset({
    "text input", "number input", "email input", "url input", "date input", "time input",
    "phone number input", "choice input", "picture choice input", "payment input",
    "rating input", "file input", "cards",
})
BUBBLE_TYPES = frozenset({"text", "image", "video", "embed", "audio"})
CHOICE_TYPES = frozenset({"choice input", "picture choice input"})
HTTP_REQUEST_TYPE = "Webhook"
START_TYPE = "start"


def _str(value) -> Optional[str]:
    return value if isinstance(value, str) and value else None


def _dicts(value) -> list:
    """(index, item) for the dict entries of a list; anything else yields nothing."""
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


@dataclass(slots=True)
class Item:
    """A branch source inside a block: a choice/condition/AB item or a card path."""

    id: Optional[str]
    pointer: str
    outgoing_edge_id: Optional[str]
    data: dict
    path_of: Optional[str] = None  # for card paths: the id of the card item that holds them

    @property
    def label(self) -> str:
        """How the editor shows it: its text, its condition, or its card path."""
        return _label(self.data)


@dataclass(slots=True)
class Block:
    id: Optional[str]
    type: str
    pointer: str
    group: "Group"
    index: int
    outgoing_edge_id: Optional[str]
    data: dict
    _items: Optional[list] = None

    @property
    def items(self) -> list:
        """Its choice/condition/AB items and card paths, made on first use (a helper process that
        only walks the JSON never needs them)."""
        if self._items is None:
            self._items = _items(self.data, self.pointer) if "items" in self.data else []
        return self._items

    @property
    def options(self) -> dict:
        options = self.data.get("options")
        return options if isinstance(options, dict) else {}

    @property
    def link_target(self) -> Optional[str]:
        """A Typebot link's `typebotId` ("current" or another bot's id/publicId), if it is a string."""
        return _str(self.options.get("typebotId"))

    @property
    def is_input(self) -> bool:
        return self.type in INPUT_TYPES

    @property
    def is_bubble(self) -> bool:
        return self.type in BUBBLE_TYPES

    @property
    def next_in_group(self) -> Optional["Block"]:
        blocks = self.group.blocks
        return blocks[self.index + 1] if self.index + 1 < len(blocks) else None


@dataclass(slots=True)
class Group:
    id: Optional[str]
    title: str
    pointer: str
    blocks: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.title or self.id or self.pointer


@dataclass(slots=True)
class Edge:
    id: Optional[str]
    pointer: str
    from_block: Optional[str]
    from_item: Optional[str]
    from_path: Optional[str]
    from_event: Optional[str]
    to_group: Optional[str]
    to_block: Optional[str]

    @property
    def label(self) -> str:
        """How a message names it: its id, or where it is when it has none."""
        return f"'{self.id}'" if self.id else f"at {self.pointer}"


@dataclass(slots=True)
class Event:
    id: Optional[str]
    type: str
    pointer: str
    outgoing_edge_id: Optional[str]
    data: dict


@dataclass(slots=True)
class Variable:
    id: Optional[str]
    name: Optional[str]
    pointer: str
    data: dict


@dataclass
class Flow:
    base: str  # pointer prefix of the typebot object ("" or "/typebot")
    data: dict
    version: Optional[str]
    groups: list = field(default_factory=list)
    events: list = field(default_factory=list)
    variables: list = field(default_factory=list)
    legacy: bool = False  # before June 2022: "blocks" of "steps"
    start_block: Optional[Block] = None  # <= v5 only
    groups_by_id: dict = field(default_factory=dict)
    blocks_by_id: dict = field(default_factory=dict)
    all_blocks: list = field(default_factory=list)  # read through blocks()

    @property
    def id(self) -> Optional[str]:
        return _str(self.data.get("id"))

    @property
    def public_id(self) -> Optional[str]:
        return _str(self.data.get("publicId"))

    @property
    def name(self) -> Optional[str]:
        return _str(self.data.get("name"))

    @property
    def start_event(self) -> Optional[Event]:
        return next((e for e in self.events if e.type == START_TYPE), None)

    @property
    def start_edge_id(self) -> Optional[str]:
        if self.start_event is not None:
            return self.start_event.outgoing_edge_id
        if self.start_block is not None:
            return self.start_block.outgoing_edge_id
        return None

    @property
    def start_pointer(self) -> str:
        if self.start_event is not None:
            return self.start_event.pointer
        if self.start_block is not None:
            return self.start_block.pointer
        return self.base or ""

    @cached_property
    def edges(self) -> list:
        """Built on first use (a helper process that only walks blocks never needs them)."""
        edges, base = [], self.base
        for ei, edge_data in _dicts(self.data.get("edges")):
            source = edge_data.get("from")
            target = edge_data.get("to")
            source = source if isinstance(source, dict) else {}
            target = target if isinstance(target, dict) else {}
            if self.legacy:
                from_block, to_group, to_block = _str(source.get("stepId")), _str(target.get("blockId")), _str(target.get("stepId"))
            else:
                from_block, to_group, to_block = _str(source.get("blockId")), _str(target.get("groupId")), _str(target.get("blockId"))
            edges.append(Edge(_str(edge_data.get("id")), f"{base}/edges/{ei}", from_block, _str(source.get("itemId")),
                              _str(source.get("pathId")), _str(source.get("eventId")), to_group, to_block))
        return edges

    @cached_property
    def edges_by_id(self) -> dict:
        found: dict = {}
        for edge in self.edges:
            if edge.id is not None:
                found.setdefault(edge.id, edge)
        return found

    def blocks(self) -> list:
        """Every block, group by group in document order."""
        return self.all_blocks

    def items(self):
        for block in self.blocks():
            for item in block.items:
                yield block, item


def unwrap(data) -> tuple:
    """(typebot object, pointer prefix) for a bare export or the API's `{"typebot": ...}`."""
    if isinstance(data, dict) and isinstance(data.get("typebot"), dict) and "groups" not in data:
        return data["typebot"], "/typebot"
    return data, ""


def looks_like_flow(data) -> bool:
    inner, _ = unwrap(data)
    if not isinstance(inner, dict):
        return False
    groups = inner.get("groups")
    if isinstance(groups, list):
        return True
    legacy = inner.get("blocks")  # before June 2022 groups were "blocks" holding "steps"
    return isinstance(legacy, list) and isinstance(inner.get("edges"), list)


def _label(data: dict) -> str:
    for key in ("content", "title", "value", "text"):
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
    content = data.get("content")
    if isinstance(content, dict):
        comparisons = content.get("comparisons")
        if isinstance(comparisons, list) and comparisons:
            parts = []
            for comparison in comparisons:
                if isinstance(comparison, dict):
                    parts.append(" ".join(str(comparison.get(k, "")) for k in ("comparisonOperator", "value")).strip())
            operator = f" {content.get('logicalOperator', 'AND')} "
            return operator.join(p for p in parts if p)
    if isinstance(data.get("path"), str):
        return f"path {data['path']}"
    return ""


def _items(block_data: dict, pointer: str) -> list:
    items = []
    for i, item in _dicts(block_data.get("items")):
        item_pointer = f"{pointer}/items/{i}"
        items.append(Item(_str(item.get("id")), item_pointer, _str(item.get("outgoingEdgeId")), item))
        for j, path in _dicts(item.get("paths")):  # cards
            items.append(Item(
                _str(path.get("id")), f"{item_pointer}/paths/{j}",
                _str(path.get("outgoingEdgeId")), path, path_of=_str(item.get("id")),
            ))
    return items


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def build_flow(data) -> Flow:
    inner, base = unwrap(data)
    if not isinstance(inner, dict):
        inner = {}
    version = inner.get("version")
    flow = Flow(base=base, data=inner, version=str(version) if version is not None else None)
    legacy = flow.legacy = not isinstance(inner.get("groups"), list) and isinstance(inner.get("blocks"), list)
    groups_key, blocks_key = ("blocks", "steps") if legacy else ("groups", "blocks")
    blocks_by_id, all_blocks = flow.blocks_by_id, flow.all_blocks

    for gi, group_data in _dicts(inner.get(groups_key)):
        group_pointer = f"{base}/{groups_key}/{gi}"
        group = Group(_str(group_data.get("id")), _text(group_data, "title"), group_pointer)
        flow.groups.append(group)
        if group.id is not None:
            flow.groups_by_id.setdefault(group.id, group)
        blocks = group.blocks
        for bi, block_data in _dicts(group_data.get(blocks_key)):
            block_pointer = f"{group_pointer}/{blocks_key}/{bi}"
            block_id = _str(block_data.get("id"))
            block = Block(block_id, _text(block_data, "type"), block_pointer, group, len(blocks),
                          _str(block_data.get("outgoingEdgeId")), block_data)
            blocks.append(block)
            all_blocks.append(block)
            if block_id is not None and block_id not in blocks_by_id:
                blocks_by_id[block_id] = block
            if block.type == START_TYPE and flow.start_block is None:
                flow.start_block = block

    for vi, event_data in _dicts(inner.get("events")):
        flow.events.append(Event(
            _str(event_data.get("id")), _text(event_data, "type"),
            f"{base}/events/{vi}", _str(event_data.get("outgoingEdgeId")), event_data,
        ))

    for vi, variable_data in _dicts(inner.get("variables")):
        flow.variables.append(Variable(
            _str(variable_data.get("id")), variable_data.get("name") if isinstance(variable_data.get("name"), str) else None,
            f"{base}/variables/{vi}", variable_data,
        ))
    return flow

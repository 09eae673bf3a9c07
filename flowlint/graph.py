"""The flow as a networkx DiGraph, built once per flow, walked the way Typebot's engine walks it.

Nodes are blocks (keyed by their JSON pointer, unique even when ids clash), events, a placeholder
for each empty group, and END: where a path stops with nothing left to run. Edge attribute `kind`
tells why the walk moves on: `next` (in-group order), `edge` (a Typebot edge, `label` = the item
that takes it), `jump`, `link` (Typebot link into this bot), `return`, `end`.
Node attribute `waits` marks blocks that hand control to the user (inputs, a pausing Wait,
the logic webhook listener, an embed waiting for an event).
"""
from __future__ import annotations

from functools import cached_property
from typing import Optional

from flowlint.model.flow import CHOICE_TYPES, START_TYPE, Block, Flow, Group

END = "END"
CONDITION, AB_TEST, JUMP, RETURN, LINK = "Condition", "AB test", "Jump", "Return", "Typebot link"


def is_template(value) -> bool:
    return isinstance(value, str) and "{{" in value


def waits_for_user(block: Block) -> bool:
    if block.is_input:
        return True
    options = block.options
    if block.type == "Wait":
        return options.get("shouldPause") is True
    if block.type == "webhook":  # logic block: waits for an incoming HTTP call
        return True
    if block.type == "embed":
        content = block.data.get("content")
        wait = content.get("waitForEvent") if isinstance(content, dict) else None
        return isinstance(wait, dict) and wait.get("isEnabled") is True
    return False


class FlowGraph:
    def __init__(self, flow: Flow):
        import networkx as nx  # here, not at import time: linting only configs never pays for it

        self.flow = flow
        self.g = nx.DiGraph()
        self.entries: list = []  # start first, then other events
        self.start: Optional[str] = None
        self._edges: list = []
        self._build()

    # -- construction -------------------------------------------------------------------
    def _node(self, group: Group, block_id: Optional[str] = None) -> Optional[str]:
        """Where the walk lands entering `group` (at `block_id` if given); None if nowhere."""
        if block_id is not None:
            block = next((b for b in group.blocks if b.id == block_id), None)
            return block.pointer if block is not None else None
        return group.blocks[0].pointer if group.blocks else group.pointer

    def _follow(self, edge_id: Optional[str]) -> Optional[str]:
        edge = self.flow.edges_by_id.get(edge_id) if edge_id else None
        group = self.flow.groups_by_id.get(edge.to_group) if edge and edge.to_group else None
        return self._node(group, edge.to_block) if group is not None else None

    def _add(self, source: str, target: Optional[str], kind: str, **attrs) -> None:
        self._edges.append((source, target if target is not None else END, dict(kind=kind if target else "end", **attrs)))

    def _continue(self, block: Block, own_edge: bool = True) -> None:
        """Pass on: own edge (if honoured), else the next block, else the path ends."""
        if own_edge and block.outgoing_edge_id:
            self._add(block.pointer, self._follow(block.outgoing_edge_id), "edge", edge=block.outgoing_edge_id)
        elif block.next_in_group is not None:
            self._add(block.pointer, block.next_in_group.pointer, "next")
        else:
            self._add(block.pointer, None, "end")

    def _all_groups(self, source: str, kind: str) -> None:
        for group in self.flow.groups:
            target = self._node(group)
            if target is not None:
                self._add(source, target, kind, label="{{…}}")

    def _build(self) -> None:
        flow = self.flow
        nodes = [(END, {})]
        for group in flow.groups:
            if not group.blocks:
                nodes.append((group.pointer, {"group": group, "block": None, "waits": False}))
                self._add(group.pointer, None, "end")
            nodes.extend((b.pointer, {"group": group, "block": b, "waits": waits_for_user(b)}) for b in group.blocks)
        for event in flow.events:
            nodes.append((event.pointer, {"event": event, "waits": False}))
            self._add(event.pointer, self._follow(event.outgoing_edge_id), "edge", edge=event.outgoing_edge_id)
        self.g.add_nodes_from(nodes)
        start = flow.start_event or flow.start_block
        self.start = start.pointer if start is not None else None
        self.entries = [self.start] if self.start else []
        self.entries += [e.pointer for e in flow.events if e.type != START_TYPE]

        return_marks = [b.next_in_group.pointer for b in flow.blocks() if b.type == JUMP and b.next_in_group]
        for block in flow.blocks():
            self._block_edges(block, return_marks)
        self.g.add_edges_from(self._edges)
        self._edges = []

    def _block_edges(self, block: Block, return_marks: list) -> None:
        here, kind, options = block.pointer, block.type, block.options
        if kind == START_TYPE:
            self._add(here, self._follow(block.outgoing_edge_id), "edge", edge=block.outgoing_edge_id)
        elif block.is_bubble:
            self._continue(block, own_edge=block.next_in_group is None)
        elif kind in CHOICE_TYPES or kind == "cards" or kind in (CONDITION, AB_TEST):
            self._branches(block)
        elif kind == JUMP:
            self._jump(block, options)
        elif kind == RETURN:
            for mark in return_marks:
                self._add(here, mark, "return")
            self._continue(block)
        elif kind == LINK:
            typebot_id = options.get("typebotId")
            if typebot_id == "current" or (typebot_id and typebot_id == self.flow.id):
                self._link_into_self(block, options.get("groupId") or options.get("blockId"))
            self._continue(block)
        else:
            self._continue(block)

    def _branches(self, block: Block) -> None:
        fallback = block.type in CHOICE_TYPES and block.options.get("isMultipleChoice") is True
        for item in block.items:
            if item.outgoing_edge_id:
                self._add(block.pointer, self._follow(item.outgoing_edge_id), "edge",
                          edge=item.outgoing_edge_id, label=item.label, item=item.id)
            elif block.type == CONDITION:
                self._add(block.pointer, None, "end", label=item.label, item=item.id)
            elif item.path_of is None or block.type != "cards":
                fallback = True
        if not block.items or fallback or block.type == CONDITION:
            self._continue(block)

    def _jump(self, block: Block, options: dict) -> None:
        group_id = options.get("groupId")
        if is_template(group_id):
            self._all_groups(block.pointer, "jump")
            return
        group = self.flow.groups_by_id.get(group_id) if isinstance(group_id, str) else None
        block_id = options.get("blockId") if isinstance(options.get("blockId"), str) else None
        self._add(block.pointer, self._node(group, block_id) if group else None, "jump")

    def _link_into_self(self, block: Block, group_id) -> None:
        if is_template(group_id):
            self._all_groups(block.pointer, "link")
            return
        if isinstance(group_id, str):
            group = self.flow.groups_by_id.get(group_id)
            target = self._node(group) if group else None
        else:
            target = self._follow(self.flow.start_edge_id)
        if target is not None:
            self._add(block.pointer, target, "link")

    # -- analysis -----------------------------------------------------------------------
    @cached_property
    def reachable(self) -> set:
        """Every node some entry (start or another event) reaches, entries included."""
        import networkx as nx

        seen: set = set()
        for entry in self.entries:
            if entry not in seen:
                seen.add(entry)
                seen |= nx.descendants(self.g, entry)
        return seen

    def reachable_from_start(self, avoiding=frozenset()) -> set:
        import networkx as nx

        if self.start is None:
            return set()
        if not avoiding:
            return {self.start} | nx.descendants(self.g, self.start)
        view = nx.restricted_view(self.g, list(avoiding), [])
        return {self.start} | nx.descendants(view, self.start)

    def end_sources(self, within: set) -> list:
        """Nodes in `within` from which the path can stop (an edge into END)."""
        return [n for n in self.g.predecessors(END) if n in within]

    def blocks(self, nodes) -> list:
        return [self.g.nodes[n]["block"] for n in nodes if self.g.nodes[n].get("block") is not None]

"""The flow as a networkx DiGraph, built once per flow, walked the way Typebot's engine walks it.

The walk is first worked out for the blocks that may do more than pass to the next one; then
every straight run of blocks (each passing only to the next one, none entered from elsewhere)
becomes one node, keyed by the JSON pointer of its first block. Whoever reaches a run's first
block runs all of it, so reachability, cycles and ends are the same as block by block, on a graph
several times smaller.

Node attributes: `group`, `blocks` (the run), `waits` (a block in it hands control to the user:
an input, a pausing Wait, the logic webhook listener, an embed waiting for an event), or `event`
for events. END is where a path stops with nothing left to run; an empty group is a node of its
own that leads to END. Edge attribute `kind` tells why the walk moves on: `next` (in-group
order), `edge` (a Typebot edge; `label` = the item that takes it), `jump`, `link` (a Typebot
link into this bot), `return`, `end`.
"""
from __future__ import annotations

from functools import cached_property
from typing import Optional

from flowlint.model.flow import BUBBLE_TYPES, CHOICE_TYPES, INPUT_TYPES, START_TYPE, Block, Flow, Group

END = "END"
# Hubs keep fan-outs linear: every Return reaches every return mark through one node, every Jump or
# link to a group named by a variable (`{{…}}`) reaches every group through another.
RETURN_HUB, ANY_GROUP = "RETURN", "ANY-GROUP"
CONDITION, AB_TEST, JUMP, RETURN, LINK = "Condition", "AB test", "Jump", "Return", "Typebot link"
_NEXT = {"kind": "next"}
# Types whose walk is more than "own edge, else the next block" (see `_block_edges`).
BRANCHING = CHOICE_TYPES | {START_TYPE, "cards", CONDITION, AB_TEST, JUMP, RETURN, LINK}
# Types `waits_for_user` may say yes to.
MAY_WAIT = INPUT_TYPES | {"Wait", "webhook", "embed"}


def is_template(value) -> bool:
    return isinstance(value, str) and "{{" in value


def waits_for_user(block: Block) -> bool:
    if block.is_input:
        return True
    if block.type == "Wait":
        return block.options.get("shouldPause") is True
    if block.type == "webhook":  # logic block: waits for an incoming HTTP call
        return True
    if block.type == "embed":
        content = block.data.get("content")
        wait = content.get("waitForEvent") if isinstance(content, dict) else None
        return isinstance(wait, dict) and wait.get("isEnabled") is True
    return False


class FlowGraph:
    def __init__(self, flow: Flow, linked_groups=()):
        """`linked_groups`: ids of this flow's groups that Typebot links in other given flows
        enter (None: its start), so they count as entries like the start and events do."""
        import networkx as nx  # here, not at import time: linting only configs never pays for it

        self.flow = flow
        self._linked_groups = linked_groups
        self.g = nx.DiGraph()
        self._group_nodes: dict = {}  # id(group) -> the nodes of its runs, in order
        self.entries: list = []  # start first, then other events
        self.start: Optional[str] = None
        self._successors: dict = {}  # a block that just passes to the next one has none noted
        self._leaving: list = []  # the blocks that have theirs
        self._entered: set = set()  # blocks some path enters other than from the block before
        self._build()

    # -- the walk, block by block -----------------------------------------------------------
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
        if kind == "next":
            attrs = _NEXT  # most edges; networkx copies attributes, so one dict serves them all
        elif target is None:
            attrs["kind"], target = "end", END
        else:
            attrs["kind"] = kind
            self._entered.add(target)
        self._successors.setdefault(source, []).append((target, attrs))

    def _continue(self, block: Block, own_edge: bool = True) -> None:
        """Pass on: own edge (if honoured), else the next block, else the path ends."""
        if own_edge and block.outgoing_edge_id:
            self._add(block.pointer, self._follow(block.outgoing_edge_id), "edge", edge=block.outgoing_edge_id)
        elif block.next_in_group is not None:
            self._add(block.pointer, block.next_in_group.pointer, "next")
        else:
            self._add(block.pointer, None, "end")

    def _all_groups(self, source: str, kind: str) -> None:
        if ANY_GROUP not in self._successors:
            for group in self.flow.groups:
                self._add(ANY_GROUP, self._node(group), kind)
        self._add(source, ANY_GROUP, kind, label="{{…}}")

    def _build(self) -> None:
        flow = self.flow
        for group in flow.groups:
            if not group.blocks:
                self._add(group.pointer, None, "end")
        for event in flow.events:
            self._add(event.pointer, self._follow(event.outgoing_edge_id), "edge", edge=event.outgoing_edge_id)
        start = flow.start_event or flow.start_block
        self.start = start.pointer if start is not None else None
        self.entries = [self.start] if self.start else []
        self.entries += [e.pointer for e in flow.events if e.type != START_TYPE]
        for group_id in self._linked_groups:
            target = self._follow(flow.start_edge_id) if group_id is None else (
                self._node(flow.groups_by_id[group_id]) if group_id in flow.groups_by_id else None)
            if target is not None and target not in self.entries:
                self.entries.append(target)
        return_marks = [b.next_in_group.pointer for b in flow.blocks() if b.type == JUMP and b.next_in_group]
        for group in flow.groups:
            for block in group.blocks[:-1]:  # most blocks just pass to the next one: nothing to note
                kind = block.type
                if kind not in BUBBLE_TYPES and (kind in BRANCHING or block.outgoing_edge_id):
                    self._leave(block, return_marks)
            if group.blocks:
                self._leave(group.blocks[-1], return_marks)
        if return_marks:
            self._returns_without_mark(flow)
        self._collapse()

    def _returns_without_mark(self, flow: Flow) -> None:
        """A Return with no Jump pending on its path has no mark to go back to: it passes on like
        any block. Such paths are found by walking without Jumps and Returns, but stepping over
        each Jump to its return mark, as if the jumped-to part had returned (a balanced pair)."""
        over_jump = {b.pointer: b.next_in_group.pointer for b in flow.blocks() if b.type == JUMP and b.next_in_group}
        successors = self._successors
        passes = {b.pointer: b.next_in_group.pointer for b in flow.blocks() if b.pointer not in successors}
        seen, todo = set(self.entries), list(self.entries)
        while todo:
            here = todo.pop()
            if here in successors:
                targets = [t for t, attrs in successors[here] if attrs["kind"] not in ("jump", "return")]
            else:  # a block that passes to the next one, or END
                targets = [passes[here]] if here in passes else []
            if here in over_jump:
                targets.append(over_jump[here])
            for target in targets:
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        for block in flow.blocks():
            if block.type == RETURN and block.pointer in seen:
                self._continue(block)

    # -- runs of blocks become nodes -----------------------------------------------------------
    def _collapse(self) -> None:
        successors, groups = self._successors, self.flow.groups
        entered = self._entered.union(self.entries)
        starts: dict = {}  # id(group) -> where its runs start after the first one (most groups: none)
        for block in self._leaving:
            out = successors[block.pointer]
            if block.index + 1 < len(block.group.blocks) and (len(out) != 1 or out[0][1]["kind"] != "next"):
                starts.setdefault(id(block.group), set()).add(block.index + 1)  # after a block that branches or leaves
        for block in [b for b in self.flow.blocks() if b.index and b.pointer in entered]:
            starts.setdefault(id(block.group), set()).add(block.index)
        nodes = [(END, {})]
        leaving = []  # (node, the successors of its last block)
        for group in groups:
            blocks = group.blocks
            if not blocks:
                nodes.append((group.pointer, {"group": group, "blocks": [], "waits": False}))
                leaving.append((group.pointer, successors[group.pointer]))
            cuts = [0, *sorted(starts.get(id(group), ())), len(blocks)] if blocks else []
            heads = self._group_nodes[id(group)] = []
            for first, after in zip(cuts, cuts[1:]):
                run, head = blocks[first:after], blocks[first].pointer
                waits = any(map(waits_for_user, [b for b in run if b.type in MAY_WAIT]))
                nodes.append((head, {"group": group, "blocks": run, "waits": waits}))
                heads.append(head)
                last = run[-1].pointer
                # a run that stops short of a block entered from elsewhere passes into it
                leaving.append((head, successors[last] if last in successors else [(blocks[after].pointer, _NEXT)]))
        for event in self.flow.events:
            nodes.append((event.pointer, {"event": event, "waits": False}))
            leaving.append((event.pointer, successors.get(event.pointer, ())))
        for hub in (RETURN_HUB, ANY_GROUP):
            if hub in successors:
                nodes.append((hub, {"waits": False}))
                leaving.append((hub, successors[hub]))
        self.g.add_nodes_from(nodes)
        # every target is a node already: a block some path enters, or that follows a run's end, heads a run
        self.g.add_edges_from((node, target, attrs) for node, out in leaving for target, attrs in out)
        self._successors = self._leaving = None

    @cached_property
    def node_of(self) -> dict:
        """Block pointer -> the node of its run; made on first use (most lints never ask)."""
        nodes = self.g.nodes
        return {b.pointer: head for heads in self._group_nodes.values() for head in heads for b in nodes[head]["blocks"]}

    def _leave(self, block: Block, return_marks: list) -> None:
        """Note the successors of a block that may do more than pass to the next one."""
        self._leaving.append(block)
        self._successors.setdefault(block.pointer, [])  # a cards block may have none: that ends its run too
        self._block_edges(block, return_marks)

    def _block_edges(self, block: Block, return_marks: list) -> None:
        here, kind = block.pointer, block.type
        if kind == START_TYPE:
            self._add(here, self._follow(block.outgoing_edge_id), "edge", edge=block.outgoing_edge_id)
        elif block.is_bubble:
            self._continue(block, own_edge=block.next_in_group is None)
        elif kind in CHOICE_TYPES or kind == "cards" or kind in (CONDITION, AB_TEST):
            self._branches(block)
        elif kind == JUMP:
            self._jump(block, block.options)
        elif kind == RETURN and return_marks:  # back to the block after the Jump that led here (see below)
            if RETURN_HUB not in self._successors:
                for mark in return_marks:
                    self._add(RETURN_HUB, mark, "return")
            self._add(here, RETURN_HUB, "return")
        elif kind == LINK:
            if block.link_target in ("current", self.flow.id) and block.link_target:
                self._link_into_self(block, block.options.get("groupId") or block.options.get("blockId"))
            self._continue(block)
        else:
            self._continue(block)

    def _branches(self, block: Block) -> None:
        fallback = block.type in CHOICE_TYPES and block.options.get("isMultipleChoice") is True
        for item in block.items:
            if block.type == "cards" and item.path_of is None:
                continue  # a card: its paths are what the user picks
            if item.outgoing_edge_id:
                self._add(block.pointer, self._follow(item.outgoing_edge_id), "edge",
                          edge=item.outgoing_edge_id, label=item.label, item=item.id)
            elif block.type == CONDITION:
                self._add(block.pointer, None, "end", label=item.label, item=item.id)
            else:
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

    def reachable_from_start(self) -> set:
        import networkx as nx

        if self.start is None:
            return set()
        return {self.start} | nx.descendants(self.g, self.start)

    def blocks(self, nodes) -> list:
        """The blocks of these nodes, in document order."""
        found = [b for n in nodes for b in self.g.nodes[n].get("blocks", ())]
        return sorted(found, key=lambda b: (b.group.pointer, b.index))

    def nodes_of(self, group: Group) -> list:
        """The nodes of the group's runs, in order (an empty group is a node of its own)."""
        return self._group_nodes.get(id(group)) or [group.pointer]

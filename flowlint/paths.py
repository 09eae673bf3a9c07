"""Walks over a FlowGraph that keep their way: the path Typebot's engine takes to a finding.

`search` is one breadth-first pass (0-1: entering a group costs 1, moving on inside it or
through a hub costs 0), so the way it keeps to each node passes the fewest groups; ties go to
the edge met first, in the graph's insertion order, so the same input gives the same path.
A walk may carry a state (FL400: whether a keeping change-status call ran in this turn);
`advance(node, state)` says the state the walk leaves a node in, or STOP.

`witness` turns a node path into steps a user reads: each group entered, with the button,
condition or Jump that led into it. Rules call these only for what they report, so a flow
without findings never pays for them.
"""
from __future__ import annotations

from collections import deque
from typing import Callable, Optional

from flowlint.diagnostics import Step, Witness
from flowlint.graph import CONDITION, END, FlowGraph
from flowlint.model.flow import START_TYPE

STOP = object()  # what `advance` returns where the walk goes no further
VIA = {"jump": "Jump", "link": "Typebot link", "return": "Return"}
ROUND = "round the loop"


class Search:
    """The result of `search`: for each (node, state) reached, the group count and the way back."""

    def __init__(self, parents: dict, cost: dict):
        self.parents, self.cost = parents, cost

    def __contains__(self, key) -> bool:
        return key in self.cost

    def first(self, nodes) -> Optional[str]:
        """The first of `nodes` (stateless walk) the walk settled: fewest groups, then walk order."""
        return next((node for node, _ in self.cost if node in nodes), None)

    def nodes(self, key) -> list:
        """The nodes from a source to `key` ((node, state)), in walk order."""
        found = []
        while key is not None:
            found.append(key[0])
            key = self.parents[key]
        found.reverse()
        return found


def search(graph: FlowGraph, sources, advance: Optional[Callable] = None, within=None, until=None) -> Search:
    """Walk from `sources` ((node, state) pairs); only nodes in `within` when given; stop once
    `until` (a (node, state) pair) is settled."""
    g = graph.g
    nodes, adj = g.nodes, g.adj  # views made once: each access of g.nodes builds a new one
    parents: dict = {}
    cost: dict = {}  # settled keys, in the order they were settled
    best: dict = {}
    todo: deque = deque()
    for source in sources:
        if source not in best:
            best[source] = 0
            todo.append((0, source, None))
    while todo:
        spent, key, parent = todo.popleft()
        if key in cost or best[key] < spent:
            continue
        parents[key], cost[key] = parent, spent
        if key == until:
            break
        node, state = key
        after = advance(node, state) if advance is not None else state
        if after is STOP:
            continue
        for target, attrs in adj[node].items():
            if within is not None and target not in within and target != END:
                continue
            step = 1 if attrs["kind"] != "next" and nodes[target].get("group") is not None else 0
            nxt = (target, after)
            if nxt in cost or best.get(nxt, spent + step + 1) <= spent + step:
                continue
            best[nxt] = spent + step
            if step:
                todo.append((spent + step, nxt, key))
            else:
                todo.appendleft((spent, nxt, key))
    return Search(parents, cost)


def _start_only(group) -> bool:
    return [b.type for b in group.blocks] == [START_TYPE]  # up to v5: the start block's own group


def _via(g, source, attrs) -> Optional[str]:
    kind, label = attrs["kind"], attrs.get("label")
    if kind in VIA:
        return f"{VIA[kind]} {label}" if label else VIA[kind]
    if label:
        return label
    run = g.nodes[source].get("blocks")
    if run and run[-1].type == CONDITION:
        return "else"
    return None


def witness(graph: FlowGraph, nodes: list) -> tuple:
    """Steps of a node path: one per group entered (a run after the last in the same group is not
    a new step), `via` what led into it ("start" for the first group after the start)."""
    g = graph.g
    steps: list = []
    via = "start" if nodes and nodes[0] == graph.start else None
    previous = None
    for i, node in enumerate(nodes):
        attrs = g.edges[nodes[i - 1], node] if i else None
        if attrs is not None and attrs["kind"] != "next" and via is None:
            via = _via(g, nodes[i - 1], attrs)
        group = g.nodes[node].get("group") if node != END else None
        if group is None or _start_only(group):
            continue
        if attrs is not None and attrs["kind"] == "next" and group is previous:
            continue
        steps.append(Step(group.pointer, group.label, via))
        via, previous = None, group
    return tuple(steps)


def _round(graph: FlowGraph, entry: str, loop) -> list:
    """Nodes once round `loop` from `entry` back to it, the fewest groups."""
    walked = search(graph, [(entry, None)], within=loop)
    back = walked.first({n for n in graph.g.predecessors(entry) if n in loop})
    return walked.nodes((back, None)) + [entry] if back is not None else []


def loop_witness(graph: FlowGraph, loop, walked: Optional[Search] = None) -> Optional[Witness]:
    """From the entries into `loop` (the first of its nodes the walk meets) and once round it."""
    walked = walked or search(graph, [(entry, None) for entry in graph.entries])
    entry = walked.first(loop)
    if entry is None:
        return None
    around = _round(graph, entry, loop)
    return Witness(witness(graph, walked.nodes((entry, None)) + around[1:]), ROUND) if around else None


def loops(graph: FlowGraph, nodes) -> list:
    """The cycles (strongly connected components with a cycle) among `nodes`."""
    import networkx as nx

    adj, inner = graph.g.adj, nx.DiGraph()  # built from edges: copying a subgraph view is slow
    inner.add_nodes_from(nodes)
    inner.add_edges_from((u, v) for u in nodes for v in adj[u] if v in nodes)
    return [c for c in nx.strongly_connected_components(inner) if len(c) > 1 or any(inner.has_edge(n, n) for n in c)]


def end_or_loop_witness(graph: FlowGraph, sources: list) -> Optional[Witness]:
    """From `sources` to the nearest end, or, where none is reached, into a loop and round it."""
    walked = search(graph, [(source, None) for source in sources], until=(END, None))
    if (END, None) in walked:
        return Witness(witness(graph, walked.nodes((END, None))), "end")
    found = loops(graph, {node for node, _ in walked.cost})
    if not found:
        return None
    loop = set().union(*found)  # the first loop node the walk met, then round its own loop
    entry = walked.first(loop)
    own = next(c for c in found if entry in c)
    return loop_witness(graph, own, walked)

"""Walks over a FlowGraph that keep their way: the path Typebot's engine takes to a finding.

`search` is one breadth-first pass (0-1: entering a group costs 1, moving on inside it or
through a hub costs 0), so the way it keeps to each node passes the fewest groups; ties go to
the edge met first, in the graph's insertion order, so the same input gives the same path.
A walk may carry a state (FL400: whether a keeping change-status call ran in this turn);
`advance(node, state)` says the state the walk leaves a node in, or STOP.
"""
from __future__ import annotations

from collections import deque
from typing import Callable, Optional

from flowlint.graph import END, FlowGraph

STOP = object()  # what `advance` returns where the walk goes no further


class Search:
    """The result of `search`: for each (node, state) reached, the group count and the way back."""

    def __init__(self, parents: dict, cost: dict):
        self.parents, self.cost = parents, cost

    def __contains__(self, key) -> bool:
        return key in self.parents

    def nodes(self, key) -> list:
        """The nodes from a source to `key` ((node, state)), in walk order."""
        found = []
        while key is not None:
            found.append(key[0])
            key = self.parents[key]
        found.reverse()
        return found


def _enters_group(g, target, kind) -> bool:
    return kind != "next" and g.nodes[target].get("group") is not None


def search(graph: FlowGraph, sources, advance: Optional[Callable] = None, within=None) -> Search:
    """Walk from `sources` ((node, state) pairs); only nodes in `within` when given."""
    g = graph.g
    parents: dict = {}
    cost: dict = {}
    best: dict = {}
    todo: deque = deque()
    for source in sources:
        if source not in best:
            best[source], parents[source] = 0, None
            todo.append((0, source, None))
    settled = set()
    while todo:
        spent, key, parent = todo.popleft()
        if key in settled or best.get(key, spent) < spent:
            continue
        settled.add(key)
        parents[key], cost[key] = parent, spent
        node, state = key
        after = advance(node, state) if advance is not None else state
        if after is STOP:
            continue
        for target, attrs in g.adj[node].items():
            if within is not None and target not in within and target != END:
                continue
            step = 1 if _enters_group(g, target, attrs["kind"]) else 0
            nxt = (target, after)
            if nxt in settled or best.get(nxt, spent + step + 1) <= spent + step:
                continue
            best[nxt] = spent + step
            if step:
                todo.append((spent + step, nxt, key))
            else:
                todo.appendleft((spent, nxt, key))
    return Search(parents, cost)

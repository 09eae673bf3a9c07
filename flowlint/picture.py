"""`flowlint graph`: the flow's groups and how the walk moves between them, findings marked.

mermaid renders in GitHub Markdown and PR comments; dot feeds Graphviz; json is networkx
node-link data of the same group graph.
"""
from __future__ import annotations

import json

import networkx as nx

from flowlint.graph import END, FlowGraph
from flowlint.model.flow import START_TYPE
from flowlint.sanitize import json_text, visible

START = "start"


def _walked(diagnostics) -> tuple:
    """(groups, moves between them) on the findings' witness paths, as pictured nodes."""
    groups, moves = set(), set()
    for d in diagnostics:
        previous = None
        for step in d.witness.steps if d.witness else ():
            if step.via == "start":
                previous = START
            if previous is not None:
                moves.add((previous, step.pointer))
            groups.add(step.pointer)
            previous = step.pointer
    return groups, moves


def group_graph(flow_graph: FlowGraph, diagnostics) -> nx.DiGraph:
    """Groups as nodes (plus `start` and `end`), labelled edges between them; what lies on a
    finding's witness path has `path: true`."""
    flagged = {d.group_id for d in diagnostics if d.group_id}
    reachable = flow_graph.reachable
    pictured = nx.DiGraph()
    pictured.add_node(START, label="Start", kind="start")
    for group in flow_graph.flow.groups:
        if [b.type for b in group.blocks] == [START_TYPE]:
            continue  # up to v5 the start block sits in a group of its own: the Start node is it
        nodes = flow_graph.nodes_of(group)
        pictured.add_node(group.pointer, label=group.label, id=group.id,
                          reachable=any(n in reachable for n in nodes), finding=group.id in flagged, end=False)
    g = flow_graph.g
    for source, target, data in g.edges(data=True):
        source_group = g.nodes[source].get("group")
        if target == END:
            if source_group is not None and source_group.pointer in pictured:
                pictured.nodes[source_group.pointer]["end"] = True
            continue
        target_group = g.nodes[target].get("group")
        if data["kind"] == "next" or target_group is None:
            continue
        origin = START if source == flow_graph.start else source_group.pointer if source_group else None
        target_node = target_group.pointer if target_group.pointer in pictured else START  # v<=5 start group
        if origin is None or origin not in pictured:
            continue
        label = data.get("label") or ("" if data["kind"] == "edge" else data["kind"])
        if pictured.has_edge(origin, target_node):
            existing = pictured.edges[origin, target_node]["label"]
            label = " / ".join(x for x in (existing, label) if x)
        pictured.add_edge(origin, target_node, label=label, kind=data["kind"])
    groups, moves = _walked(diagnostics)
    for node in groups & set(pictured):
        pictured.nodes[node]["path"] = True
    for move in moves:
        if pictured.has_edge(*move):
            pictured.edges[move]["path"] = True
    return pictured


def _mermaid_text(text: str) -> str:
    """A label inside mermaid's `"…"`: entity codes for what would end it or read as HTML,
    line breaks as spaces, other control characters visible."""
    text = text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    return visible(text.replace("\r\n", " ").replace("\n", " "))


def _dot_text(text: str) -> str:
    """A Graphviz quoted string: backslash (label escapes like \\N, \\l) and quote escaped, a
    line break as dot's `\\n`, other control characters visible; the rest as it is (dot reads UTF-8)."""
    lines = (visible(line).replace("\\", "\\\\").replace('"', '\\"') for line in text.replace("\r\n", "\n").split("\n"))
    return '"' + "\\n".join(lines) + '"'


def to_mermaid(pictured: nx.DiGraph) -> str:
    names = {node: f"n{i}" for i, node in enumerate(pictured.nodes)}
    lines = ["flowchart TD", f"  {names[START]}(((Start)))"]
    for node, data in pictured.nodes(data=True):
        if node == START:
            continue
        shape = '(["{}"])' if data["end"] else '["{}"]'
        lines.append(f"  {names[node]}" + shape.format(_mermaid_text(data["label"])))
    for source, target, data in pictured.edges(data=True):
        label = f'|"{_mermaid_text(data["label"])}"|' if data["label"] else ""
        arrow = "-.->" if data["kind"] in ("jump", "link", "return") else "-->"
        lines.append(f"  {names[source]} {arrow}{label} {names[target]}")
    lines += ["  classDef finding stroke:#d73a49,stroke-width:3px",
              "  classDef unreachable fill:#eeeeee,stroke-dasharray:4 4,color:#888888",
              "  classDef ending fill:#e6ffed"]
    for style, key in (("ending", "end"), ("unreachable", "reachable"), ("finding", "finding")):
        members = [names[n] for n, d in pictured.nodes(data=True)
                   if n != START and (not d[key] if key == "reachable" else d[key])]
        if members:
            lines.append(f"  class {','.join(members)} {style}")
    walked = [str(i) for i, (_, _, data) in enumerate(pictured.edges(data=True)) if data.get("path")]
    if walked:  # the witness paths: link numbers in the order the links are written
        lines.append(f"  linkStyle {','.join(walked)} stroke:#0366d6,stroke-width:3px")
    return "\n".join(lines) + "\n"


def to_dot(pictured: nx.DiGraph) -> str:
    names = {node: f"n{i}" for i, node in enumerate(pictured.nodes)}
    lines = ["digraph flow {", "  rankdir=TB;", '  node [shape=box, style="rounded"];',
             f'  {names[START]} [label="Start", shape=circle];']
    for node, data in pictured.nodes(data=True):
        if node == START:
            continue
        attrs = [f"label={_dot_text(data['label'])}"]
        if data["end"]:
            attrs.append("peripheries=2")
        if not data["reachable"]:
            attrs.append('style="rounded,dashed"')
        if data["finding"]:
            attrs.append("color=red, penwidth=2")
        lines.append(f"  {names[node]} [{', '.join(attrs)}];")
    for source, target, data in pictured.edges(data=True):
        attrs = [f"label={_dot_text(data['label'])}"] if data["label"] else []
        if data["kind"] in ("jump", "link", "return"):
            attrs.append("style=dashed")
        if data.get("path"):
            attrs.append('color="#0366d6", penwidth=3')
        lines.append(f"  {names[source]} -> {names[target]}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_json(pictured: nx.DiGraph) -> str:
    return json_text(json.dumps(nx.node_link_data(pictured, edges="edges"), indent=2, ensure_ascii=False)) + "\n"


def draw(flow_graph: FlowGraph, diagnostics, format_name: str) -> str:
    pictured = group_graph(flow_graph, diagnostics)
    return {"mermaid": to_mermaid, "dot": to_dot, "json": to_json}[format_name](pictured)

"""Synthetic Typebot v6 flows of a given size, shaped like real ones: groups of five blocks
(bubbles, an input with buttons, a condition, an HTTP call), edges between them, variables."""
from __future__ import annotations

import random


def _text(block_id: str, words: str) -> dict:
    return {"id": block_id, "type": "text",
            "content": {"richText": [{"type": "p", "children": [{"text": words}]}]}}


def generate_flow(blocks: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    group_count = max(2, blocks // 5)
    groups, edges = [], [{"id": "e-start", "from": {"eventId": "start"}, "to": {"groupId": "g0"}}]
    for g in range(group_count):
        nxt, other = (g + 1) % group_count, rng.randrange(group_count)
        items = [{"id": f"i{g}a", "content": "Yes", "outgoingEdgeId": f"e{g}a"},
                 {"id": f"i{g}b", "content": "No", "outgoingEdgeId": f"e{g}b"}]
        group_blocks = [
            _text(f"b{g}-0", f"Hello {{{{name}}}}, this is step {g} of the conversation."),
            _text(f"b{g}-1", "Please pick one of the options below to continue."),
            {"id": f"b{g}-2", "type": "Set variable", "options": {"variableId": "v-step", "expressionToEvaluate": str(g)}},
            {"id": f"b{g}-3", "type": "Webhook", "options": {"webhook": {"url": "https://api.example.com/log", "method": "POST",
                                                                         "body": "{\"step\": \"{{step}}\"}"}}},
            {"id": f"b{g}-4", "type": "choice input", "options": {"variableId": "v-answer"}, "items": items},
        ]
        edges.append({"id": f"e{g}a", "from": {"blockId": f"b{g}-4", "itemId": f"i{g}a"}, "to": {"groupId": f"g{nxt}"}})
        edges.append({"id": f"e{g}b", "from": {"blockId": f"b{g}-4", "itemId": f"i{g}b"}, "to": {"groupId": f"g{other}"}})
        groups.append({"id": f"g{g}", "title": f"Step {g}", "graphCoordinates": {"x": g * 10, "y": 0}, "blocks": group_blocks})
    last = groups[-1]["blocks"]
    last[-1]["items"][1].pop("outgoingEdgeId")  # one way out: the flow can end
    edges = [e for e in edges if e["id"] != f"e{group_count - 1}b"]
    return {
        "version": "6.1", "id": "bench", "name": f"benchmark {blocks} blocks",
        "events": [{"id": "start", "type": "start", "graphCoordinates": {"x": 0, "y": 0}, "outgoingEdgeId": "e-start"}],
        "groups": groups, "edges": edges,
        "variables": [{"id": "v-name", "name": "name", "value": "friend"}, {"id": "v-step", "name": "step"}, {"id": "v-answer", "name": "answer"}],
        "theme": {}, "settings": {},
    }

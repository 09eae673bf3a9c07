"""Tests for schemas/typebot-flow-v5.schema.json and schemas/typebot-flow-v6.schema.json."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable

import pytest
from jsonschema import Draft202012Validator

from conftest import CORPUS, REPO, needs_shared, shared_files

SCHEMA_DIR = REPO / "schemas"
CORPUS_DIR = CORPUS / "typebot"

SCHEMA_FILES = {
    "v5": SCHEMA_DIR / "typebot-flow-v5.schema.json",
    "v6": SCHEMA_DIR / "typebot-flow-v6.schema.json",
}


def load_schema(family: str) -> dict[str, Any]:
    return json.loads(SCHEMA_FILES[family].read_text(encoding="utf-8"))


VALIDATORS = {family: Draft202012Validator(load_schema(family)) for family in SCHEMA_FILES}


def unwrap(document: dict[str, Any]) -> dict[str, Any]:
    """API responses wrap the flow as {"typebot": {...}, "currentUserMode": ...}."""
    inner = document.get("typebot")
    return inner if isinstance(inner, dict) else document


def family_for(flow: dict[str, Any]) -> str:
    version = flow.get("version")
    if version in (None, "3", "4", "5"):
        return "v5"
    if version in ("6", "6.1"):
        return "v6"
    raise ValueError(f"unexpected Typebot version {version!r}")


def error_paths(family: str, flow: dict[str, Any]) -> set[tuple[str, str]]:
    return {(e.json_path, e.validator) for e in VALIDATORS[family].iter_errors(flow)}


CORPUS_FILES = shared_files("corpus/typebot", "*.json")


# --------------------------------------------------------------------------------------------
# (a) the schema files themselves


@pytest.mark.parametrize("family", sorted(SCHEMA_FILES))
def test_schema_is_valid_draft_2020_12(family: str) -> None:
    schema = load_schema(family)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://flowlint.dev/schemas/typebot-flow-{family}.schema.json"
    assert schema["title"] and schema["description"]


@pytest.mark.parametrize("family", sorted(SCHEMA_FILES))
def test_schema_never_forbids_unknown_keys(family: str) -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            assert node.get("additionalProperties") is not False, where
            assert "unevaluatedProperties" not in node, where
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(load_schema(family), "#")


# --------------------------------------------------------------------------------------------
# (b) every real export in the shared corpus validates against the schema for its version


@needs_shared
def test_corpus_covers_both_families() -> None:
    families = [family_for(unwrap(json.loads(p.read_text(encoding="utf-8")))) for p in CORPUS_FILES]
    assert families.count("v5") >= 1, CORPUS_DIR
    assert families.count("v6") >= 1, CORPUS_DIR


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: getattr(p, "name", "no-shared"))
def test_corpus_file_validates(path: Path) -> None:
    flow = unwrap(json.loads(path.read_text(encoding="utf-8")))
    errors = [f"{e.json_path}: {e.message}" for e in VALIDATORS[family_for(flow)].iter_errors(flow)]
    assert errors == []


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: getattr(p, "name", "no-shared"))
def test_corpus_file_is_rejected_by_the_other_family(path: Path) -> None:
    flow = unwrap(json.loads(path.read_text(encoding="utf-8")))
    other = "v6" if family_for(flow) == "v5" else "v5"
    paths = {p for p, _ in error_paths(other, flow)}
    assert "$.version" in paths or "$" in paths


# --------------------------------------------------------------------------------------------
# (c) hand-written flows that break one thing each


def minimal_v6() -> dict[str, Any]:
    return {
        "version": "6.1",
        "id": "bot1",
        "name": "Minimal",
        "events": [
            {"id": "ev-start", "type": "start", "graphCoordinates": {"x": 0, "y": 0}, "outgoingEdgeId": "e-start"},
            {"id": "ev-cmd", "type": "command", "graphCoordinates": {"x": 0, "y": 200},
             "options": {"command": "menu"}, "outgoingEdgeId": "e-cmd"},
        ],
        "groups": [
            {
                "id": "g1",
                "title": "Welcome",
                "graphCoordinates": {"x": 300, "y": 0},
                "blocks": [
                    {"id": "b-text", "type": "text", "content": {"richText": [
                        {"type": "p", "children": [{"text": "Hi {{Name}}"}]}]}},
                    {"id": "b-choice", "type": "choice input",
                     "items": [{"id": "i-yes", "content": "Yes", "outgoingEdgeId": "e-yes"},
                               {"id": "i-no", "content": "No"}],
                     "options": {"variableId": "v1"}, "outgoingEdgeId": "e-default"},
                ],
            },
            {
                "id": "g2",
                "title": "Logic",
                "graphCoordinates": {"x": 600, "y": 0},
                "blocks": [
                    {"id": "b-cond", "type": "Condition", "items": [
                        {"id": "i-c1", "content": {"logicalOperator": "AND", "comparisons": [
                            {"id": "c1", "variableId": "v1", "comparisonOperator": "Equal to", "value": "Yes"}]}}]},
                    {"id": "b-cards", "type": "cards", "items": [
                        {"id": "i-card", "title": "Card", "imageUrl": None,
                         "paths": [{"id": "p1", "text": "Go", "outgoingEdgeId": "e-path"}]}]},
                    {"id": "b-forge", "type": "openai", "options": {"credentialsId": "cred", "action": "Create chat completion"}},
                    {"id": "b-custom", "type": "some-future-block", "options": {"anything": [1, {"x": None}]},
                     "items": [{"id": "i-custom", "whatever": True}]},
                    {"id": "b-jump", "type": "Jump", "options": {"groupId": "g1"}},
                ],
            },
        ],
        "edges": [
            {"id": "e-start", "from": {"eventId": "ev-start"}, "to": {"groupId": "g1"}},
            {"id": "e-cmd", "from": {"eventId": "ev-cmd"}, "to": {"groupId": "g2"}},
            {"id": "e-yes", "from": {"blockId": "b-choice", "itemId": "i-yes"}, "to": {"groupId": "g2", "blockId": "b-cond"}},
            {"id": "e-default", "from": {"blockId": "b-choice"}, "to": {"groupId": "g2"}},
            {"id": "e-path", "from": {"blockId": "b-cards", "itemId": "i-card", "pathId": "p1"}, "to": {"groupId": "g1"}},
        ],
        "variables": [
            {"id": "v1", "name": "Answer"},
            {"id": "v2", "name": "Name", "isSessionVariable": True, "value": ["a", None]},
        ],
        "theme": {"general": {"font": {"type": "Google", "family": "Open Sans"}}},
        "settings": {"general": {"isBrandingEnabled": False}},
        "selectedThemeTemplateId": None,
        "icon": None,
        "folderId": None,
        "publicId": None,
        "customDomain": None,
        "resultsTablePreferences": None,
        "whatsAppCredentialsId": None,
        "riskLevel": None,
    }


def minimal_v5() -> dict[str, Any]:
    return {
        "version": "5",
        "id": "bot1",
        "name": "Minimal",
        "groups": [
            {"id": "g0", "title": "Start", "graphCoordinates": {"x": 0, "y": 0}, "blocks": [
                {"id": "b-start", "type": "start", "label": "Start", "groupId": "g0", "outgoingEdgeId": "e-start"}]},
            {"id": "g1", "title": "Ask", "graphCoordinates": {"x": 300, "y": 0}, "blocks": [
                {"id": "b-choice", "type": "choice input", "groupId": "g1",
                 "items": [{"id": "i-yes", "blockId": "b-choice", "type": 0, "content": "Yes", "outgoingEdgeId": "e-yes"}],
                 "options": {"buttonLabel": "Send", "isMultipleChoice": False}},
                {"id": "b-http", "type": "Webhook", "groupId": "g1", "webhookId": "wh1",
                 "options": {"responseVariableMapping": [], "variablesForTest": [], "isCustomBody": False}},
                {"id": "b-custom", "type": "Sniper link", "groupId": "g1", "options": {"sniperId": "x"}},
            ]},
        ],
        "edges": [
            {"id": "e-start", "from": {"groupId": "g0", "blockId": "b-start"}, "to": {"groupId": "g1"}},
            {"id": "e-yes", "from": {"groupId": "g1", "blockId": "b-choice", "itemId": "i-yes"}, "to": {"groupId": "g0"}},
        ],
        "variables": [{"id": "v1", "name": "Answer"}],
        "theme": {},
        "settings": {},
        "icon": None,
        "folderId": None,
        "publicId": None,
    }


MINIMAL = {"v5": minimal_v5, "v6": minimal_v6}


@pytest.mark.parametrize("family", sorted(MINIMAL))
def test_minimal_flow_is_valid(family: str) -> None:
    flow = MINIMAL[family]()
    assert family_for(flow) == family
    assert [e.message for e in VALIDATORS[family].iter_errors(flow)] == []


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Mutator that sets flow[...] at a '/'-separated path (integers index lists)."""

    def mutate(flow: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split("/")]
        node: Any = flow
        for key in parents:
            node = node[key]
        node[last] = value

    return mutate


def _del(path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(flow: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split("/")]
        node: Any = flow
        for key in parents:
            node = node[key]
        del node[last]

    return mutate


# (family, mutation, expected {(json_path, validator)})
BROKEN = {
    # --- v6 ---------------------------------------------------------------------------------
    "v6 version is a number": ("v6", _set("version", 6), {("$.version", "type"), ("$.version", "enum")}),
    "v6 version unknown": ("v6", _set("version", "7"), {("$.version", "enum")}),
    "v6 missing version": ("v6", _del("version"), {("$", "required")}),
    "v6 missing events": ("v6", _del("events"), {("$", "required")}),
    "v6 events null": ("v6", _set("events", None), {("$.events", "type")}),
    "v6 events empty": ("v6", _set("events", []), {("$.events", "minItems")}),
    "v6 first event not start": ("v6", _set("events/0/type", "command"), {("$.events[0].type", "const")}),
    "v6 event without id": ("v6", _del("events/1/id"), {("$.events[1]", "required")}),
    "v6 command not a string": ("v6", _set("events/1/options/command", 3), {("$.events[1].options.command", "type")}),
    "v6 missing groups": ("v6", _del("groups"), {("$", "required")}),
    "v6 missing edges": ("v6", _del("edges"), {("$", "required")}),
    "v6 missing variables": ("v6", _del("variables"), {("$", "required")}),
    "v6 group without id": ("v6", _del("groups/1/id"), {("$.groups[1]", "required")}),
    "v6 group id not a string": ("v6", _set("groups/1/id", 2), {("$.groups[1].id", "type")}),
    "v6 blocks not an array": ("v6", _set("groups/0/blocks", {}), {("$.groups[0].blocks", "type")}),
    "v6 group without blocks": ("v6", _del("groups/0/blocks"), {("$.groups[0]", "required")}),
    "v6 coordinate not a number": ("v6", _set("groups/0/graphCoordinates/x", "10"),
                                   {("$.groups[0].graphCoordinates.x", "type")}),
    "v6 block without id": ("v6", _del("groups/0/blocks/0/id"), {("$.groups[0].blocks[0]", "required")}),
    "v6 block without type": ("v6", _del("groups/0/blocks/1/type"), {("$.groups[0].blocks[1]", "required")}),
    "v6 block type not a string": ("v6", _set("groups/1/blocks/3/type", 12), {("$.groups[1].blocks[3].type", "type")}),
    "v6 block outgoingEdgeId not a string": ("v6", _set("groups/0/blocks/1/outgoingEdgeId", 123),
                                             {("$.groups[0].blocks[1].outgoingEdgeId", "type")}),
    "v6 options not an object": ("v6", _set("groups/1/blocks/3/options", "x"), {("$.groups[1].blocks[3].options", "type")}),
    "v6 choice item not an object": ("v6", _set("groups/0/blocks/1/items/1", "No"),
                                     {("$.groups[0].blocks[1].items[1]", "type")}),
    "v6 choice item without id": ("v6", _del("groups/0/blocks/1/items/1/id"), {("$.groups[0].blocks[1].items[1]", "required")}),
    "v6 item outgoingEdgeId not a string": ("v6", _set("groups/0/blocks/1/items/0/outgoingEdgeId", ["e-yes"]),
                                            {("$.groups[0].blocks[1].items[0].outgoingEdgeId", "type")}),
    "v6 input variableId not a string": ("v6", _set("groups/0/blocks/1/options/variableId", None),
                                         {("$.groups[0].blocks[1].options.variableId", "type")}),
    "v6 comparison variableId not a string": (
        "v6", _set("groups/1/blocks/0/items/0/content/comparisons/0/variableId", 1),
        {("$.groups[1].blocks[0].items[0].content.comparisons[0].variableId", "type")}),
    "v6 card path without id": ("v6", _del("groups/1/blocks/1/items/0/paths/0/id"),
                                {("$.groups[1].blocks[1].items[0].paths[0]", "required")}),
    "v6 forge credentialsId not a string": ("v6", _set("groups/1/blocks/2/options/credentialsId", 7),
                                            {("$.groups[1].blocks[2].options.credentialsId", "type")}),
    "v6 jump groupId not a string": ("v6", _set("groups/1/blocks/4/options/groupId", {"id": "g1"}),
                                     {("$.groups[1].blocks[4].options.groupId", "type")}),
    "v6 edge without id": ("v6", _del("edges/2/id"), {("$.edges[2]", "required")}),
    "v6 edge without to.groupId": ("v6", _del("edges/0/to/groupId"), {("$.edges[0].to", "required")}),
    "v6 edge to.blockId not a string": ("v6", _set("edges/2/to/blockId", 5), {("$.edges[2].to.blockId", "type")}),
    "v6 edge from neither block nor event": ("v6", _set("edges/3/from", {"itemId": "i-yes"}), {("$.edges[3].from", "required")}),
    "v6 edge from.eventId not a string": ("v6", _set("edges/0/from/eventId", 0), {("$.edges[0].from.eventId", "type")}),
    "v6 edge from.pathId not a string": ("v6", _set("edges/4/from/pathId", 1), {("$.edges[4].from.pathId", "type")}),
    "v6 variable name not a string": ("v6", _set("variables/0/name", 42), {("$.variables[0].name", "type")}),
    "v6 variable without id": ("v6", _del("variables/1/id"), {("$.variables[1]", "required")}),
    "v6 variable list value holds a number": ("v6", _set("variables/1/value", ["a", 1]), {("$.variables[1].value[1]", "type")}),
    "v6 nullable top-level field gets a number": ("v6", _set("folderId", 3), {("$.folderId", "type")}),
    "v6 isClosed not a boolean": ("v6", _set("isClosed", "false"), {("$.isClosed", "type")}),
    # --- v5 ---------------------------------------------------------------------------------
    "v5 version is a number": ("v5", _set("version", 5), {("$.version", "type"), ("$.version", "enum")}),
    "v5 version 6 is not v5": ("v5", _set("version", "6"), {("$.version", "enum")}),
    "v5 events is a list": ("v5", _set("events", []), {("$.events", "type")}),
    "v5 group without id": ("v5", _del("groups/0/id"), {("$.groups[0]", "required")}),
    "v5 group without blocks": ("v5", _del("groups/1/blocks"), {("$.groups[1]", "required")}),
    "v5 blocks not an array": ("v5", _set("groups/1/blocks", "none"), {("$.groups[1].blocks", "type")}),
    "v5 block without type": ("v5", _del("groups/1/blocks/2/type"), {("$.groups[1].blocks[2]", "required")}),
    "v5 block groupId not a string": ("v5", _set("groups/1/blocks/0/groupId", 1), {("$.groups[1].blocks[0].groupId", "type")}),
    "v5 start label not a string": ("v5", _set("groups/0/blocks/0/label", None), {("$.groups[0].blocks[0].label", "type")}),
    "v5 start outgoingEdgeId not a string": ("v5", _set("groups/0/blocks/0/outgoingEdgeId", 1),
                                             {("$.groups[0].blocks[0].outgoingEdgeId", "type")}),
    "v5 webhookId not a string": ("v5", _set("groups/1/blocks/1/webhookId", 9), {("$.groups[1].blocks[1].webhookId", "type")}),
    "v5 choice item not an object": ("v5", _set("groups/1/blocks/0/items/0", ["Yes"]), {("$.groups[1].blocks[0].items[0]", "type")}),
    "v5 item blockId not a string": ("v5", _set("groups/1/blocks/0/items/0/blockId", 0),
                                     {("$.groups[1].blocks[0].items[0].blockId", "type")}),
    "v5 item type not int/string": ("v5", _set("groups/1/blocks/0/items/0/type", 0.5),
                                    {("$.groups[1].blocks[0].items[0].type", "type")}),
    "v5 edge from without blockId": ("v5", _del("edges/0/from/blockId"), {("$.edges[0].from", "required")}),
    "v5 edge without to.groupId": ("v5", _set("edges/1/to", {"blockId": "b-start"}), {("$.edges[1].to", "required")}),
    "v5 edge without from": ("v5", _del("edges/1/from"), {("$.edges[1]", "required")}),
    "v5 variables not an array": ("v5", _set("variables", {}), {("$.variables", "type")}),
    "v5 variable name not a string": ("v5", _set("variables/0/name", ["Answer"]), {("$.variables[0].name", "type")}),
}


@pytest.mark.parametrize(("family", "mutate", "expected"), list(BROKEN.values()), ids=list(BROKEN))
def test_broken_flow_reports_exact_path(
    family: str, mutate: Callable[[dict[str, Any]], None], expected: set[tuple[str, str]]
) -> None:
    flow = copy.deepcopy(MINIMAL[family]())
    mutate(flow)
    assert error_paths(family, flow) == expected


@pytest.mark.parametrize("flow_factory", [minimal_v6, minimal_v5], ids=["v6", "v5"])
def test_required_error_names_the_missing_key(flow_factory: Callable[[], dict[str, Any]]) -> None:
    flow = flow_factory()
    del flow["edges"][0]["to"]["groupId"]
    family = family_for(flow)
    (error,) = list(VALIDATORS[family].iter_errors(flow))
    assert error.validator == "required"
    assert list(error.path) == ["edges", 0, "to"]
    assert "'groupId' is a required property" in error.message


def test_v5_accepts_missing_or_null_version_and_absent_or_null_events() -> None:
    for version in (None, "<absent>", "3", "4"):
        for events in (None, "<absent>"):
            flow = minimal_v5()
            if version == "<absent>":
                del flow["version"]
            else:
                flow["version"] = version
            if events != "<absent>":
                flow["events"] = events
            assert error_paths("v5", flow) == set(), (version, events)


def test_unknown_block_types_and_keys_are_accepted() -> None:
    flow = minimal_v6()
    flow["groups"][0]["blocks"].append(
        {"id": "b-new", "type": "brand-new-forge-block", "options": {"credentialsId": 1, "nested": {"deep": []}},
         "content": {"whatever": 1}, "items": [{"id": "x", "extra": None}], "unknownKey": 5}
    )
    flow["groups"][0]["futureGroupKey"] = {"a": 1}
    flow["edges"][0]["futureEdgeKey"] = True
    flow["futureTopLevelKey"] = None
    assert error_paths("v6", flow) == set()

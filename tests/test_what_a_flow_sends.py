"""What a block really sends or evaluates, one notion for every rule: a body Typebot does not send
(isCustomBody false, an empty or {{state}} body, a GET) and a display condition that is not enabled
read no variable (typebot v3.9.0 executeHttpRequestBlock.ts:177-178 and :332, filterChoiceItems.ts:15)."""
import json

import pytest

from conftest import lint_files


def _flow(blocks, variables):
    return {
        "version": "6.1", "id": "t", "name": "t",
        "events": [{"id": "start", "type": "start", "graphCoordinates": {"x": 0, "y": 0}, "outgoingEdgeId": "e0"}],
        "groups": [{"id": "g1", "title": "G", "graphCoordinates": {"x": 0, "y": 0}, "blocks": blocks}],
        "edges": [{"id": "e0", "from": {"eventId": "start"}, "to": {"groupId": "g1"}}],
        "variables": [{"id": f"v-{name}", "name": name} for name in variables],
    }


def _request(method, custom, body='{"name": "{{Nmae}}", "key": "{{apiKey}}"}', url="https://crm.example.com/lead"):
    options = {"webhook": {"url": url, "method": method, "body": body}}
    if custom is not None:
        options["isCustomBody"] = custom
    return {"id": "h", "type": "Webhook", "options": options}


def _codes(tmp_path, data, **settings):
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(data, indent=2))
    return [(d.code, d.message) for d in lint_files(path, **settings)]


@pytest.mark.parametrize("method, custom", [("POST", False), ("POST", None), ("GET", True), ("get", True)])
def test_a_body_typebot_does_not_send_reads_no_variable(tmp_path, method, custom):
    block = _request(method, custom)
    found = _codes(tmp_path, _flow([block], ["Name", "apiKey"]), evolution_version="2.3.6")
    assert not [m for c, m in found if c == "FL107"]
    # the same block's unsent body is no leak of {{apiKey}} either (FL113 sees the default body instead)
    assert not [m for c, m in found if c == "FL113" and m.startswith("{{apiKey}}")]


def test_a_sent_custom_body_still_reads_its_variables(tmp_path):
    found = _codes(tmp_path, _flow([_request("POST", True)], ["Name", "apiKey"]), evolution_version="2.3.6")
    assert [m for c, m in found if c == "FL107"] == ["{{Nmae}} names no declared variable: it renders as an empty "
                                                      "string; did you mean 'Name'?"]
    assert any(c == "FL113" and m.startswith("{{apiKey}}") for c, m in found)


def _choice(enabled):
    return {"id": "c", "type": "choice input", "options": {}, "items": [
        {"id": "i1", "content": "Yes", "outgoingEdgeId": None,
         "displayCondition": {"isEnabled": enabled, "condition": {"logicalOperator": "AND", "comparisons": [
             {"id": "k", "variableId": "v-Plan", "comparisonOperator": "Equal to", "value": "pro"}]}}}]}


def test_a_read_in_a_disabled_display_condition_is_no_read(tmp_path):
    assert [c for c, _ in _codes(tmp_path, _flow([_choice(False)], ["Plan"])) if c == "FL109"] == []


def test_a_read_in_an_enabled_display_condition_is_a_read(tmp_path):
    assert [c for c, _ in _codes(tmp_path, _flow([_choice(True)], ["Plan"])) if c == "FL109"] == ["FL109"]

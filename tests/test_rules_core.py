"""Each pipeline rule fires at the exact place on its bad fixture and stays quiet on the good one."""
import pytest

from conftest import ALONE, RULE_FIXTURES, codes_at, lint_files

# code -> (bad inputs, expected (line, column) of that code, good inputs[, settings])
CASES = {
    "FL001": (["bad.json"], [(4, 29)], ["good.json"]),
    "FL002": (["bad.json"], [(1, 1)], ["good.json"]),
    "FL003": (["bad.json"], [(44, 29)], ["good.json"]),
    "FL004": (["bad.json"], [(2, 14)], ["good.json"]),
    "FL005": (["bad.json"], [(42, 17)], ["good.json"]),
    "FL006": (["bad.env", "bad.json"], [(3, 1), (6, 3)], ["good.env"], {"evolution_version": "1.8.2"}),
    "FL100": (["bad.json"], [(7, 13)], ["good.json"]),
    "FL101": (["bad.json"], [(7, 13)], ["good.json"]),
    "FL102": (["bad.json"], [(45, 16)], ["good.json"]),
    "FL103": (["bad.json"], [(46, 24), (74, 29)], ["good.json"]),
    "FL104": (["bad.json"], [(19, 16)], ["good.json"]),
    "FL105": (["bad.json"], [(49, 17)], ["good.json"]),
    "FL106": (["bad.json"], [(81, 13)], ["good.json"]),
    "FL110": (["bad.json"], [(45, 16)], ["good.json"]),
    "FL200": (["bad"], [(2, 19)], ["good"]),
    "FL300": (["bad"], [(49, 46), (2, 17)], ["good"]),
    "FL301": (["bad"], [(2, 17), (49, 46)], ["good"]),
    "FL400": (["bad"], [(19, 16)], ["good"]),
    "FL401": (["bad"], [(3, 12)], ["good"]),
    "FL402": (["bad"], [(3, 13), (49, 80), (60, 22)], ["good"]),
}


def _paths(code, names):
    return [(RULE_FIXTURES / code / name).relative_to(RULE_FIXTURES.parent.parent) for name in names]


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_at_exact_place(code, in_repo):
    bad, expected, _, *settings = CASES[code]
    found = codes_at(lint_files(*_paths(code, bad), **(settings[0] if settings else {})), code)
    assert sorted(found) == sorted(expected)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_quiet_on_sound_variant(code, in_repo):
    _, _, good, *settings = CASES[code]
    settings = dict(settings[0]) if settings else {}
    settings["ignore"] = tuple(settings.get("ignore", ())) + ALONE
    diagnostics = lint_files(*_paths(code, good), **settings)
    assert diagnostics == [], [f"{d.path}:{d.line}:{d.column} {d.code} {d.message}" for d in diagnostics]


def test_fl200_names_the_exact_true(in_repo):
    (diagnostic,) = [d for d in lint_files("fixtures/rules/FL200/bad") if d.code == "FL200"]
    assert "'True'" in diagnostic.message and "exact string `true`" in diagnostic.message


def test_fl200_points_at_image_when_absent(in_repo):
    diagnostics = [d for d in lint_files("fixtures/restart-loop") if d.code == "FL200"]
    assert [(d.path, d.line, d.column) for d in diagnostics] == [("fixtures/restart-loop/docker-compose.yml", 3, 12)]
    assert "not set" in diagnostics[0].message


def test_fl200_not_on_2x_nor_before_1_6_1(in_repo):
    for version in ("2.1.2", "1.6.0"):
        assert not [d for d in lint_files("fixtures/restart-loop", evolution_version=version) if d.code == "FL200"]
    assert [d for d in lint_files("fixtures/restart-loop", evolution_version="1.6.1") if d.code == "FL200"]


def test_fl400_one_finding_per_ending_group(in_repo):
    diagnostics = [d for d in lint_files("fixtures/restart-loop") if d.code == "FL400"]
    assert [(d.line, d.column, d.pointer) for d in diagnostics] == [(61, 16, "/groups/1"), (87, 16, "/groups/2")]
    assert all("1.7.4" in d.message and "TYPEBOT_KEEP_OPEN is not set" in d.message for d in diagnostics)


def test_fl400_quiet_when_keep_open_or_status_call(in_repo):
    assert not lint_files("fixtures/keep-open")
    assert not lint_files("fixtures/change-status")


def test_fl400_on_2x_says_what_it_assumed(in_repo):
    diagnostics = [d for d in lint_files("fixtures/restart-loop", evolution_version="2.2.3") if d.code == "FL400"]
    assert len(diagnostics) == 2
    assert "keepOpen is false: EvolutionAPI's default" in diagnostics[0].message


def test_fl400_quiet_without_any_evolution_config(in_repo):
    diagnostics = lint_files("fixtures/restart-loop/flow.json", discover=False)
    assert [d.code for d in diagnostics] == ["FL408"]  # it says the session rules did not run


def test_fl400_2x_bot_settings_keep_open(tmp_path, in_repo):
    import shutil

    for name in ("flow.json", ".env"):
        shutil.copy(f"fixtures/restart-loop/{name}", tmp_path / name)
    (tmp_path / "typebot-settings.json").write_text('{"expire": 0, "keywordFinish": "#end", "delayMessage": 1000,'
                                                   ' "unknownMessage": "?", "listeningFromMe": false,'
                                                   ' "stopBotFromMe": false, "keepOpen": true}')
    assert not [d for d in lint_files(tmp_path, evolution_version="2.3.6") if d.code == "FL400"]


def test_fl402_delete_only_on_2x(tmp_path, in_repo):
    body = tmp_path / "status.json"
    body.write_text('{"remoteJid": "5541999999999@s.whatsapp.net", "status": "delete"}')
    env = tmp_path / ".env"
    env.write_text("TYPEBOT_KEEP_OPEN=true\n")
    assert [d.code for d in lint_files(body, env, evolution_version="1.8.2") if d.code == "FL402"] == ["FL402"]
    assert not [d for d in lint_files(body, env, evolution_version="2.3.6") if d.code == "FL402"]


def _write_flows(tmp_path, link_group):
    import json

    def flow(flow_id, groups, edges, start_group):
        return {"version": "6.1", "id": flow_id, "name": flow_id,
                "events": [{"id": "start", "type": "start", "graphCoordinates": {"x": 0, "y": 0}, "outgoingEdgeId": "e0"}],
                "groups": groups, "edges": [{"id": "e0", "from": {"eventId": "start"}, "to": {"groupId": start_group}}] + edges,
                "variables": []}

    def text(block_id):
        return {"id": block_id, "type": "text", "content": {"richText": [{"type": "p", "children": [{"text": "hi"}]}]}}

    parent = flow("parent", [{"id": "p1", "title": "Hand over", "graphCoordinates": {"x": 0, "y": 0}, "blocks": [
        text("pb1"), {"id": "pb2", "type": "Typebot link", "options": {"typebotId": "child-public", "groupId": link_group}}]}],
        [], "p1")
    child = flow("child", [{"id": "c1", "title": "Child start", "graphCoordinates": {"x": 0, "y": 0}, "blocks": [text("cb1")]},
                           {"id": "c2", "title": "Only linked", "graphCoordinates": {"x": 0, "y": 0}, "blocks": [text("cb2")]}],
                 [], "c1")
    child["publicId"] = "child-public"
    (tmp_path / "parent.json").write_text(json.dumps(parent, indent=2))
    (tmp_path / "child.json").write_text(json.dumps(child, indent=2))
    return tmp_path / "parent.json", tmp_path / "child.json"


def test_links_between_given_flows_are_followed(tmp_path, in_repo):
    parent, child = _write_flows(tmp_path, "c2")
    alone = [d.message for d in lint_files(child) if d.code == "FL102"]
    assert alone == ["group 'Only linked' is never reached: no edge, Jump or link leads into it"]
    together = [d for d in lint_files(parent, child) if d.code in ("FL102", "FL103")]
    assert together == []


def test_link_into_a_given_flow_names_a_missing_group(tmp_path, in_repo):
    parent, child = _write_flows(tmp_path, "gone")
    found = [(d.path.rsplit("/", 1)[-1], d.code, d.message) for d in lint_files(parent, child) if d.code == "FL103"]
    assert found == [("parent.json", "FL103", "Typebot link targets group 'gone', which does not exist in the linked flow 'child'")]

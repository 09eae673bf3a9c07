"""Odd but possible inputs and situations: no traceback, no hang, no false alarm, no leak."""
import json
import os

import pytest

from conftest import CORPUS, needs_shared, codes_at, lint_files, write


def text(block_id):
    return {"id": block_id, "type": "text", "content": {"richText": [{"type": "p", "children": [{"text": "hi"}]}]}}


def flow(groups, edges=(), version="6.1"):
    return {"version": version, "id": "f", "name": "f",
            "events": [{"id": "s", "type": "start", "graphCoordinates": {"x": 0, "y": 0}, "outgoingEdgeId": "e0"}],
            "groups": groups, "edges": [{"id": "e0", "from": {"eventId": "s"}, "to": {"groupId": groups[0]["id"]}}, *edges],
            "variables": [{"id": "v", "name": "v"}]}


def group(group_id, blocks, title=None):
    return {"id": group_id, "title": title or group_id, "graphCoordinates": {"x": 0, "y": 0}, "blocks": blocks}


def run(cli, *args):
    code, out, err = cli("check", *map(str, args))
    assert "Traceback" not in out + err and "internal error" not in err, err
    return code, out, err


@pytest.mark.parametrize("name, content", [
    (".env", b"A=1\rB=2\r"),  # old Mac line ends
    ("x.yml", b"a: 1\rb: [\r"),
    ("flow.json", json.dumps(flow([group("g", [{"id": "b", "type": "Set variable", "options": {"variableId": "v", "type": {}}}])])).encode()),
    ("flow.json", json.dumps(flow([group("g", [{"id": "b", "type": "Typebot link", "options": {"typebotId": {}}}])])).encode()),
    ("flow.json", json.dumps(flow([group("g", [{"id": "b", "type": "Code", "options": json.loads('{"a":' * 500 + '1' + '}' * 500)}])])).encode()),
])
def test_no_traceback(cli, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    assert run(cli, "--evolution-version", "1.8.2", path)[0] in (0, 1)


@needs_shared
def test_graph_of_a_minimal_v4_flow_with_an_edge_back_into_the_start_group(cli, tmp_path, in_repo):
    data = json.loads((in_repo / "fixtures/flows/v4-start-block.json").read_text())
    data["edges"].append({"id": "back", "from": {"groupId": "g-bye", "blockId": "b-bye"}, "to": {"groupId": "g-start"}})
    data["groups"][-1]["blocks"][-1]["outgoingEdgeId"] = "back"
    code, out, _ = cli("graph", write(tmp_path, "v4.json", data))
    assert code == 0 and out.startswith("flowchart TD") and "n2 --> n0" in out  # Bye back to Start


@needs_shared
def test_graph_of_a_v4_flow_with_an_edge_back_into_the_start_group(cli, tmp_path):
    data = json.loads((CORPUS / "typebot/baptisteArno_lead-gen.json").read_text())
    start_group = data["groups"][0]["id"]
    data["edges"].append({"id": "back", "from": {"groupId": data["groups"][-1]["id"], "blockId": data["groups"][-1]["blocks"][-1]["id"]},
                          "to": {"groupId": start_group}})
    data["groups"][-1]["blocks"][-1]["outgoingEdgeId"] = "back"
    path = write(tmp_path, "v4.json", data)
    code, out, _ = cli("graph", path)
    assert code == 0 and out.startswith("flowchart TD")


def test_unwritable_outputs_are_one_line_errors(cli, in_repo):
    code, _, err = cli("graph", "-o", "/nonexistent/dir/x.mmd", "fixtures/restart-loop/flow.json")
    assert code == 2 and err.count("\n") == 1
    code, _, err = cli("check", "--format", "github", "fixtures/restart-loop", env={"GITHUB_STEP_SUMMARY": "/nonexistent/x.md"})
    assert code == 1 and "cannot write GITHUB_STEP_SUMMARY" in err


def test_a_fifo_is_not_read(cli, tmp_path):
    os.mkfifo(tmp_path / ".env")
    code, out, _ = run(cli, tmp_path)  # a walk skips it
    assert code == 0
    code, out, _ = run(cli, "--format", "json", tmp_path / ".env")  # named, it is reported
    assert json.loads(out)["diagnostics"][0]["message"].startswith("not a regular file")


def test_fan_outs_stay_linear(tmp_path, in_repo):
    """Returns and Jumps to a variable group: one hub node each, not an edge per pair."""
    from flowlint.graph import FlowGraph
    from flowlint.model.flow import build_flow

    groups = []
    for i in range(400):
        groups.append(group(f"g{i}", [{"id": f"j{i}", "type": "Jump", "options": {"groupId": f"g{(i + 1) % 400}"}},
                                      {"id": f"q{i}", "type": "text input"},
                                      {"id": f"r{i}", "type": "Return"},
                                      {"id": f"t{i}", "type": "Jump", "options": {"groupId": "{{next}}"}}]))
    graph = FlowGraph(build_flow(flow(groups)))
    assert graph.g.number_of_edges() < 10 * 400


def test_return_after_a_jump_goes_back_and_is_no_end(tmp_path, in_repo):
    path = write(tmp_path, "return.json", flow([
        group("main", [{"id": "j", "type": "Jump", "options": {"groupId": "sub"}},
                       {"id": "ask", "type": "text input", "options": {"variableId": "v"}}], "Main"),
        group("sub", [text("hey"), {"id": "ret", "type": "Return"}], "Sub")]))
    env = write(tmp_path, ".env", "AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7a0b2e4f6\n")
    ends = [d.message for d in lint_files(path, env, evolution_version="1.7.4") if d.code == "FL400"]
    assert ends == ["the flow ends in group 'Main' and EvolutionAPI 1.7.4 deletes the session when the flow ends "
                    "(TYPEBOT_KEEP_OPEN is not set): the user's next message restarts the flow"]


def test_cards_whose_paths_all_lead_on_do_not_end(tmp_path, in_repo):
    cards = {"id": "c", "type": "cards", "items": [
        {"id": "card1", "paths": [{"id": "p1", "outgoingEdgeId": "e1"}]},
        {"id": "card2", "paths": [{"id": "p2", "outgoingEdgeId": "e1"}]}]}
    path = write(tmp_path, "cards.json", flow(
        [group("main", [cards], "Main"), group("next", [{"id": "ask", "type": "text input"}], "Next")],
        [{"id": "e1", "from": {"blockId": "c", "itemId": "card1", "pathId": "p1"}, "to": {"groupId": "next"}}]))
    env = write(tmp_path, ".env", "AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7a0b2e4f6\n")
    assert [d.message.split(" and ")[0] for d in lint_files(path, env, evolution_version="1.7.4") if d.code == "FL400"] \
        == ["the flow ends in group 'Next'"]


def test_keep_open_of_this_flows_bot_decides(tmp_path, in_repo):
    data = flow([group("main", [text("bye")], "Main")])
    data["publicId"] = "my-bot"
    write(tmp_path, "flow.json", data)
    write(tmp_path, "bots.json", [
        {"enabled": True, "url": "https://typebot.example.com", "typebot": "my-bot", "triggerType": "keyword",
         "triggerOperator": "equals", "triggerValue": "hi", "keepOpen": False},
        {"enabled": True, "url": "https://typebot.example.com", "typebot": "other-bot", "triggerType": "keyword",
         "triggerOperator": "equals", "triggerValue": "yo", "keepOpen": True}])
    write(tmp_path, ".env", "AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7a0b2e4f6\nTYPEBOT_ENABLED=true\n")
    assert codes_at(lint_files(tmp_path, evolution_version="2.3.6"), "FL400") == [(19, 16)]


def test_env_yml_with_one_root_key_is_still_evolution_yaml(tmp_path, in_repo):
    path = write(tmp_path, "env.yml", "TYPEBOT:\n  KEEP_OPEN: false\n")
    assert [d.code for d in lint_files(path, evolution_version="1.7.4", select=("FL200", "FL002"))] == ["FL200"]


def test_walks_skip_jsonc_config_files(cli, tmp_path):
    write(tmp_path, "tsconfig.json", '{\n  // comments are fine in tsconfig\n  "compilerOptions": {}\n}\n')
    write(tmp_path, ".vscode/settings.json", "{ // editor settings\n}")
    assert run(cli, tmp_path)[0] == 0


def test_compose_list_duplicates_and_host_values(tmp_path, in_repo):
    path = write(tmp_path, "docker-compose.yml", "services:\n  api:\n    image: atendai/evolution-api:v1.8.2\n"
                 "    environment:\n      - TYPEBOT_KEEP_OPEN=true\n      - TYPEBOT_KEEP_OPEN=false\n      - AUTHENTICATION_API_KEY\n")
    found = lint_files(path)
    assert codes_at(found, "FL006") == [(6, 9)]
    assert not [d for d in found if d.code == "FL204"]  # `- NAME` takes the host's value at deploy time


@pytest.mark.parametrize("args, message", [
    (["--select", ""], "--select: no rule code or name given"),
    (["--select", ","], "--select: no rule code or name given"),
])
def test_empty_selection_is_a_usage_error(cli, in_repo, args, message):
    code, out, err = cli("check", *args, "fixtures/restart-loop")
    assert (code, out) == (2, "") and message in err


@pytest.mark.parametrize("value", ['"abc"', "true", "5.0", '"latest"'])
def test_bad_evolution_version_in_config(cli, tmp_path, value, monkeypatch):
    write(tmp_path, ".flowlint.toml", f"evolution-version = {value}\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("check", tmp_path)
    assert code == 2 and "is not a version" in err


def test_env_parse_error_and_misspelt_secret_names_never_leak(cli, tmp_path):
    secret = "Zx8vQ2mNp4Lk7Tr9Ws3YcBn6"
    write(tmp_path, ".env", f'AUTHENTICATION_API_KY={secret}\nAUTHENTICATION_API_KEY="{secret}\n')
    write(tmp_path, "other.env", f"AUTHENTICATION_API_KEY {secret}\n")
    for fmt in ("text", "json", "sarif", "github"):
        _, out, err = run(cli, "--format", fmt, "--evolution-version", "1.8.2", tmp_path)
        assert secret not in out + err


def test_fix_keeps_quotes_and_follows_symlinks(cli, tmp_path):
    real = write(tmp_path, "real/.env", 'AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7a0b2e4f6\nTYPEBOT_KEEP_OPEN="false"\n')
    (tmp_path / "bot").mkdir()
    os.symlink(real, tmp_path / "bot" / ".env")
    run(cli, "--fix", "--select", "FL200", "--evolution-version", "1.8.2", tmp_path / "bot")
    assert os.path.islink(tmp_path / "bot" / ".env")
    assert real.read_text().endswith('TYPEBOT_KEEP_OPEN="true"\n')


def test_fix_renames_instead_of_adding_a_twin(cli, tmp_path):
    env = write(tmp_path, ".env", "AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7a0b2e4f6\nTYPEBOT_KEEP_OPNE=true\n")
    run(cli, "--fix", "--evolution-version", "1.7.4", tmp_path)
    assert env.read_text() == "AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7a0b2e4f6\nTYPEBOT_KEEP_OPEN=true\n"


def test_multi_line_values_keep_messages_on_one_line(cli, tmp_path):
    write(tmp_path, ".env", 'AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7a0b2e4f6\nLOG_LEVEL="ERROR\nWARN"\n')
    _, out, _ = run(cli, "-q", "--evolution-version", "1.8.2", tmp_path)
    assert all(line.startswith(str(tmp_path)) or line.startswith("Found") for line in out.splitlines())


def test_a_url_with_an_unclosed_ipv6_host_is_judged_not_crashed_on(tmp_path):
    from flowlint.config import Settings
    from flowlint.lint import lint

    call = {"id": "b", "type": "Webhook", "options": {"isCustomBody": True, "webhook": {
        "url": "http://[::1/typebot/changeStatus/inst?remoteJid=5541", "method": "POST",
        "body": '{"remoteJid": "5541999999999", "status": "paused"}'}}}
    path = write(tmp_path, "flow.json", flow([group("g", [call])]))
    env = write(tmp_path, ".env", "SERVER_URL=http://[::1\n")
    result = lint([str(path), str(env)], Settings())
    assert not result.project.internal_errors
    found = {(d.code, d.message.split("'")[1]) for d in result.diagnostics if d.code in ("FL301", "FL201")}
    assert ("FL301", "5541") in found and ("FL301", "5541999999999") in found  # the route was still read
    assert any(d.code == "FL201" and "not a valid URL" in d.message for d in result.diagnostics)

"""`flowlint pull` against a local HTTP server that answers as EvolutionAPI does.

The answers below are shaped after EvolutionAPI's code (the records its Prisma schema or DTOs
define, as its controllers return them):
- 2.x (2.3.6): `GET /` src/api/routes/index.router.ts:191; `GET /instance/fetchInstances`
  Instance records (src/api/services/monitor.service.ts:90); `GET /typebot/find/{instance}` a list
  of Typebot records (base-chatbot.controller.ts:247, prisma/postgresql-schema.prisma:351);
  `GET /typebot/fetchSettings/{instance}` the TypebotSetting record plus `fallbackId`/`Fallback`
  (base-chatbot.controller.ts:375, postgresql-schema.prisma:378).
- 1.x (1.8.2): `GET /` src/api/routes/index.router.ts:43; fetchInstances `{"instance": {...}}`
  items (src/api/services/monitor.service.ts:136); `GET /typebot/find/{instance}` one TypebotDto
  with its sessions (src/api/integrations/typebot/dto/typebot.dto.ts).
- errors: `{"status", "error", "response": {"message": [...]}}` (src/exceptions), 404 for an
  unknown instance (src/api/guards/instance.guard.ts:36), 400 "Typebot is disabled", 401 from
  the API-key guard (src/api/guards/auth.guard.ts).
"""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, lint_files
from flowlint.cli import main

pytest.importorskip("pytest_httpserver")

KEY = "s3cr3t-global-key"
BOT_2X = {
    "id": "clx1bot", "enabled": True, "description": "sales", "url": "https://typebot.example.com",
    "typebot": "sales-bot", "expire": 20, "keywordFinish": "#sair", "delayMessage": 1000,
    "unknownMessage": "?", "listeningFromMe": False, "stopBotFromMe": False, "keepOpen": False,
    "debounceTime": 10, "createdAt": "2025-01-02T10:00:00.000Z", "updatedAt": "2025-01-02T10:00:00.000Z",
    "ignoreJids": [], "triggerType": "all", "triggerOperator": None, "triggerValue": None,
    "instanceId": "clx1inst", "splitMessages": False, "timePerChar": 50,
}
SETTINGS_2X = {
    "id": "clx1set", "expire": 20, "keywordFinish": "#sair", "delayMessage": 1000, "unknownMessage": "?",
    "listeningFromMe": False, "stopBotFromMe": False, "keepOpen": False, "debounceTime": 10,
    "typebotIdFallback": None, "ignoreJids": [], "splitMessages": False, "timePerChar": 50,
    "createdAt": "2025-01-02T10:00:00.000Z", "updatedAt": "2025-01-02T10:00:00.000Z",
    "instanceId": "clx1inst", "Fallback": None, "fallbackId": None,
}
BOT_1X = {
    "enabled": True, "url": "https://typebot.example.com", "typebot": "sales-bot", "expire": 20,
    "keyword_finish": "#sair", "delay_message": 1000, "unknown_message": "?", "listening_from_me": False,
    "sessions": [{"remoteJid": "5511999999999@s.whatsapp.net", "sessionId": "abc", "status": "opened",
                  "createdAt": 1700000000000, "updateAt": 1700000000000, "prefilledVariables": {}}],
}


@pytest.fixture
def httpserver():
    """A server of this test's own, stopped after it: the plugin's session-wide one would keep a
    thread running for the rest of the suite, and flowlint never forks a helper process while
    threads run (tests of the split would then test nothing)."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1")
    server.start()
    yield server
    server.clear()
    server.stop()


def _error(status: int, error: str, message: str) -> tuple:
    return json.dumps({"status": status, "error": error, "response": {"message": [message]}}), status


def serve_2x(httpserver, bot=None, settings=None, instances=("sales",)):
    httpserver.expect_request("/", method="GET").respond_with_json(
        {"status": 200, "message": "Welcome to the Evolution API, it is working!", "version": "2.3.6",
         "clientName": "evolution_exchange", "manager": "http://localhost/manager"})
    httpserver.expect_request("/instance/fetchInstances", headers={"apikey": KEY}).respond_with_json(
        [{"id": f"id-{n}", "name": n, "connectionStatus": "open", "token": "instance-token"} for n in instances])
    for name in instances:
        httpserver.expect_request(f"/typebot/find/{name}", headers={"apikey": KEY}).respond_with_json(
            [bot or BOT_2X])
        httpserver.expect_request(f"/typebot/fetchSettings/{name}", headers={"apikey": KEY}).respond_with_json(
            settings or SETTINGS_2X)


def serve_1x(httpserver, bot=None):
    httpserver.expect_request("/", method="GET").respond_with_json(
        {"status": 200, "message": "Welcome to the Evolution API, it is working!", "version": "1.8.2"})
    httpserver.expect_request("/instance/fetchInstances", headers={"apikey": KEY}).respond_with_json(
        [{"instance": {"instanceName": "sales", "instanceId": "x", "owner": "5511@s.whatsapp.net", "status": "open"}}])
    httpserver.expect_request("/typebot/find/sales", headers={"apikey": KEY}).respond_with_json(bot or BOT_1X)


def run_pull(tmp_path, httpserver, *args, key=KEY):
    env = {"EVOLUTION_API_KEY": key} if key is not None else {}
    runner = CliRunner()
    result = runner.invoke(main, ["pull", "--server", httpserver.url_for("/").rstrip("/"),
                                  "-o", str(tmp_path / "typebot-settings.json"), *args],
                           env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A user's repo holding the bundled looping flow (no .env: the bot settings are the question)."""
    shutil.copy(FIXTURES / "restart-loop" / "flow.json", tmp_path / "flow.json")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_pull_2x_writes_bots_and_settings(repo, httpserver):
    serve_2x(httpserver)
    code, out, err = run_pull(repo, httpserver)
    assert (code, err) == (0, ""), err
    assert "2 bodies from 1 instance (EvolutionAPI 2.3.6)" in out
    written = json.loads((repo / "typebot-settings.json").read_text())
    header, bot, settings = written
    assert header["flowlint"]["evolution-version"] == "2.3.6" and header["flowlint"]["instances"] == ["sales"]
    assert bot["keepOpen"] is False and bot["triggerType"] == "all"
    for stored_only in ("id", "instanceId", "createdAt", "updatedAt", "triggerOperator"):  # ids, dates, nulls
        assert stored_only not in bot
    assert "Fallback" not in settings and "id" not in settings and settings["keepOpen"] is False
    assert KEY not in (repo / "typebot-settings.json").read_text()


def test_a_second_pull_writes_the_same_bytes(repo, httpserver):
    serve_2x(httpserver)
    run_pull(repo, httpserver)
    first = (repo / "typebot-settings.json").read_bytes()
    run_pull(repo, httpserver)
    assert (repo / "typebot-settings.json").read_bytes() == first


def test_check_after_a_2x_pull_follows_the_pulled_keep_open(repo, httpserver):
    serve_2x(httpserver)
    run_pull(repo, httpserver)
    found = lint_files("flow.json", "typebot-settings.json")
    loops = [d for d in found if d.code == "FL400"]
    assert loops and all("2.3.6" in d.message for d in loops), [d.message for d in found]

    httpserver.clear()
    serve_2x(httpserver, bot={**BOT_2X, "keepOpen": True}, settings={**SETTINGS_2X, "keepOpen": True})
    run_pull(repo, httpserver)
    assert [d for d in lint_files("flow.json", "typebot-settings.json") if d.code == "FL400"] == []


def test_the_pulled_version_pins_the_config(repo, httpserver):
    serve_2x(httpserver)
    run_pull(repo, httpserver)
    assert [d for d in lint_files("flow.json", "typebot-settings.json") if d.code == "FL401"] == []


def test_pull_1x_keeps_the_bot_without_its_sessions(repo, httpserver):
    serve_1x(httpserver)
    code, out, err = run_pull(repo, httpserver)
    assert code == 0, err
    header, bot = json.loads((repo / "typebot-settings.json").read_text())
    assert header["flowlint"]["evolution-version"] == "1.8.2"
    assert bot == {k: v for k, v in BOT_1X.items() if k != "sessions"}
    assert "5511999999999" not in (repo / "typebot-settings.json").read_text()
    # 1.8.2 without TYPEBOT_KEEP_OPEN (no .env says it) is judged by the pulled version
    assert all("1.8.2" in d.message for d in lint_files("flow.json", "typebot-settings.json") if d.code == "FL400")


def test_only_the_named_instances_are_pulled(repo, httpserver):
    serve_2x(httpserver, instances=("sales", "support"))
    code, _, err = run_pull(repo, httpserver, "--instance", "support")
    assert code == 0, err
    assert json.loads((repo / "typebot-settings.json").read_text())[0]["flowlint"]["instances"] == ["support"]


@pytest.mark.parametrize("status, body, expected", [
    (401, _error(401, "Unauthorized", "Unauthorized"), "refused the API key (HTTP 401)"),
    (403, _error(403, "Forbidden", "Missing global api key"), "refused the API key (HTTP 403)"),
    (404, _error(404, "Not Found", 'The "sales" instance does not exist'), "no instance 'sales' on the server"),
    (400, _error(400, "Bad Request", "Typebot is disabled"), "Typebot integration is disabled"),
    (500, _error(500, "Internal Server Error", "Error finding typebot"), "answered HTTP 500"),
], ids=["401", "403", "404", "disabled", "500"])
def test_server_errors_are_one_line_exit_2_and_write_nothing(repo, httpserver, status, body, expected):
    httpserver.expect_request("/").respond_with_json({"version": "2.3.6"})
    httpserver.expect_request("/instance/fetchInstances").respond_with_json([{"name": "sales"}])
    httpserver.expect_request("/typebot/find/sales").respond_with_data(body[0], status=status,
                                                                       content_type="application/json")
    code, out, err = run_pull(repo, httpserver)
    assert code == 2 and expected in err and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and KEY not in err
    assert not (repo / "typebot-settings.json").exists()


def test_a_failed_pull_leaves_the_old_file_as_it_was(repo, httpserver):
    (repo / "typebot-settings.json").write_text("old\n")
    httpserver.expect_request("/").respond_with_json({"version": "2.3.6"})
    httpserver.expect_request("/instance/fetchInstances").respond_with_json([{"name": "sales"}])
    httpserver.expect_request("/typebot/find/sales").respond_with_json([BOT_2X])
    httpserver.expect_request("/typebot/fetchSettings/sales").respond_with_data("<html>proxy error</html>", status=200)
    code, _, err = run_pull(repo, httpserver)
    assert code == 2 and "did not answer with JSON" in err
    assert (repo / "typebot-settings.json").read_text() == "old\n"


@pytest.mark.parametrize("answer, expected", [
    ({"status": 200}, "welcome answer (no version)"),
    ([1, 2], "welcome answer (no version)"),
], ids=["no-version", "a-list"])
def test_a_welcome_of_the_wrong_shape(repo, httpserver, answer, expected):
    httpserver.expect_request("/").respond_with_json(answer)
    code, _, err = run_pull(repo, httpserver)
    assert code == 2 and expected in err


def test_bots_of_the_wrong_shape(repo, httpserver):
    httpserver.expect_request("/").respond_with_json({"version": "2.3.6"})
    httpserver.expect_request("/instance/fetchInstances").respond_with_json([{"name": "sales"}])
    httpserver.expect_request("/typebot/find/sales").respond_with_json({"bots": []})
    code, _, err = run_pull(repo, httpserver)
    assert code == 2 and "list of Typebot bots" in err


def test_a_server_that_is_not_there(repo, tmp_path):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = CliRunner().invoke(main, ["pull", "--server", f"http://127.0.0.1:{port}", "-o", str(repo / "x.json")],
                                env={"EVOLUTION_API_KEY": KEY})
    assert result.exit_code == 2 and "cannot reach http://127.0.0.1" in result.stderr
    assert not (repo / "x.json").exists()


def test_tls_to_a_plain_http_server_fails_cleanly(repo, httpserver):
    url = httpserver.url_for("/").replace("http://", "https://").rstrip("/")
    result = CliRunner().invoke(main, ["pull", "--server", url, "-o", str(repo / "x.json")],
                                env={"EVOLUTION_API_KEY": KEY})
    assert result.exit_code == 2 and "TLS failure" in result.stderr, result.stderr


def test_a_server_that_does_not_answer_times_out(repo):
    import socket

    with socket.socket() as sock:  # accepts the connection (backlog) and never answers
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        result = CliRunner().invoke(main, ["pull", "--server", f"http://127.0.0.1:{port}", "--timeout", "0.3",
                                           "-o", str(repo / "x.json")], env={"EVOLUTION_API_KEY": KEY})
    assert result.exit_code == 2 and "did not answer within 0.3 s" in result.stderr, result.stderr


def test_without_a_key_and_no_terminal_it_says_how(repo, httpserver):
    code, _, err = run_pull(repo, httpserver, key=None)
    assert code == 2 and "EVOLUTION_API_KEY" in err


def test_the_key_is_no_option(repo, httpserver):
    result = CliRunner().invoke(main, ["pull", "--server", "http://127.0.0.1:1", "--api-key", KEY])
    assert result.exit_code == 2 and "No such option" in result.stderr


def test_a_server_url_that_is_no_url(repo):
    result = CliRunner().invoke(main, ["pull", "--server", "evo.example.com"], env={"EVOLUTION_API_KEY": KEY})
    assert result.exit_code == 2 and "must be an http:// or https:// URL" in result.stderr


def test_credentials_in_the_server_url_are_not_shown(repo):
    result = CliRunner().invoke(main, ["pull", "--server", "http://user:hunter2@127.0.0.1:1", "-o", str(repo / "x.json")],
                                env={"EVOLUTION_API_KEY": KEY})
    assert result.exit_code == 2 and "hunter2" not in result.stderr


def test_an_instance_without_a_bot_still_makes_a_bot_settings_file(repo, httpserver):
    serve_1x(httpserver, bot={"enabled": False, "url": "", "typebot": "", "expire": 0, "sessions": []})
    code, out, err = run_pull(repo, httpserver)
    assert code == 0 and "0 bodies" in out, err
    codes = {d.code for d in lint_files("typebot-settings.json")}
    assert "FL002" not in codes and "FL001" not in codes, codes


def test_progress_is_told_per_instance(httpserver):
    from flowlint.pull import Server, pull

    serve_2x(httpserver, instances=("sales", "support"))
    lines = []
    pull(Server(httpserver.url_for("/"), KEY), progress=lines.append)
    assert lines == ["sales: 1 bot", "support: 1 bot"]

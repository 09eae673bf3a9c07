"""`flowlint server` driven end to end by a real LSP client over stdio (pytest-lsp)."""
from __future__ import annotations

import sys

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

LOOPING_ENV = "# the deployment\nAUTHENTICATION_API_KEY=not-the-example-key-1234\nTYPEBOT_KEEP_OPEN=false\n"


@pytest.fixture
def workspace(tmp_path):
    """A deployment on EvolutionAPI 1.8.2 (pinned in .flowlint.toml) whose .env on disk is sound."""
    (tmp_path / ".flowlint.toml").write_text('evolution-version = "1.8.2"\n')
    (tmp_path / ".env").write_text(LOOPING_ENV.replace("=false", "=true"))
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "flowlint", "server"]))
async def client(lsp_client: LanguageClient, workspace):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=workspace.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def _diagnostics(client: LanguageClient, uri: str) -> list:
    import asyncio

    # bounded: a server that fails to publish fails the test instead of hanging it
    await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout=60)
    return client.diagnostics[uri]


def _apply(text: str, edits) -> str:
    lines = text.splitlines(keepends=True)

    def offset(position):  # the test's texts are ASCII: UTF-16 units are characters
        return sum(len(line) for line in lines[:position.line]) + position.character

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


@pytest.mark.asyncio
async def test_open_change_diagnostics_and_a_code_action(client: LanguageClient, workspace):
    uri = (workspace / ".env").as_uri()
    # the unsaved buffer is linted, not the sound file on disk
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="dotenv", version=1, text=LOOPING_ENV)))
    found = await _diagnostics(client, uri)
    (keep_open,) = [d for d in found if d.code == "FL200"]
    assert keep_open.source == "flowlint" and keep_open.severity == types.DiagnosticSeverity.Warning
    assert (keep_open.range.start.line, keep_open.range.start.character) == (2, 18)  # the value `false`
    assert "not-the-example-key" not in keep_open.message

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=keep_open.range,
        context=types.CodeActionContext(diagnostics=[keep_open])))
    (action,) = [a for a in actions if a.title.startswith("Fix FL200")]
    fixed = _apply(LOOPING_ENV, action.edit.changes[uri])
    assert "TYPEBOT_KEEP_OPEN=true\n" in fixed and "# the deployment\n" in fixed

    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    assert [d for d in await _diagnostics(client, uri) if d.code == "FL200"] == []


@pytest.mark.asyncio
async def test_columns_are_sent_in_utf16_units(client: LanguageClient, workspace):
    uri = (workspace / "flows" / "flow.json").as_uri()
    (workspace / "flows").mkdir()
    text = '{"version": "6", "groups": [{"id": "g1", "title": "😀 hi", "blocks": []}], "edges": [], "events": []}'
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="json", version=1, text=text)))
    found = await _diagnostics(client, uri)
    (empty,) = [d for d in found if d.code == "FL110"]  # the empty group, found at its title
    title = text.index('"😀 hi"')
    assert empty.range.start.character == title  # everything before it is ASCII
    assert empty.range.end.character == title + len('"😀 hi"') + 1  # the emoji is two UTF-16 units


@pytest.mark.asyncio
async def test_closing_clears_the_diagnostics(client: LanguageClient, workspace):
    uri = (workspace / ".env").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="dotenv", version=1, text=LOOPING_ENV)))
    assert await _diagnostics(client, uri)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert list(await _diagnostics(client, uri)) == []


def test_without_the_server_extra_it_says_what_to_install(monkeypatch):
    from click.testing import CliRunner

    from flowlint.cli import main

    monkeypatch.setitem(sys.modules, "pygls", None)  # as if pygls were not installed
    monkeypatch.delitem(sys.modules, "flowlint.server", raising=False)
    result = CliRunner().invoke(main, ["server"])
    assert result.exit_code == 2 and "pip install 'flowlint[server]'" in result.stderr

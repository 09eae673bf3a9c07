"""`flowlint server`: a Language Server that lints flows and EvolutionAPI configs as they are
edited, and offers the safe fixes as code actions.

Each open, change or save lints the buffer's unsaved text as the file it names (as `check -
--stdin-filename PATH` does: the disk copy is not read, the rest of the deployment is), and
publishes that file's diagnostics. flowlint counts columns in code points; the client is sent
the units it negotiated (UTF-16 by default).

Needs the `server` extra (pygls), imported only by this command.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from flowlint import __version__
from flowlint.diagnostics import Severity

SOURCE = "flowlint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def lint_buffer(path: str, text: str) -> list:
    """flowlint's diagnostics of `path` with `text` standing for its contents (raises
    ConfigError or PathError for a project config that cannot be used)."""
    from flowlint.config import load_settings
    from flowlint.lint import lint

    settings = load_settings(start=Path(path).parent)
    result = lint(["-"], settings, stdin_filename=path, stdin=text.encode("utf-8"))
    return [d for d in result.diagnostics if d.path == path]


def _lint_or_tell(ls: LanguageServer, document) -> list:
    """The open document's diagnostics; a broken project config is shown to the user instead."""
    from flowlint.config import ConfigError
    from flowlint.discover import PathError

    try:
        return lint_buffer(document.path, document.source)
    except (ConfigError, PathError) as exc:
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"flowlint: {exc}"))
        return []


def _range(document, line: int, column: int, end_line: int, end_column: int) -> types.Range:
    at = types.Range(start=types.Position(line=line - 1, character=column - 1),
                     end=types.Position(line=end_line - 1, character=end_column - 1))
    return document.range_to_client_units(at)


def to_lsp(document, diagnostic) -> types.Diagnostic:
    return types.Diagnostic(
        range=_range(document, diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column),
        message=diagnostic.message,
        severity=_SEVERITY[diagnostic.severity],
        code=diagnostic.code,
        source=SOURCE,
    )


def _workspace_edit(document, diagnostic) -> Optional[types.WorkspaceEdit]:
    """The diagnostic's edits, when they all change the open buffer (a fix in another file is
    left to `check --fix`, which checks that file on disk first)."""
    edits = []
    for edit in diagnostic.edits:
        source = edit.source or diagnostic.source
        if source is None or source is not diagnostic.source:
            return None
        start, end = source.position(edit.start), source.position(edit.end)
        edits.append(types.TextEdit(range=_range(document, *start, *end), new_text=edit.text))
    return types.WorkspaceEdit(changes={document.uri: edits}) if edits else None


def _overlaps(found: types.Range, wanted: types.Range) -> bool:
    def key(position):
        return position.line, position.character

    return key(found.start) <= key(wanted.end) and key(wanted.start) <= key(found.end)


def create_server() -> LanguageServer:
    server = LanguageServer(SOURCE, __version__)

    def publish(ls: LanguageServer, uri: str) -> None:
        document = ls.workspace.get_text_document(uri)
        if not document.path:
            return
        found = [to_lsp(document, d) for d in _lint_or_tell(ls, document)]
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=document.version))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: LanguageServer, params: types.CodeActionParams) -> list:
        document = ls.workspace.get_text_document(params.text_document.uri)
        if not document.path:
            return []
        actions = []
        for diagnostic in _lint_or_tell(ls, document):
            if not diagnostic.fixable:
                continue
            shown = to_lsp(document, diagnostic)
            if not _overlaps(shown.range, params.range):
                continue
            edit = _workspace_edit(document, diagnostic)
            if edit is not None:
                actions.append(types.CodeAction(
                    title=f"Fix {diagnostic.code}: {diagnostic.name}", kind=types.CodeActionKind.QuickFix,
                    diagnostics=[shown], edit=edit, is_preferred=True))
        return actions

    return server


def serve() -> None:
    create_server().start_io()

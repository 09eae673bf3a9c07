"""What a file holds never acts on the terminal or the CI log (issue 17, repros 09 and 10).

Group titles, values and file names reach every output; control characters in them (ESC
sequences of every kind, BEL, C1, DEL, bidi overrides) come out as visible escapes in text, as
JSON escapes in JSON, and no line of ours begins with a workflow command's `::`.
"""
import json
import shutil

import pytest

from flowlint.sanitize import json_text, visible, visible_line, visible_path
from conftest import REPO

# ../shared/repro/09: clear screen (CSI), set the window title (OSC 0), write the clipboard (OSC 52)
HOSTILE = "Sales\x1b[2J\x1b]0;pwned-title\x07\x1b]52;c;cm0gLXJmIH4K\x07\x9b31m\u202eevil\x7f"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\x7f")


@pytest.fixture
def hostile_bot(tmp_path):
    flow = json.loads((REPO / "fixtures/restart-loop/flow.json").read_text())
    for group in flow["groups"]:
        if group["title"] == "Sales":
            group["title"] = HOSTILE
    (tmp_path / "flow.json").write_text(json.dumps(flow))
    shutil.copy(REPO / "fixtures/restart-loop/docker-compose.yml", tmp_path)
    return tmp_path


def test_visible_escapes_every_control_character():
    assert visible("a\x1b]0;t\x07\tb\n\x85\u2066") == "a\\x1b]0;t\\x07\\x09b\\x0a\\x85\\u2066"
    assert visible("a\tb", keep_tabs=True) == "a\tb"
    assert visible_line("K=\x1b\tv\r\n") == "K=\\x1b\tv\r\n"
    assert visible_path("::error x.json") == "./::error x.json"
    assert json.loads(json_text(json.dumps("\x9b\u202e", ensure_ascii=False))) == "\x9b\u202e"
    assert not set(json_text(json.dumps("\x9b\u202e\x7f", ensure_ascii=False))) & set(RAW)


@pytest.mark.parametrize("format_name", ["text", "github", "json", "sarif"])
def test_group_title_escapes_reach_no_output(cli, hostile_bot, format_name):
    code, out, err = cli("check", "--format", format_name, hostile_bot)
    assert code == 1 and "FL400" in out
    assert not [c for c in RAW if c in out + err]
    if format_name in ("json", "sarif"):  # the data is the title as written, escaped the JSON way
        data = json.loads(out)
        messages = ([d["message"] for d in data["diagnostics"]] if format_name == "json"
                    else [r["message"]["text"] for r in data["runs"][0]["results"]])
        assert any(HOSTILE in m for m in messages)
        assert "\\u009b" in out
    else:
        assert "Sales\\x1b[2J\\x1b]0;pwned-title\\x07\\x1b]52;" in out


@pytest.mark.parametrize("format_name", ["mermaid", "dot", "json"])
def test_graph_output_has_no_raw_control_character(cli, hostile_bot, format_name):
    code, out, _ = cli("graph", "--format", format_name, hostile_bot / "flow.json", hostile_bot / "docker-compose.yml")
    assert code == 0 and "Sales" in out
    assert not [c for c in RAW if c in out]
    if format_name == "json":
        assert HOSTILE in [n.get("label") for n in json.loads(out)["nodes"]]


def test_dot_labels_escape_the_dot_way(tmp_path):
    from flowlint.picture import _dot_text, _mermaid_text

    assert _dot_text('a\\b "q"\nnext é\x1b') == '"a\\\\b \\"q\\"\\nnext é\\\\x1b"'  # é stays (dot reads UTF-8)
    assert _mermaid_text('<b>"x"</b>\n\x07') == "#lt;b#gt;#quot;x#quot;#lt;/b#gt; \\x07"


def test_excerpt_caret_stays_under_the_value_after_escapes(tmp_path):
    from flowlint.reporters.text_report import excerpt
    from flowlint.diagnostics import Diagnostic, Severity
    from flowlint.source import SourceFile

    source = SourceFile("f.env", "A=\x1b[31mx TYPEBOT_KEEP_OPEN=no\n")
    start = source.text.index("no") + 1
    d = Diagnostic("FL200", "n", Severity.WARNING, "m", "f.env", 1, start, 1, start + 2, source=source)
    shown, caret = excerpt(d)
    assert "\x1b" not in shown
    assert shown.index("no") == caret.index("^^")


def test_step_summary_escapes_paths_and_messages(cli, hostile_bot, tmp_path):
    summary = tmp_path / "summary.md"
    cli("check", "--format", "github", hostile_bot, env={"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text()
    assert "FL400" in text and not [c for c in RAW if c in text]


def test_diff_lines_show_control_characters_visibly(cli, tmp_path):
    shutil.copytree(REPO / "fixtures/restart-loop", tmp_path / "bot")
    env = tmp_path / "bot" / ".env"
    env.write_text(env.read_text() + "# \x1b]52;c;cm0K\x07 note\n")
    code, out, _ = cli("check", "--diff", tmp_path / "bot")
    assert code == 1 and "+TYPEBOT_KEEP_OPEN=true" in out  # (and it applies: the cli fixture checks)
    assert "]52;" not in out and not [c for c in RAW if c in out]  # the line is kept out of the context


def test_step_summary_code_spans_hold_any_backticks():
    from flowlint.reporters.github_report import _code_span

    assert _code_span("a.json:1:1") == "`a.json:1:1`"
    assert _code_span("a`b|c.json") == "``a`b\\|c.json``"
    assert _code_span("`x") == "`` `x ``"

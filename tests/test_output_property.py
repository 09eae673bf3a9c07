"""Property (issue 17): no bytes in a flow, a config or a file name make any output carry ESC,
BEL, a C1 character, DEL or a bidi control, or a line starting with `::` other than the github
format's own command for each finding, in check's formats, the step summary or the graph.

The hostile text goes into the flow file's name, a group title, a variable name (findings quote
both), a `.env` value and name (with raw bytes after them) and a compose value."""
import os
import re
import shutil
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO

FORBIDDEN = re.compile("[\x07\x1b\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OUR_COMMAND = re.compile(r"::(error|warning|notice) file=[^,:\r\n]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,"
                         r"title=FL\d{3} [a-z-]+::")
# What attacks are made of, and enough of the rest to make names and values of any shape.
HOSTILE = st.sampled_from(["\x1b]0;title\x07", "\x1b]52;c;cm0K\x07", "\x1b[2J", "\x1bP", "\x9b31m", "\x9d0;t\x9c",
                           "\n::error file=README.md,line=1::x\n", "::warning::", "\r", "\x07", "\x7f", "\u202e",
                           "\u2066", "\x00", "%0A", "\t", " ", ":", ",", '"', "'", "|", "`", "{{", "}}", "#"])
TEXT = st.lists(st.one_of(HOSTILE, st.text(max_size=3)), max_size=6).map("".join)
NAME = TEXT.map(lambda t: t.replace("/", "").replace("\x00", "")).filter(
    lambda n: n not in ("", ".", "..") and len((n + ".json").encode("utf-8", "surrogatepass")) < 200
    and not any(0xD800 <= ord(c) <= 0xDFFF for c in n))


def _outputs(root: str) -> dict:
    from flowlint.config import Settings
    from flowlint.kinds import FLOW
    from flowlint.lint import lint
    from flowlint.picture import draw
    from flowlint.reporters import ReportOptions, render
    from flowlint.reporters.github_report import step_summary

    result = lint(["."], Settings())
    assert result.project.internal_errors == []
    outputs = {f: render(f, result, ReportOptions(color=False, quiet=False)) for f in ("text", "json", "sarif", "github")}
    outputs["summary"] = step_summary(result)
    for document in result.documents:
        if document.kind == FLOW:
            findings = [d for d in result.diagnostics if d.source is document.source]
            for picture in ("mermaid", "dot", "json"):
                outputs[f"graph {picture}"] = draw(result.project.graph_of(document), findings, picture)
    return outputs, len(result.diagnostics)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAME, title=TEXT, variable=TEXT, value=TEXT, raw=st.binary(max_size=20))
def test_nothing_from_a_file_acts_on_a_terminal_or_a_ci_log(name, title, variable, value, raw):
    import json

    flow = json.loads((REPO / "fixtures/restart-loop/flow.json").read_text())
    flow["groups"][-1]["title"] = title
    flow.setdefault("variables", []).append({"id": "v-hostile", "name": variable})
    root, cwd = tempfile.mkdtemp(), os.getcwd()
    try:
        with open(os.path.join(root, name + ".json"), "w", encoding="utf-8", errors="surrogatepass") as out:
            json.dump(flow, out)
        with open(os.path.join(root, ".env"), "wb") as out:
            out.write(f"TYPEBOT_KEEP_OPEN={value}\nTYPEBOT_{value}=1\n".encode("utf-8", "surrogatepass") + raw)
        compose = (REPO / "fixtures/restart-loop/docker-compose.yml").read_text() + f"      TYPEBOT_API_VERSION: {value}\n"
        with open(os.path.join(root, "docker-compose.yml"), "w", encoding="utf-8", errors="surrogatepass") as out:
            out.write(compose)
        os.chdir(root)
        outputs, findings = _outputs(root)
    finally:
        os.chdir(cwd)
        shutil.rmtree(root)
    for form, text in outputs.items():
        assert not FORBIDDEN.search(text), (form, FORBIDDEN.search(text))
        commands = [line for line in text.splitlines() if line.lstrip().startswith("::")]
        if form == "github":
            assert len(commands) == findings and all(OUR_COMMAND.match(line) for line in commands), commands
        else:
            assert commands == [], (form, commands)

"""Every speed-up on gives the diagnostics the plain path gives: msgspec's parse and its test for
repeated keys, the cached FL003 verdicts, the chunked line index and the partial pointer scans,
on the fixtures, the corpus and generated flows full of findings."""
import json
import random
import sys
from pathlib import Path


from conftest import CORPUS, FIXTURES
from flowlint import source as source_module
from flowlint.config import Settings
from flowlint.lint import lint
from flowlint.loaders import jsondoc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate_flow  # noqa: E402


def _generated(folder: Path) -> list:
    """Flows with undefined variables, schema violations, a repeated key, CRLF and lone CR lines."""
    paths = []
    for blocks, seed in ((60, 1), (400, 2)):
        flow = generate_flow(blocks, seed=seed)
        rng = random.Random(seed)
        for group in flow["groups"][::3]:
            group["blocks"][0]["content"]["richText"][0]["children"][0]["text"] += f" {{{{nope{rng.randrange(9)}}}}}"
        for group in flow["groups"][::7]:
            group["blocks"][2]["options"]["variableId"] = rng.randrange(9)
        text = json.dumps(flow, indent=2, ensure_ascii=False)
        variants = {"lf": text, "crlf": text.replace("\n", "\r\n"), "cr": text.replace("\n", "\r"),
                    "dup": text.replace('"title": "Step 3"', '"title": "Step 3", "title": "again"', 1),
                    "compact": json.dumps(flow, separators=(",", ":"))}
        for name, variant in variants.items():
            path = folder / f"flow-{blocks}-{name}.json"
            path.write_text(variant, encoding="utf-8", newline="")
            paths.append(path)
    return paths


def _diagnostics(paths, **settings) -> list:
    return [d.to_json() for d in lint([str(p) for p in paths], Settings(jobs=1, **settings)).diagnostics]


def test_fast_paths_report_what_the_plain_path_reports(tmp_path, monkeypatch):
    paths = [FIXTURES, *_generated(tmp_path)] + ([CORPUS] if CORPUS.is_dir() else [])
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("FLOWLINT_NO_CACHE", raising=False)
    with monkeypatch.context() as plain:
        plain.setitem(sys.modules, "msgspec", None)  # the stdlib parses, with the duplicate hook
        plain.setattr(source_module, "_CHUNK", 1 << 30)  # one chunk: every position counted from the start
        expected = _diagnostics(paths, cache=False)
    assert {"FL003", "FL006", "FL107"} <= {d["code"] for d in expected}
    monkeypatch.setattr(jsondoc, "FAST_PARSE_FROM", 0)  # msgspec for every JSON text
    monkeypatch.setattr(source_module, "_CHUNK", 64)
    assert _diagnostics(paths) == expected  # cold cache: verdicts worked out and written
    assert _diagnostics(paths) == expected  # warm cache: verdicts read

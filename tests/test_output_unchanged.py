"""The whole JSON output of `flowlint check` on the fixtures, on generated flows full of findings
(one big enough for the fast parse and the helper process) and on the corpus, one diagnostic a
line: taken before the speed work of issue 15, so that any change of output shows as a snapshot
diff to review."""
import json
import random

import pytest
from click.testing import CliRunner

from conftest import CORPUS, needs_shared
from flowlint.cli import main


def _lines(args, cwd, monkeypatch) -> list:
    """Each diagnostic of `flowlint check --format json ARGS`, as one line of compact JSON, and
    the exit code."""
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, ["check", "--format", "json", "--no-cache", *args], catch_exceptions=False)
    assert result.stderr == ""
    report = json.loads(result.stdout)
    return [f"exit {result.exit_code}", *(json.dumps(d, sort_keys=True, ensure_ascii=False) for d in report["diagnostics"])]


def _findings_flow(blocks: int, seed: int, every: int) -> dict:
    """A generated flow with an undefined variable in every `every`-th group, a Set variable with
    no valid variableId in every fifth of those, and an edge to a group that is not there."""
    from generate import generate_flow

    flow = generate_flow(blocks, seed=seed)
    rng = random.Random(seed)
    for index, group in enumerate(flow["groups"][::every]):
        group["blocks"][0]["content"]["richText"][0]["children"][0]["text"] += f" {{{{nope{rng.randrange(9)}}}}}"
        if index % 5 == 0:
            group["blocks"][2]["options"]["variableId"] = rng.randrange(9)
    flow["edges"][1]["to"]["groupId"] = "no-such-group"
    return flow


@pytest.fixture
def generated(tmp_path, monkeypatch):
    from conftest import REPO

    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    small = _findings_flow(60, seed=1, every=3)
    (tmp_path / "small.json").write_text(json.dumps(small, indent=2), encoding="utf-8")
    text = json.dumps(_findings_flow(3000, seed=2, every=40), indent=2)
    (tmp_path / "big.json").write_text(text.replace('"title": "Step 3"', '"title": "Step 3", "title": "again"', 1),
                                       encoding="utf-8")
    assert len(text) > 1_000_000  # read by the fast parser, linted with the helper process
    return tmp_path


def test_fixtures(snapshot, monkeypatch):
    from conftest import REPO

    assert _lines(["fixtures"], REPO, monkeypatch) == snapshot


def test_generated_flows(snapshot, generated, monkeypatch):
    assert _lines(["small.json", "big.json"], generated, monkeypatch) == snapshot


def test_generated_flows_in_one_process(generated, monkeypatch):
    assert _lines(["--jobs", "1", "small.json", "big.json"], generated, monkeypatch) == \
        _lines(["small.json", "big.json"], generated, monkeypatch)


@needs_shared
def test_corpus(snapshot, monkeypatch):
    assert _lines([CORPUS.name], CORPUS.parent, monkeypatch) == snapshot

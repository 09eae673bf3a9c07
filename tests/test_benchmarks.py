"""The benchmarks' own logic (they are run by hand, not timed here): the pass probes charge each
pass its own time, and still find the functions they wrap."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import passes  # noqa: E402
from run import write_flow  # noqa: E402


def test_a_pass_is_charged_its_own_time_not_that_of_passes_inside_it(monkeypatch):
    clock = [0.0]
    monkeypatch.setattr(passes.time, "perf_counter", lambda: clock[0])
    probes = passes.Probes()

    def work(seconds):
        clock[0] += seconds

    inner = probes.timed("inner", lambda: work(2))
    outer = probes.timed(lambda kind: f"outer {kind}", lambda kind: (work(1), inner(), work(4)))
    outer("a")
    inner()
    assert probes.own == {"outer a": 5, "inner": 4}


def test_the_probes_find_every_pass_they_time(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # FL003's verdicts: not the user's cache
    path = write_flow(tmp_path / "flow.json", 600)
    total, own = passes.measure(path, runs=1, patch=monkeypatch.setattr)
    for name in ("read the files", "parse", "model", "model: items", "model: edges", "model: HTTP requests",
                 "graph", "graph: reachable", "variable walk",
                 "FL003 schema-violation", "FL100 missing-start", "resolve (places, messages)"):
        assert own.get(name, 0) > 0, name
    assert sum(own.values()) <= total

"""Where a one-process lint of a generated flow spends its time, pass by pass (not a test).

    python benchmarks/passes.py              # the 50,000-block flow, best of 3
    python benchmarks/passes.py 5000 --runs 5

Each pass is timed in this process around the function that does it, with the collector paused as
the lint pauses it: reading the files, the parse (`load`), the model (`build_flow`, and the edges,
items and HTTP requests it builds when first asked), the graph (and its reachable set), the
variable walk, each rule, and `resolve` (each finding's place, message and diagnostic). A pass's
time is its own: a rule that is the first to ask for the graph is not charged for building it.
The run shown is the one with the shortest total; "other" is what no probe covers (sorting, the
engine's own loops).
"""
from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import write_flow  # noqa: E402


class Probes:
    """Own time of each named pass: the time inside its function less that of probes inside it."""

    def __init__(self):
        self.own: dict = defaultdict(float)
        self._inner: list = []  # per open probe, the time of the probes inside it

    def timed(self, name, function):
        def probe(*args, **kwargs):
            label = name(*args) if callable(name) else name
            self._inner.append(0.0)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.perf_counter() - started
                self.own[label] += spent - self._inner.pop()
                if self._inner:
                    self._inner[-1] += spent
        return probe


def install(probes: Probes, patch=setattr) -> None:
    """Wrap the functions that do each pass (module attributes that are looked up when called);
    `patch(owner, name, value)` sets each (a test passes one that undoes it)."""
    from flowlint import lint
    from flowlint.graph import FlowGraph
    from flowlint.loaders import Document
    from flowlint.model import flow, variables

    def made(owner, name):  # a cached_property: its function is called on first use
        return owner.__dict__[name]

    for owner, name, label in (
            (lint, "load", "parse"), (flow, "build_flow", "model"), (flow, "_items", "model: items"),
            (made(flow.Flow, "edges"), "func", "model: edges"),
            (made(Document, "requests"), "func", "model: HTTP requests"), (FlowGraph, "__init__", "graph"),
            (made(FlowGraph, "reachable"), "func", "graph: reachable"),
            (variables._Scanner, "run", "variable walk"), (lint, "resolve", "resolve (places, messages)"),
            (lint, "_run_rule", lambda _project, rule: f"{rule.code} {rule.name}")):
        patch(owner, name, probes.timed(label, getattr(owner, name)))
    patch(lint, "discover", _generator(probes, "read the files", lint.discover))


def _generator(probes: Probes, name: str, function):
    """A probe around a generator function: its time is spent as it is iterated."""
    def listed(*args, **kwargs):
        return iter(list(function(*args, **kwargs)))
    return probes.timed(name, listed)


def measure(path: Path, runs: int, patch=setattr) -> tuple:
    """(total, own time of each pass) of the fastest of `runs` lints, after one untimed lint."""
    from flowlint.config import Settings
    from flowlint.lint import lint

    probes = Probes()
    install(probes, patch)
    settings = Settings(jobs=1)
    lint([str(path)], settings)
    best = None
    for _ in range(runs):
        probes.own.clear()
        gc.collect()
        started = time.perf_counter()
        result = lint([str(path)], settings)  # (the lint pauses the collector itself)
        total = time.perf_counter() - started
        del result
        if best is None or total < best[0]:
            best = (total, dict(probes.own))
    return best


def report(blocks: int, total: float, own: dict) -> None:
    print(f"| pass ({blocks:,} blocks, one process) | ms | share |")
    print("|---|---:|---:|")
    shown = sorted(own.items(), key=lambda item: -item[1])
    small = sum(spent for _, spent in shown if spent < 0.001)
    for name, spent in shown:
        if spent >= 0.001:
            print(f"| {name} | {spent * 1000:,.0f} | {spent / total:.0%} |")
    print(f"| every other pass (under 1 ms each) | {small * 1000:,.0f} | {small / total:.0%} |")
    other = total - sum(own.values())
    print(f"| other | {other * 1000:,.0f} | {other / total:.0%} |")
    print(f"| **total** | **{total * 1000:,.0f}** | |")


def main(argv: list) -> None:
    parser = argparse.ArgumentParser(description="Own time of each pass of a one-process lint of a generated flow.")
    parser.add_argument("blocks", nargs="?", type=int, default=50_000, help="flow size in blocks (default 50000)")
    parser.add_argument("--runs", type=int, default=3, help="lints timed; the fastest is shown (default 3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_flow(Path(tmp) / f"flow-{args.blocks}.json", args.blocks)
        report(args.blocks, *measure(path, args.runs))


if __name__ == "__main__":
    main(sys.argv[1:])

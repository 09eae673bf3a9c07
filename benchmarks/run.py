"""Size and speed benchmark (not part of the test run).

    python benchmarks/run.py            # 500, 5,000 and 50,000 blocks
    python benchmarks/run.py 500 5000   # other sizes

For each size: the time to merely `json.load` the flow, the time to lint it in-process with every
rule, as flowlint runs (a big flow's share of the rules in a helper process, `flowlint/parallel.py`)
and in one process, and their ratios; best of three runs each. Then the start-up cost of a
one-file lint as a user sees it (a new process), next to `check-jsonschema` validating the same
file against the same schema, when that tool is installed (`pip install check-jsonschema`); the
same two on the biggest flow, once each.
"""
from __future__ import annotations

import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_flow  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def best_of(runs: int, action) -> float:
    """The shortest of `runs` timings of `action()`. Its result is freed after the clock stops and
    earlier garbage is collected before it starts: for `json.load` as for a lint, freeing what was
    built is not the work timed (and a `flowlint` process never does it: it exits)."""
    timings = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        result = action()
        timings.append(time.perf_counter() - started)
        del result
    return min(timings)


def wall(command: list, env: dict, runs: int = 10) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, env=env)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def lint_timings(sizes, workdir: Path) -> list:
    from flowlint import parallel
    from flowlint.config import Settings
    from flowlint.lint import lint
    from flowlint.rules import all_rules

    all_rules()
    split_from = parallel.MIN_JSON_TEXT
    rows = []
    for size in sizes:
        path = workdir / f"flow-{size}.json"
        path.write_text(json.dumps(generate_flow(size), indent=2))
        lint([str(path)], Settings())  # warm: schemas compiled, modules imported
        parse = best_of(3, lambda: json.loads(path.read_text()))
        as_run = best_of(3, lambda: lint([str(path)], Settings()))
        parallel.MIN_JSON_TEXT = float("inf")
        one_process = best_of(3, lambda: lint([str(path)], Settings()))
        parallel.MIN_JSON_TEXT = split_from
        rows.append((size, path.stat().st_size, parse, as_run, one_process))
    return rows


def tool(name: str) -> str:
    return shutil.which(name) or str(Path(sys.executable).with_name(name))


def user_env(workdir: Path) -> dict:
    """The environment for new processes, with bytecode caches as an installed package has them:
    a PYTHONDONTWRITEBYTECODE in this shell would otherwise make flowlint (installed editable)
    compile its own modules on every run, while check-jsonschema's came compiled by pip.
    The caches go to the temporary directory, not into the checkout."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


def startup(workdir: Path, biggest: int) -> list:
    """New-process timings: a small flow (median of 10), and the biggest flow (once each),
    after one untimed run that writes the bytecode caches."""
    env = user_env(workdir)
    small = workdir / "flow-small.json"
    small.write_text(json.dumps(generate_flow(50), indent=2))
    big = workdir / f"flow-{biggest}.json"
    schema = REPO / "schemas" / "typebot-flow-v6.schema.json"
    flowlint, checker = tool("flowlint"), tool("check-jsonschema")
    wall([flowlint, "check", str(small)], env, runs=1)
    rows = [("flowlint check (one 50-block flow)", wall([flowlint, "check", str(small)], env)),
            ("flowlint --version", wall([flowlint, "--version"], env))]
    if os.path.exists(checker):
        wall([checker, "--schemafile", str(schema), str(small)], env, runs=1)
        rows.append(("check-jsonschema --schemafile (same flow)", wall([checker, "--schemafile", str(schema), str(small)], env)))
    rows.append(("python -c pass", wall([sys.executable, "-c", "pass"], env)))
    rows.append((f"flowlint check ({biggest:,}-block flow)", wall([flowlint, "check", str(big)], env, runs=1)))
    if os.path.exists(checker):
        rows.append((f"check-jsonschema --schemafile ({biggest:,}-block flow)",
                     wall([checker, "--schemafile", str(schema), str(big)], env, runs=1)))
    return rows


def parallel_note() -> str:
    from flowlint import parallel

    return (f"{parallel.usable_cpus()} CPUs usable; a flow of {parallel.MIN_JSON_TEXT:,} characters or more "
            f"is linted with a helper process: {'yes' if hasattr(os, 'fork') else 'no (no os.fork)'}")


def main(argv: list) -> None:
    sizes = [int(a) for a in argv] or [500, 5000, 50000]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        print(f"({parallel_note()})")
        print()
        print("| blocks | file | json.load | lint | ratio | lint in one process | ratio |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for size, nbytes, parse, as_run, one_process in lint_timings(sizes, workdir):
            print(f"| {size:,} | {nbytes / 1e6:.1f} MB | {parse * 1000:.0f} ms | {as_run * 1000:.0f} ms | "
                  f"{as_run / parse:.2f}x | {one_process * 1000:.0f} ms | {one_process / parse:.2f}x |")
        print()
        print("| new process | wall |")
        print("|---|---:|")
        for label, seconds in startup(workdir, max(sizes)):
            print(f"| {label} | {seconds * 1000:.0f} ms |")


if __name__ == "__main__":
    main(sys.argv[1:])

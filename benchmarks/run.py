"""Size, speed and memory benchmark (not part of the test run).

    python benchmarks/run.py                 # one run: 500 to 120,000 blocks, start-up, memory
    python benchmarks/run.py --runs 5        # five runs: each figure as median [lowest-highest]
    python benchmarks/run.py 500 5000        # other sizes (the linearity exponent needs two)

How each figure is taken:
- parse: `json.loads` of the file's text read from disk, in this process, with the garbage
  collector paused and after a `gc.collect()`, exactly as the lint runs (`flowlint.lint.lint`
  pauses the collector; its files are read from the same page cache); best of three. The parse
  and the lints of one flow are timed in turn, three rounds, so that load weighs on each alike.
- lint: `flowlint.lint.lint` of the file with every rule, in this process, as flowlint runs (a big
  flow's share of the rules in a helper process, `flowlint/parallel.py`) and in one process
  (`jobs=1`); best of three, after one untimed lint that compiles the schemas. Results are freed
  after the clock stops, for the parse as for the lint (a `flowlint` process never frees them:
  it exits).
- findings: the 50,000-block flow with 1,000 undefined variables spread over it (1,000 FL107
  findings to locate) against the same flow without them, one process, best of three.
- linearity: the exponent k of lint time ~ blocks^k between the smallest size from 5,000 and the
  biggest, one process (1 is linear).
- new process: wall time of a new process (median of ten rounds that take the commands in turn,
  after one untimed round that writes the bytecode caches, as an installed package has them, and
  flowlint's cache of FL003 verdicts, as on a user's second run): a one-flow lint (50 blocks and
  a small .env), `python -c "import networkx"`, and check-jsonschema validating the same flow
  against the schema `{}` when it is installed (`pip install check-jsonschema`).
- memory: peak RSS (`ru_maxrss` of the process, from `os.wait4`) of `flowlint check --jobs 1` of the
  biggest flow and the small .env (named, in a folder of its own) in a new process, against a new process that only `json.load`s it (each started by a
  small launcher: Linux counts a forked child's peak from its parent's size).
"""
from __future__ import annotations

import gc
import json
import math
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
FINDINGS = 1000
FINDINGS_FLOW = 50_000
SMALL_ENV = "AUTHENTICATION_API_KEY=change-me\nTYPEBOT_ENABLED=true\nSERVER_URL=http://localhost:8080\n"


def best_of(runs: int, actions: dict) -> dict:
    """The shortest of `runs` timings of each of `actions` (label -> action), taken in turn in
    each round, each with the collector paused (as the lint pauses it) after earlier garbage is
    collected; a result is freed after the clock stops."""
    timings: dict = {label: [] for label in actions}
    for _ in range(runs):
        for label, action in actions.items():
            gc.collect()
            enabled = gc.isenabled()
            gc.disable()
            try:
                started = time.perf_counter()
                result = action()
                timings[label].append(time.perf_counter() - started)
            finally:
                if enabled:
                    gc.enable()
            del result
    return {label: min(times) for label, times in timings.items()}


def walls(commands: dict, env: dict, rounds: int = 10) -> dict:
    """Median wall time of each command in a new process, the commands taken in turn in each
    round (so that a busy minute of a shared machine weighs on all of them alike)."""
    timings: dict = {label: [] for label in commands}
    for _ in range(rounds):
        for label, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False, env=env)
            timings[label].append(time.perf_counter() - started)
    return {label: statistics.median(times) for label, times in timings.items()}


# Linux counts a process's peak from before its exec: a child forked from this (big) process would
# start at this process's size. So a small launcher process starts the command and reports its peak.
_LAUNCH = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, "
           "stderr=subprocess.DEVNULL); print(os.wait4(p.pid, 0)[2].ru_maxrss)")


def peak_rss(command: list, env: dict) -> int:
    """Peak resident memory of `command`'s process, in bytes (ru_maxrss, in KiB on Linux)."""
    launched = subprocess.run([sys.executable, "-c", _LAUNCH, *command], capture_output=True, text=True, env=env, check=True)
    return int(launched.stdout) * 1024


def write_flow(path: Path, blocks: int, undefined: int = 0) -> Path:
    flow = generate_flow(blocks)
    groups = flow["groups"]
    for n in range(undefined):  # spread evenly: one {{missing-n}} in the first bubble of every k-th group
        text = groups[n * len(groups) // undefined]["blocks"][0]["content"]["richText"][0]["children"][0]
        text["text"] += f" {{{{missing{n}}}}}"
    path.write_text(json.dumps(flow, indent=2))
    return path


def lint_timings(sizes, workdir: Path) -> dict:
    from flowlint.config import Settings
    from flowlint.lint import lint

    figures = {}
    one_process = Settings(jobs=1)
    for size in sizes:
        path = write_flow(workdir / f"flow-{size}.json", size)
        lint([str(path)], Settings())  # warm: schemas compiled, modules imported
        figures[size] = {"bytes": path.stat().st_size, **best_of(3, {
            "parse": lambda: json.loads(path.read_text(encoding="utf-8")),
            "as_run": lambda: lint([str(path)], Settings()),
            "one": lambda: lint([str(path)], one_process)})}
    clean = workdir / f"flow-{FINDINGS_FLOW}.json"
    if not clean.exists():
        write_flow(clean, FINDINGS_FLOW)
    found = write_flow(workdir / "flow-findings.json", FINDINGS_FLOW, FINDINGS)
    counted = len([d for d in lint([str(found)], one_process).diagnostics if d.code == "FL107"])
    figures["findings"] = {"count": counted, **best_of(3, {
        "with": lambda: lint([str(found)], one_process),
        "without": lambda: lint([str(clean)], one_process)})}
    return figures


def tool(name: str) -> str:
    return shutil.which(name) or str(Path(sys.executable).with_name(name))


def user_env(workdir: Path) -> dict:
    """The environment for new processes, with bytecode caches as an installed package has them:
    a PYTHONDONTWRITEBYTECODE in this shell would otherwise make flowlint (installed editable)
    compile its own modules on every run, while check-jsonschema's came compiled by pip.
    The caches go to the temporary directory, not into the checkout; so does flowlint's."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONDONTWRITEBYTECODE", "FLOWLINT_JOBS", "FLOWLINT_NO_CACHE")}
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    env["XDG_CACHE_HOME"] = str(workdir / "cache")
    return env


def small_env(folder: Path) -> Path:
    """The small .env in a folder of its own, named on the command line: no other lint in the
    working directory finds it by walking up from its flow."""
    folder.mkdir(exist_ok=True)
    dotenv = folder / ".env"
    dotenv.write_text(SMALL_ENV)
    return dotenv


def startup(workdir: Path) -> dict:
    env = user_env(workdir)
    small = write_flow(workdir / "flow-small.json", 50)
    dotenv = small_env(workdir / "config")
    trivial = workdir / "trivial.schema.json"
    trivial.write_text("{}")
    commands = {
        "lint": [tool("flowlint"), "check", str(small), str(dotenv)],
        "version": [tool("flowlint"), "--version"],
        "networkx": [sys.executable, "-c", "import networkx"],
        "pass": [sys.executable, "-c", "pass"],
    }
    checker = tool("check-jsonschema")
    if os.path.exists(checker):
        commands["check-jsonschema"] = [checker, "--schemafile", str(trivial), str(small)]
    walls(commands, env, rounds=1)  # bytecode and shape caches written
    return walls(commands, env)


def memory(workdir: Path, biggest: int) -> dict:
    env = user_env(workdir)
    path = workdir / f"flow-{biggest}.json"
    dotenv = str(small_env(workdir / "config"))
    load = f"import json; json.load(open({str(path)!r}, encoding='utf-8'))"
    return {"json.load": peak_rss([sys.executable, "-c", load], env),
            "lint": peak_rss([tool("flowlint"), "check", "--jobs", "1", str(path), dotenv], env),
            "lint as run": peak_rss([tool("flowlint"), "check", str(path), dotenv], env)}


def measure(sizes) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        figures = lint_timings(sizes, workdir)
        figures["startup"] = startup(workdir)
        figures["memory"] = memory(workdir, max(sizes))
    return figures


def spread(values: list, scale: float = 1.0, unit: str = "", digits: int = 0) -> str:
    """median [lowest-highest] of several runs; the value alone of one."""
    shown = [f"{v * scale:,.{digits}f}" for v in (statistics.median(values), min(values), max(values))]
    return f"{shown[0]}{unit}" if len(values) == 1 else f"{shown[0]}{unit} [{shown[1]}-{shown[2]}]"


def exponent(small: tuple, big: tuple) -> float:
    (n1, t1), (n2, t2) = small, big
    return math.log(t2 / t1) / math.log(n2 / n1)


def targets(runs: list, sizes: list) -> list:
    """(target, figures of each run, bound, held): each of issue 15's targets, held on the median."""
    found = []

    def ratio(name: str, bound: float, values: list, unit: str = "x") -> None:
        found.append((name, spread(values, digits=2, unit=unit), bound, statistics.median(values) <= bound))

    parse_row = FINDINGS_FLOW if FINDINGS_FLOW in sizes else max(sizes)
    ratio(f"{parse_row:,} blocks, one process: lint / parse <= 5x", 5.0,
          [r[parse_row]["one"] / r[parse_row]["parse"] for r in runs])
    ratio(f"{parse_row:,} blocks, with the helper: lint / parse <= 3.5x", 3.5,
          [r[parse_row]["as_run"] / r[parse_row]["parse"] for r in runs])
    scaled = [s for s in sizes if s >= 5000]
    if len(scaled) >= 2:
        ratio(f"linear: exponent of lint time, {min(scaled):,} to {max(scaled):,} blocks <= 1.10", 1.10,
              [exponent((min(scaled), r[min(scaled)]["one"]), (max(scaled), r[max(scaled)]["one"])) for r in runs],
              unit="")
    ratio(f"{FINDINGS:,} findings in the {FINDINGS_FLOW:,}-block flow add <= 10%", 1.10,
          [r["findings"]["with"] / r["findings"]["without"] for r in runs])
    if all("check-jsonschema" in r["startup"] for r in runs):
        ratio("new process: one-flow lint / check-jsonschema (schema {}) <= 0.5x", 0.5,
              [r["startup"]["lint"] / r["startup"]["check-jsonschema"] for r in runs])
    ratio("new process: one-flow lint / python -c 'import networkx' <= 1.5x", 1.5,
          [r["startup"]["lint"] / r["startup"]["networkx"] for r in runs])
    ratio(f"memory: peak RSS of a {max(sizes):,}-block lint (--jobs 1) / json.load <= 2x", 2.0,
          [r["memory"]["lint"] / r["memory"]["json.load"] for r in runs])
    return found


def parallel_note() -> str:
    from flowlint import parallel

    return (f"{parallel.usable_cpus()} CPUs usable; a flow of {parallel.MIN_JSON_TEXT:,} characters or more "
            f"is linted with a helper process: {'yes' if hasattr(os, 'fork') else 'no (no os.fork)'}")


def report(runs: list, sizes: list, load_before: str) -> None:
    print(f"({parallel_note()}; {len(runs)} run{'s' if len(runs) > 1 else ''}"
          f"{': median [lowest-highest]' if len(runs) > 1 else ''}; load average before: {load_before}, "
          f"after: {load_average()})")
    print()
    print("| blocks | file | parse | lint | ratio | lint in one process | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        rows = [r[size] for r in runs]
        print(f"| {size:,} | {rows[0]['bytes'] / 1e6:.1f} MB | {spread([r['parse'] for r in rows], 1000, ' ms')} | "
              f"{spread([r['as_run'] for r in rows], 1000, ' ms')} | "
              f"{spread([r['as_run'] / r['parse'] for r in rows], unit='x', digits=2)} | "
              f"{spread([r['one'] for r in rows], 1000, ' ms')} | "
              f"{spread([r['one'] / r['parse'] for r in rows], unit='x', digits=2)} |")
    findings = [r["findings"] for r in runs]
    print()
    print(f"| {FINDINGS_FLOW:,} blocks, one process | lint |")
    print("|---|---:|")
    print(f"| without findings | {spread([f['without'] for f in findings], 1000, ' ms')} |")
    print(f"| with {findings[0]['count']:,} FL107 findings | {spread([f['with'] for f in findings], 1000, ' ms')} |")
    print()
    print("| new process | wall |")
    print("|---|---:|")
    labels = {"lint": "flowlint check (one 50-block flow and a .env)", "version": "flowlint --version",
              "check-jsonschema": "check-jsonschema --schemafile {} (same flow)",
              "networkx": "python -c 'import networkx'", "pass": "python -c pass"}
    for key, label in labels.items():
        if all(key in r["startup"] for r in runs):
            print(f"| {label} | {spread([r['startup'][key] for r in runs], 1000, ' ms')} |")
    print()
    print(f"| peak RSS, {max(sizes):,} blocks, new process | MB |")
    print("|---|---:|")
    for key, label in (("json.load", "python: json.load only"), ("lint", "flowlint check --jobs 1 (the flow and a .env)"),
                       ("lint as run", "flowlint check (this process; the helper has its own)")):
        print(f"| {label} | {spread([r['memory'][key] for r in runs], 1e-6)} |")
    print()
    print("| target | figure | holds |")
    print("|---|---:|---|")
    for name, figure, _bound, held in targets(runs, sizes):
        print(f"| {name} | {figure} | {'yes' if held else 'NO'} |")


def load_average() -> str:
    try:
        return " ".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: list) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Time flowlint against the bare parse of generated flows, and its start-up.")
    parser.add_argument("sizes", nargs="*", type=int, metavar="BLOCKS",
                        help="flow sizes in blocks (default: 500 5000 50000 120000)")
    parser.add_argument("--runs", type=int, default=1, help="whole runs, for the median and the spread (default 1)")
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes) or [500, 5000, 50000, 120000]
    load_before = load_average()
    runs = [measure(sizes) for _ in range(args.runs)]
    report(runs, sizes, load_before)


if __name__ == "__main__":
    main(sys.argv[1:])

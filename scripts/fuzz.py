#!/usr/bin/env python3
"""The long fuzz run for a release: N mutated configs and N mutated flows through the real CLI.

    python scripts/fuzz.py --cases 10000 --jobs 2 --out fuzz-failures

Cases come from tests/fuzzing.py (seeded: the same --seed gives the same files). Prints, per
family, the cases run, the defects by kind, and the CPU seconds of the CLI runs (each run is
measured in its own process, so a loaded machine slows the run, not the figures much). Failing
cases are written under --out to replay by hand. Exit 1 when any defect was seen.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import fuzzing  # noqa: E402


def _chunk(job):
    family, seed, start, count, limit, hang = job
    found, timings = [], []
    for case in fuzzing.cases(family, seed, count, start):
        found.extend(fuzzing.run_case(case, limit=limit, hang=hang, timings=timings))
    return found, timings


def run(family: str, args) -> tuple:
    size = 100
    jobs = [(family, args.seed, start, min(size, args.cases - start), args.limit, args.hang)
            for start in range(0, args.cases, size)]
    defects, timings, done = [], [], 0
    started = time.time()
    with Pool(args.jobs) as pool:
        for found, spent in pool.imap_unordered(_chunk, jobs):
            defects += found
            timings += spent
            done += size
            if args.progress:
                print(f"  {family}: {min(done, args.cases)}/{args.cases} cases, {len(defects)} defects, "
                      f"{time.time() - started:.0f} s", file=sys.stderr, flush=True)
    return defects, sorted(timings), time.time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases per family (default 10000)")
    parser.add_argument("--family", choices=("config", "flow", "both"), default="both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--limit", type=float, default=5.0, help="CPU seconds one CLI run may take")
    parser.add_argument("--hang", type=float, default=60.0, help="wall seconds after which a run counts as a hang")
    parser.add_argument("--out", type=Path, help="write failing cases here")
    parser.add_argument("--progress", action="store_true")
    args = parser.parse_args()
    total = 0
    for family in ("config", "flow") if args.family == "both" else (args.family,):
        defects, timings, wall = run(family, args)
        kinds = Counter(d.kind for d in defects)
        codes = Counter(code for _, code in timings)
        seconds = [spent for spent, _ in timings] or [0.0]
        print(f"{family}: {args.cases} cases, {len(timings)} CLI runs in {wall:.0f} s; CPU per run: median "
              f"{seconds[len(seconds) // 2]:.3f} s, 99th percentile {seconds[len(seconds) * 99 // 100]:.3f} s, "
              f"max {seconds[-1]:.2f} s; exit codes {dict(sorted(codes.items()))}; defects: {dict(kinds) or 'none'}")
        for defect in defects:
            where = f" -> {fuzzing.replay(defect.case, args.out)}" if args.out else ""
            print(f"  {defect.kind}: {family} case {defect.case.number} ({defect.case.mode}, from "
                  f"{defect.case.seed_path}: {', '.join(defect.case.mutations)}): {defect.detail}{where}")
        total += len(defects)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())

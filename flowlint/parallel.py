"""A big flow's lint shared with a helper process, so a second core does part of the work.

Past a size (`MIN_JSON_TEXT`), the run forks once the files are read: the helper loads them and
runs `HELPER_RULES`, this process loads them and runs the others, and the helper sends back its
diagnostics (files named by their index among the documents, which both processes load alike).
The fork comes before the parse: every object is then private to its process, while a fork after
it would have both processes copy most of the shared pages as they touch them (that cost more
than the parse it saves). Those rules go together because they share lazily built state only
among themselves (FL003 the compiled schema units, the rules that read variables the walk kept on
the flow: tests/test_parallel.py checks that no other rule does),
and they are about half of a big flow's work.

The result is the one a single process gives. Where `os.fork` is missing or fails, only one CPU
is ours, threads run (a fork copies only the calling one), or `--jobs 1` says so, one process does it all; if the
helper fails for any reason, or made something else of the files, this process runs its rules.
"""
from __future__ import annotations

import os

from flowlint.diagnostics import Diagnostic
from flowlint.loaders import looks_like_json

HELPER_RULES = frozenset({"FL003", "FL107", "FL108", "FL109", "FL113", "FL302"})
MIN_JSON_TEXT = 1_000_000  # characters of JSON to parse (~2,000 blocks): below it one process is faster
_HELPER_FAILED = 70
_exiting: set = set()  # helpers whose work is in, not yet collected after their exit


def usable_cpus() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    quota = _cgroup_cpus()
    return min(cpus, quota) if quota else cpus


def _cgroup_cpus():
    """Whole CPUs a cgroup v2 quota allows (`docker --cpus`: "150000 100000" in cpu.max is 1),
    None when there is no quota or no such file."""
    try:
        with open("/sys/fs/cgroup/cpu.max", encoding="ascii") as limits:
            quota, period = limits.read().split()[:2]
        return None if quota == "max" else max(1, int(quota) // int(period))
    except (OSError, ValueError):
        return None


def worth_splitting(entries: list, rules: list, jobs=None) -> bool:
    """`jobs`: processes at most (None: as many as pay). (The cheap tests first: this runs on every
    lint, a pre-commit run's too.)"""
    if jobs == 1 or sum(len(e.source.text) for e in entries if _may_be_flow(e)) < MIN_JSON_TEXT:
        return False
    helper = sum(1 for r in rules if r.code in HELPER_RULES)
    if not 0 < helper < len(rules) or not hasattr(os, "fork"):
        return False
    import threading

    return threading.active_count() == 1 and usable_cpus() >= 2


def _may_be_flow(entry) -> bool:
    """JSON named on the command line, or found by walking and mentioning "groups" (a walk may
    meet a big package-lock.json that is then skipped)."""
    text = entry.source.text if entry.source is not None else ""
    return looks_like_json(text) and (entry.explicit or '"groups"' in text)


def lint_split(rules: list, lint_share, diagnose):
    """`lint_share(rules)` -> Result in each process, each with its share of `rules`;
    `diagnose(project, rules)` -> diagnostics, for the helper's share if it fails."""
    _reap_exited()
    helper = [r for r in rules if r.code in HELPER_RULES]
    own = [r for r in rules if r.code not in HELPER_RULES]
    pid, read_end = _start_helper(lambda: lint_share(helper))
    if pid is None:  # no process to spare (a pids limit, RLIMIT_NPROC, memory): one does it all
        return lint_share(rules)
    with os.fdopen(read_end, "rb") as pipe:
        try:
            result = lint_share(own)
            received = _receive(pipe, result.documents)
        except BaseException:  # an error of the caller's to raise, or Ctrl-C: the helper's work is of no use
            _stop(pid)
            raise
        finally:
            _reap_exited()
    if received is None:
        diagnostics, errors = diagnose(result.project, helper), []
    else:
        diagnostics, errors = received
    result.diagnostics = sorted(result.diagnostics + diagnostics, key=Diagnostic.sort_key)
    order = {r.code: i for i, r in enumerate(rules)}  # internal errors in rule order, as one process says them
    result.project.internal_errors[:] = sorted(result.project.internal_errors + errors, key=lambda e: order[e.code])
    return result


def _start_helper(work):
    """(pid, read end of its pipe) of a forked helper that sends `work()`'s result, or (None, None)
    when no process can be made. SIGINT is held back across the fork, so a Ctrl-C reaches the
    helper only inside the code that ends it: it never unwinds into the caller's stack."""
    import signal

    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None, None
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        os.close(read_end)
        os.close(write_end)
        return None, None
    if pid == 0:  # the helper
        status = _HELPER_FAILED
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            os.close(read_end)
            result = work()
            payload = _dumps((_loaded(result.documents), result.diagnostics, result.project.internal_errors),
                             result.documents)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    signal.pthread_sigmask(signal.SIG_SETMASK, held)
    os.close(write_end)
    _exiting.add(pid)  # collected once it has exited, whatever happens here
    return pid, read_end


def _stop(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:  # gone already (and collected: SIGCHLD may be ignored)
        pass


def _loaded(documents: list) -> list:
    """What each process made of each file: both must agree before the helper is believed (a file
    may change on disk in between, or parse at one nesting depth and not at another)."""
    return [(d.path, d.kind, d.error[0] if d.error else None) for d in documents]


def _receive(pipe, documents: list):
    """(diagnostics, internal errors) from the helper, or None if it failed or made something else
    of the files. Its message is whole when it unpickles (pickle ends with STOP); its exit is not
    waited for: a process that shares memory with a long-lived parent can take tens of
    milliseconds to free its pages."""
    payload = pipe.read()
    try:
        loaded, diagnostics, errors = _loads(payload, documents)
    except Exception:  # noqa: BLE001 - no message, or a torn one: do the helper's share here
        return None
    return (diagnostics, errors) if loaded == _loaded(documents) else None


def _reap_exited() -> None:
    """Collect the helpers that have exited by now (the others at a later call, or by the system)."""
    for pid in list(_exiting):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # collected already
            done = pid
        if done:
            _exiting.discard(pid)


def _dumps(value, documents: list) -> bytes:
    """`value` pickled, each document's SourceFile written as its index."""
    import io
    import pickle

    index = {id(d.source): i for i, d in enumerate(documents)}
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = lambda obj: index.get(id(obj))
    pickler.dump(value)
    return stream.getvalue()


def _loads(payload: bytes, documents: list):
    import io
    import pickle

    unpickler = pickle.Unpickler(io.BytesIO(payload))
    unpickler.persistent_load = lambda i: documents[i].source
    return unpickler.load()

"""A big flow's lint shared with a helper process, so a second core does part of the work.

Past a size (`MIN_JSON_TEXT`), the run forks once the files are read: the helper loads them and
runs `HELPER_RULES`, this process loads them and runs the others, and the helper sends back its
diagnostics (files named by their index among the documents, which both processes load alike).
The fork comes before the parse: every object is then private to its process, while a fork after
it would have both processes copy most of the shared pages as they touch them (that cost more
than the parse it saves). Those rules go together because they share lazily built state only
among themselves (FL003 the compiled schema units, the variable rules the walk kept on the flow),
and they are about half of a big flow's work.

The result is the one a single process gives. Where `os.fork` is missing, only one CPU is ours,
threads run (a fork copies only the calling one), or the helper fails for any reason, this
process runs the helper's rules too.
"""
from __future__ import annotations

import io
import os
import pickle
import signal
import threading

from flowlint.diagnostics import Diagnostic
from flowlint.loaders import looks_like_json

HELPER_RULES = frozenset({"FL003", "FL107", "FL108", "FL109", "FL113"})
MIN_JSON_TEXT = 1_000_000  # characters of JSON to parse (~2,000 blocks): below it one process is faster
_HELPER_FAILED = 70
_exiting: set = set()  # helpers whose work is in, not yet collected after their exit


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worth_splitting(entries: list, rules: list) -> bool:
    if not hasattr(os, "fork") or threading.active_count() > 1 or usable_cpus() < 2:
        return False
    helper = sum(1 for r in rules if r.code in HELPER_RULES)
    if not 0 < helper < len(rules):
        return False
    sources = [e.source for e in entries if e.source is not None]
    return sum(len(s.text) for s in sources if looks_like_json(s.text)) >= MIN_JSON_TEXT


def lint_split(rules: list, lint_share, diagnose):
    """`lint_share(rules)` -> Result in each process, each with its share of `rules`;
    `diagnose(project, rules)` -> diagnostics, for the helper's share if it fails."""
    _reap_exited()
    helper = [r for r in rules if r.code in HELPER_RULES]
    own = [r for r in rules if r.code not in HELPER_RULES]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper: never returns into the caller's stack
        status = _HELPER_FAILED
        try:
            os.close(read_end)
            result = lint_share(helper)
            files = [d.path for d in result.documents]
            payload = _dumps((files, result.diagnostics, result.project.internal_errors), result.documents)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        result = lint_share(own)
    except BaseException:  # an error of the caller's to raise, or Ctrl-C: the helper's work is of no use
        os.kill(pid, signal.SIGKILL)
        os.close(read_end)
        os.waitpid(pid, 0)
        raise
    received = _receive(read_end, result.documents)
    _exiting.add(pid)
    _reap_exited()
    if received is None:
        diagnostics, errors = diagnose(result.project, helper), []
    else:
        diagnostics, errors = received
    result.diagnostics = sorted(result.diagnostics + diagnostics, key=Diagnostic.sort_key)
    result.project.internal_errors.extend(errors)
    return result


def _receive(read_end: int, documents: list):
    """(diagnostics, internal errors) from the helper, or None if it failed or loaded other files
    (one changed on disk in between). Its message is whole when it unpickles (pickle ends with
    STOP); its exit is not waited for: a process that shares memory with a long-lived parent can
    take tens of milliseconds to free its pages."""
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    try:
        files, diagnostics, errors = _loads(payload, documents)
    except Exception:  # noqa: BLE001 - no message, or a torn one: do the helper's share here
        return None
    return (diagnostics, errors) if files == [d.path for d in documents] else None


def _reap_exited() -> None:
    """Collect the helpers that have exited by now (the others at a later call, or by the system)."""
    for pid in list(_exiting):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # collected already
            done = pid
        if done:
            _exiting.discard(pid)


class _Pickler(pickle.Pickler):
    """A file travels as its index among the documents."""

    def __init__(self, stream, documents: list):
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self._index = {id(d.source): i for i, d in enumerate(documents)}

    def persistent_id(self, obj):
        return self._index.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, stream, documents: list):
        super().__init__(stream)
        self._documents = documents

    def persistent_load(self, pid):
        return self._documents[pid].source


def _dumps(value, documents: list) -> bytes:
    stream = io.BytesIO()
    _Pickler(stream, documents).dump(value)
    return stream.getvalue()


def _loads(payload: bytes, documents: list):
    return _Unpickler(io.BytesIO(payload), documents).load()

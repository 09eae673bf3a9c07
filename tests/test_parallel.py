"""A big input's lint shared with a helper process gives exactly what one process gives."""
import dataclasses
import os
import threading

import pytest

from conftest import CORPUS, FIXTURES, needs_fork, needs_shared
from flowlint import parallel
from flowlint.config import Settings
from flowlint.kinds import FLOW
from flowlint.lint import lint
from flowlint.rules import REGISTRY, all_rules

all_rules()  # (rule modules are imported on first use: the tests below patch REGISTRY entries)

def _lint(paths, **settings):
    result = lint([str(p) for p in paths], Settings(**settings))
    return [d.to_json() for d in result.diagnostics], result


def _serial(monkeypatch, paths, **settings):
    with monkeypatch.context() as patch:
        patch.setattr(parallel, "MIN_JSON_TEXT", float("inf"))
        return _lint(paths, **settings)


@needs_fork
@pytest.mark.parametrize("paths", [[FIXTURES], pytest.param([CORPUS], marks=needs_shared), [FIXTURES / "rules" / "FL003"], [FIXTURES / "rules" / "FL107"]],
                         ids=["fixtures", "corpus", "FL003", "FL107"])
def test_a_split_run_reports_what_one_process_reports(paths, forks, monkeypatch):
    expected, _ = _serial(monkeypatch, paths)
    found, result = _lint(paths)
    assert forks, "the run was not split"
    assert found == expected
    assert any(d["code"] in parallel.HELPER_RULES for d in found)  # the helper's share came back
    sources = {id(d.source) for d in result.documents}
    assert all(id(d.source) in sources for d in result.diagnostics)  # ...naming this process's files


@needs_fork
def test_a_failing_helper_leaves_its_share_to_this_process(forks, monkeypatch):
    expected, _ = _serial(monkeypatch, [FIXTURES])

    def broken_pipe(*_):
        raise OSError("the helper cannot send")

    monkeypatch.setattr(parallel, "_dumps", broken_pipe)  # only the helper sends
    found, result = _lint([FIXTURES])
    assert forks and found == expected and not result.project.internal_errors


@needs_fork
def test_a_helper_rule_that_fails_is_reported_as_an_internal_error(forks, monkeypatch):
    def crash(_ctx):
        raise ValueError("boom")

    monkeypatch.setitem(REGISTRY, "FL107", dataclasses.replace(REGISTRY["FL107"], check=crash))
    found, result = _lint([FIXTURES / "rules" / "FL107"])
    assert forks
    errors = [str(e) for e in result.project.internal_errors]
    assert errors and all("FL107" in e and "boom" in e for e in errors)
    assert not any(d["code"] == "FL107" for d in found)


def test_small_inputs_one_cpu_threads_and_one_sided_selections_stay_in_one_process(monkeypatch):
    from flowlint.discover import discover
    from flowlint.rules import all_rules

    entries = discover([str(FIXTURES)])
    rules = all_rules()
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    assert not parallel.worth_splitting(entries, rules)  # small
    monkeypatch.setattr(parallel, "MIN_JSON_TEXT", 0)
    assert parallel.worth_splitting(entries, rules) == hasattr(os, "fork")
    helper_only = [r for r in rules if r.code in parallel.HELPER_RULES]
    assert not parallel.worth_splitting(entries, helper_only)
    assert not parallel.worth_splitting(entries, [r for r in rules if r not in helper_only])
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 1)
    assert not parallel.worth_splitting(entries, rules)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not parallel.worth_splitting(entries, rules)


def test_helper_rules_exist():
    assert parallel.HELPER_RULES <= {r.code for r in all_rules()}


def test_the_variable_walk_is_the_helpers_alone():
    """Every rule that reads the variable walk kept on a flow runs in the helper: a rule of this
    process's share that read it would walk each big flow a second time here."""
    own = tuple(r.code for r in all_rules() if r.code not in parallel.HELPER_RULES)
    result = lint([str(FIXTURES / "flows")], Settings(jobs=1, select=own))  # (no config: every flow rule runs)
    flows = [d.flow for d in result.documents if d.kind == FLOW]
    assert flows and not any("_variable_usage" in flow.__dict__ for flow in flows)


@needs_fork
def test_a_helper_that_loaded_other_files_is_not_believed(forks, monkeypatch):
    expected, _ = _serial(monkeypatch, [FIXTURES])
    real_dumps = parallel._dumps

    def other_files(value, documents):
        loaded, diagnostics, errors = value
        return real_dumps((loaded[1:], [], errors), documents)  # as if a file had vanished in between

    monkeypatch.setattr(parallel, "_dumps", other_files)
    found, _ = _lint([FIXTURES])
    assert forks and found == expected


@needs_fork
def test_helpers_are_collected_once_they_have_exited(forks):
    import time

    _lint([FIXTURES / "rules" / "FL003"])
    assert forks
    for _ in range(200):
        parallel._reap_exited()
        if not parallel._exiting:
            break
        time.sleep(0.01)
    assert not parallel._exiting
    with pytest.raises(ChildProcessError):
        os.waitpid(forks[-1], os.WNOHANG)  # no zombie left behind


@needs_fork
def test_internal_errors_come_in_rule_order_as_from_one_process(forks, monkeypatch):
    def crash(_ctx):
        raise ValueError("boom")

    for code in ("FL005", "FL107", "FL110"):  # this process, the helper, this process
        monkeypatch.setitem(REGISTRY, code, dataclasses.replace(REGISTRY[code], check=crash))
    _, one = _serial(monkeypatch, [FIXTURES / "rules" / "FL107"])
    _, split = _lint([FIXTURES / "rules" / "FL107"])
    assert forks
    assert [str(e) for e in split.project.internal_errors] == [str(e) for e in one.project.internal_errors]
    assert sorted({e.code for e in split.project.internal_errors}) == ["FL005", "FL107", "FL110"]


@needs_fork
def test_when_no_process_can_be_made_one_process_does_it_all(forks, monkeypatch):
    expected, _ = _serial(monkeypatch, [FIXTURES])

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel.os, "fork", no_fork)
    open_before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    found, _ = _lint([FIXTURES])
    assert found == expected
    if open_before is not None:
        assert len(os.listdir("/proc/self/fd")) == open_before  # the pipe was closed


@needs_fork
def test_the_callers_error_is_raised_even_with_sigchld_ignored(forks, monkeypatch):
    import signal

    parent = os.getpid()

    def share(_rules):
        if os.getpid() == parent:
            raise LookupError("the caller's own error")
        os._exit(0)  # the helper ends at once, and SIG_IGN makes the system collect it

    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        with pytest.raises(LookupError, match="own error"):
            parallel.lint_split(list(REGISTRY.values()), share, None)
    finally:
        signal.signal(signal.SIGCHLD, previous)


def test_walked_json_counts_only_when_it_may_be_a_flow(tmp_path, monkeypatch):
    from flowlint.discover import discover
    from flowlint.rules import all_rules

    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    monkeypatch.setattr(parallel, "MIN_JSON_TEXT", 1000)
    (tmp_path / "package-lock.json").write_text('{"packages": {' + ", ".join(f'"p{i}": {i}' for i in range(500)) + "}}")
    rules = all_rules()
    assert not parallel.worth_splitting(discover([str(tmp_path)]), rules)
    assert parallel.worth_splitting(discover([str(tmp_path / "package-lock.json")]), rules) == hasattr(os, "fork")
    (tmp_path / "flow.json").write_text('{"groups": [' + ", ".join('{"id": "g"}' for _ in range(200)) + "]}")
    assert parallel.worth_splitting(discover([str(tmp_path)]), rules) == hasattr(os, "fork")


def test_a_cgroup_quota_caps_the_cpus(monkeypatch, tmp_path):
    import builtins

    real_open = builtins.open
    limits = tmp_path / "cpu.max"

    def fake_open(path, *args, **kwargs):
        return real_open(limits if path == "/sys/fs/cgroup/cpu.max" else path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    for written, expected in (("150000 100000\n", 1), ("400000 100000\n", 4), ("max 100000\n", None), ("junk\n", None)):
        limits.write_text(written)
        assert parallel._cgroup_cpus() == expected

"""flowlint's cache of FL003 verdicts: same findings with it, without it, and with a broken one;
a warm cache spares the jsonschema import; it lives where the user's platform keeps caches."""
import json
import os
import subprocess
import sys

import pytest

from conftest import FIXTURES
from flowlint import cache
from flowlint.config import Settings
from flowlint.lint import lint
from flowlint.schema_units import units_of

FLOWS = [FIXTURES / "rules" / "FL003" / "bad.json", FIXTURES / "rules" / "FL003" / "good.json",
         FIXTURES / "rules" / "FL107" / "bad.json"]


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("FLOWLINT_NO_CACHE", raising=False)
    return tmp_path / "flowlint"


def _findings(**settings):
    return [d.to_json() for d in lint([str(f) for f in FLOWS], Settings(jobs=1, **settings)).diagnostics]


def _cache_files(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_findings_are_the_same_cold_warm_and_without_the_cache(cache_home):
    without = _findings(cache=False)
    assert not cache_home.exists()  # nothing written
    assert any(d["code"] == "FL003" for d in without)
    assert _findings() == without  # cold: verdicts worked out and written
    written = _cache_files(cache_home)
    assert written and all(name.startswith("fl003-verdicts-") for name in written)
    assert _findings() == without  # warm: verdicts read


def test_a_corrupt_or_odd_cache_is_an_empty_one_and_is_rewritten(cache_home):
    expected = _findings(cache=False)
    _findings()
    for index, path in enumerate(sorted(cache_home.iterdir())):
        path.write_text('{"": {"x": "not a count"}, "/groups": 7}' if index == 0 else "{not json")
    assert _findings() == expected
    for path in cache_home.iterdir():
        json.loads(path.read_text())  # whole again


def test_the_environment_turns_the_cache_off(cache_home, monkeypatch):
    monkeypatch.setenv("FLOWLINT_NO_CACHE", "1")
    _findings()
    assert not cache_home.exists()


def test_saving_leaves_one_whole_file_and_no_temporary_one(cache_home):
    cache.save("entry.json", {"a": 1})
    cache.save("entry.json", {"a": 2})
    assert _cache_files(cache_home) == ["entry.json"]
    assert cache.load("entry.json") == {"a": 2}


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the directory should be
    cache.save("entry.json", {"a": 1})
    assert cache.load("entry.json") == {}


@pytest.mark.parametrize("platform, env, expected", [
    ("linux", {"XDG_CACHE_HOME": "/x/cache"}, "/x/cache/flowlint"),
    ("linux", {"XDG_CACHE_HOME": "relative"}, "~/.cache/flowlint"),
    ("linux", {}, "~/.cache/flowlint"),
    ("darwin", {"XDG_CACHE_HOME": "/x/cache"}, "~/Library/Caches/flowlint"),
    ("win32", {"LOCALAPPDATA": "/x/local"}, "/x/local/flowlint/Cache"),
])
def test_the_cache_is_in_the_platform_cache_directory(monkeypatch, platform, env, expected):
    monkeypatch.setattr(sys, "platform", platform)
    for name in ("XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert str(cache.directory()) == os.path.expanduser(expected).replace("/", os.sep)


def test_the_cache_file_names_the_schema_and_the_code_that_judged_it():
    v5, v6 = units_of("typebot-flow-v5.schema.json"), units_of("typebot-flow-v6.schema.json")
    assert v5.cache_name != v6.cache_name


def test_a_warm_cache_spares_importing_jsonschema(tmp_path):
    script = ("import sys; from flowlint.lint import lint; from flowlint.config import Settings; "
              f"lint([{str(FLOWS[1])!r}], Settings()); print('jsonschema' in sys.modules)")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("FLOWLINT_NO_CACHE", None)
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True).stdout.strip()
            for _ in range(2)]
    assert runs == ["True", "False"]


def test_a_cache_past_its_size_keeps_only_what_this_process_worked_out(cache_home, monkeypatch):
    from flowlint import schema_units

    names = {units_of(n).cache_name for n in ("typebot-flow-v5.schema.json", "typebot-flow-v6.schema.json")}
    monkeypatch.setattr(schema_units, "MAX_CACHED_CHARACTERS", 0)
    monkeypatch.setattr(schema_units, "_read", {(str(cache.directory()), n): {"/groups": {"an old shape": 0}} for n in names})
    expected = _findings(cache=False)
    assert _findings() == expected
    kept = [cache.load(n) for n in names]
    assert any(kept) and "an old shape" not in json.dumps(kept)

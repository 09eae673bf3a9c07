"""A small fixed-seed sample of the mutation fuzzer (tests/fuzzing.py); scripts/fuzz.py runs the
long one for a release. Every case runs the real CLI: check twice, --diff, or --fix then check."""
import subprocess
import sys
from collections import Counter

import pytest

import fuzzing
from fuzzing import Case, cases, run_case

SEED = 13


def sample(family, count):
    return list(cases(family, SEED, count))


@pytest.mark.parametrize("family, count", [("config", 150), ("flow", 60)])
def test_a_fixed_seed_sample_shows_no_defect(family, count):
    defects = [d for case in sample(family, count) for d in run_case(case, limit=5.0, hang=30.0)]
    assert [(d.kind, d.case.number, d.case.mutations, d.detail) for d in defects] == []


def test_the_sample_covers_every_mutation_and_mode():
    done = Counter(m for case in sample("config", 150) + sample("flow", 60) for m in case.mutations)
    wanted = [m.__name__ for m in fuzzing.CONFIG_MUTATIONS + fuzzing.TEXT_MUTATIONS + fuzzing.JSON_TEXT_MUTATIONS]
    assert [m for m in wanted if not done[m]] == [] and done["structure"] > 0
    assert {case.mode for case in sample("flow", 6)} == set(fuzzing.MODES)


def test_cases_are_reproducible_and_seeded():
    assert sample("config", 5) == sample("config", 5)
    assert list(cases("config", SEED, 2, start=3)) == sample("config", 5)[3:]
    assert [c.data for c in cases("config", SEED + 1, 5)] != [c.data for c in sample("config", 5)]


def test_the_harness_reports_a_crash_a_changed_input_and_a_hang(monkeypatch):
    import flowlint.loaders.envfile as envfile

    case = Case("config", 0, ".env", b"A=1\n", (), "test")  # mode "check"
    monkeypatch.setattr(envfile, "settings_from_env_text", lambda source: 1 / 0)
    assert [d.kind for d in run_case(case)] == ["traceback", "traceback"]

    def writes(source):
        source.fs_path.write_text("B=2\n")
        return [], [], None
    monkeypatch.setattr(envfile, "settings_from_env_text", writes)
    assert "input-changed" in [d.kind for d in run_case(case)]

    def spins(source):
        while True:
            pass
    monkeypatch.setattr(envfile, "settings_from_env_text", spins)
    assert [d.kind for d in run_case(case, hang=0.5)] == ["hang"]


@pytest.mark.parametrize("name, text", [
    ("env.yml", "m0: &m0\n  A: 1\n" + "".join(f"m{k}: &m{k}\n  <<: [{', '.join([f'*m{k - 1}'] * 9)}]\n" for k in range(1, 30))),
    ("docker-compose.yml", "services:\n  ? [a, b]\n  : c\n"),
    ("flow.json", '{"version": "6", "groups": [], "edges": [], "x": %s}' % fuzzing.HUGE),
])
def test_a_real_process_on_a_hostile_file_reports_it_cleanly(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    done = subprocess.run([sys.executable, "-m", "flowlint", "check", "--format", "json", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 1) and done.stderr == ""

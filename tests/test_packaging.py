"""The wheel ships the schemas, the pre-commit hook works through the real pre-commit client,
and start-up stays lean."""
import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))


def test_wheel_ships_schemas(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("flowlint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n.rsplit("/", 1)[-1] for n in names if n.startswith("flowlint/schemas/")}
    assert {p.name for p in (REPO / "schemas").glob("*.json")} <= shipped
    assert "flowlint/rules/fl400_restart_loop.py" in names


def _offline_env(tmp_path) -> dict:
    """pre-commit builds the hook's env (`language: python`: pip installs this repo) without network:
    no index, proxies that lead nowhere, and pip finds flowlint's dependencies and its build backend
    (hatchling, in the test extra) already installed in the test's environment, on PYTHONPATH, with
    build isolation off. (A user's first run downloads them, as for any pre-commit hook.)"""
    import sysconfig

    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k.lower() not in (
        "http_proxy", "https_proxy", "all_proxy", "no_proxy", "pythonpath")}
    dead = "http://127.0.0.1:9"  # the discard port: any download attempt fails at once
    env.update({"PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1", "PIP_NO_INDEX": "1",
                "PIP_CONFIG_FILE": os.devnull, "PIP_NO_BUILD_ISOLATION": "0", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
                "PYTHONPATH": sysconfig.get_paths()["purelib"], "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
                "http_proxy": dead, "https_proxy": dead, "HTTP_PROXY": dead, "HTTPS_PROXY": dead})
    return env


def test_pre_commit_try_repo(tmp_path):
    """The hook definition, run by the real pre-commit client on a user's repo, offline."""
    pre_commit = shutil.which("pre-commit") or os.path.join(os.path.dirname(sys.executable), "pre-commit")
    work = tmp_path / "user-repo"
    shutil.copytree(REPO / "fixtures/restart-loop", work / "bot")
    (work / "bot" / "flows").mkdir()
    shutil.move(work / "bot" / "flow.json", work / "bot" / "flows" / "welcome.json")
    (work / "README.md").write_text("not linted\n")
    env = _offline_env(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    for command in (["git", "init", "-q"], ["git", "add", "."]):
        subprocess.run(command, cwd=work, check=True, env=env)
    source = tmp_path / "flowlint-src"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".venv*", ".git", "__pycache__", ".pytest_cache", ".hypothesis"))
    subprocess.run(["git", "init", "-q"], cwd=source, check=True)
    subprocess.run(["git", "add", "."], cwd=source, check=True)
    subprocess.run([*git, "commit", "-qm", "snapshot"], cwd=source, check=True)

    def try_repo(*args):
        result = subprocess.run([pre_commit, "try-repo", str(source), "flowlint", *args, "--verbose"],
                                cwd=work, env=env, capture_output=True, text=True, timeout=600)
        return result.returncode, result.stdout + result.stderr

    # A commit that changes only the flow: pre-commit passes just that file (README.md is no hook file);
    # flowlint finds bot/docker-compose.yml and its .env above it, and the restart loop is found.
    subprocess.run([*git, "commit", "-qm", "the bot"], cwd=work, check=True, env=env)
    flow = work / "bot" / "flows" / "welcome.json"

    def change_only_the_flow():
        flow.write_text(flow.read_text() + "\n")
        (work / "README.md").write_text((work / "README.md").read_text() + "more\n")
        subprocess.run(["git", "add", "bot/flows/welcome.json", "README.md"], cwd=work, check=True, env=env)

    change_only_the_flow()
    code, output = try_repo()
    assert code == 1, output
    assert "README.md" not in output.split("flowlint", 1)[-1]
    assert "bot/flows/welcome.json:61:16: FL400 [error] restart-loop" in output
    assert "FL200" not in output  # the compose file was not passed: read as context only
    assert "EvolutionAPI config found and read: bot/docker-compose.yml, bot/.env" in output
    # The deployment keeps the session: the same kind of commit passes.
    env_file = work / "bot" / ".env"
    env_file.write_text(env_file.read_text() + "TYPEBOT_KEEP_OPEN=true\n")
    subprocess.run([*git, "commit", "-qam", "keep the session"], cwd=work, check=True, env=env)
    change_only_the_flow()
    code, output = try_repo()
    assert code == 0, output
    assert "flowlint" in output and "Passed" in output and "FL400" not in output


def test_version_and_help_do_not_import_heavy_modules():
    code = ("import sys\nfrom flowlint.cli import main\n"
            "try: main(['--version'])\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('networkx', 'jsonschema', 'ruamel', 'dotenv') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")


def _modules_after_linting_a_dotenv(tmp_path, settings: str) -> set:
    """The modules a new process holds after linting a small .env with `Settings(<settings>)`."""
    (tmp_path / ".env").write_text("TYPEBOT_KEEP_OPEN=true\n")
    code = ("import sys\nfrom flowlint.config import Settings\nfrom flowlint.lint import lint\n"
            f"lint([{str(tmp_path / '.env')!r}], Settings({settings}))\nprint(*sys.modules)")
    return set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())


def test_linting_only_a_dotenv_does_not_import_networkx_or_jsonschema(tmp_path):
    modules = _modules_after_linting_a_dotenv(tmp_path, "evolution_version='1.8.2'")
    assert "flowlint.lint" in modules and not {"networkx", "jsonschema"} & modules


def test_a_selection_imports_only_its_rule_modules(tmp_path):
    """`--select FL2` on a .env imports the modules of FL2xx rules, and of no other rule."""
    modules = _modules_after_linting_a_dotenv(tmp_path, "select=['FL2'], evolution_version='1.8.2'")
    assert {m.split(".")[-1][:3] for m in modules if m.startswith("flowlint.rules.fl")} == {"fl2"}


def test_msgspec_is_imported_for_a_big_flow_only(tmp_path):
    """Its import costs more than it saves on a small flow: one with findings to locate and
    variables to walk is linted without it; a flow of a million characters is parsed with it."""
    pytest.importorskip("msgspec")
    from run import write_flow

    big = write_flow(tmp_path / "big.json", 3000)
    assert big.stat().st_size >= 1_000_000
    found = {}
    for name, path in (("small", REPO / "fixtures" / "restart-loop"), ("big", big)):
        code = ("import sys\nfrom flowlint.config import Settings\nfrom flowlint.lint import lint\n"
                f"result = lint([{str(path)!r}], Settings(jobs=1))\n"
                "print(len(result.diagnostics), 'msgspec' in sys.modules)")
        found[name] = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert found["small"][1] == "False" and int(found["small"][0]) > 0
    assert found["big"][1] == "True"


def _flowlint(*args):
    return subprocess.run([sys.executable, "-m", "flowlint", *args], capture_output=True, text=True, cwd=REPO)


def test_a_process_ends_with_the_lint_exit_code_and_its_whole_output():
    """`run` ends the process with os._exit: the exit code and every byte of output must survive it."""
    findings = _flowlint("check", "fixtures/restart-loop", "--format", "json", "--no-color")
    assert findings.returncode == 1, findings.stderr
    report = json.loads(findings.stdout)  # complete: the output was flushed before the exit
    assert {d["code"] for d in report["diagnostics"]} >= {"FL200", "FL400"}
    clean = _flowlint("check", "fixtures/keep-open", "--no-color")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    missing = _flowlint("check", "no/such/flow.json")
    assert missing.returncode == 2 and missing.stderr.startswith("flowlint: error:")
    assert _flowlint("--version").stdout.startswith("flowlint, version")


def test_closed_standard_streams_keep_the_exit_code():
    def closed(fd):
        return lambda: os.close(fd)

    clean = subprocess.run([sys.executable, "-m", "flowlint", "check", "fixtures/keep-open", "--no-color"],
                           cwd=REPO, stdout=subprocess.PIPE, preexec_fn=closed(2))
    assert clean.returncode == 0
    unknown = subprocess.run([sys.executable, "-m", "flowlint", "explain", "FL999"], cwd=REPO,
                             stdout=subprocess.PIPE, preexec_fn=closed(2))
    assert unknown.returncode == 2
    findings = subprocess.run([sys.executable, "-m", "flowlint", "check", "fixtures/restart-loop"], cwd=REPO,
                              stderr=subprocess.PIPE, preexec_fn=closed(1))
    assert findings.returncode == 1, findings.stderr

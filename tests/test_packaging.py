"""The wheel ships the schemas, the pre-commit hook works through the real pre-commit client,
and start-up stays lean."""
import json
import os
import shutil
import subprocess
import sys
import zipfile

from conftest import REPO


def test_wheel_ships_schemas(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("flowlint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n.rsplit("/", 1)[-1] for n in names if n.startswith("flowlint/schemas/")}
    assert {p.name for p in (REPO / "schemas").glob("*.json")} <= shipped
    assert "flowlint/rules/fl400_restart_loop.py" in names


def test_pre_commit_try_repo(tmp_path):
    """The hook definition, run by the real pre-commit client on a small repo."""
    pre_commit = shutil.which("pre-commit") or os.path.join(os.path.dirname(sys.executable), "pre-commit")
    work = tmp_path / "user-repo"
    shutil.copytree(REPO / "fixtures/restart-loop", work / "bot")
    (work / "bot" / "flows").mkdir()
    shutil.move(work / "bot" / "flow.json", work / "bot" / "flows" / "welcome.json")
    (work / "README.md").write_text("not linted\n")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    for command in (["git", "init", "-q"], ["git", "add", "."]):
        subprocess.run(command, cwd=work, check=True, env=env)
    source = tmp_path / "flowlint-src"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".venv*", ".git", "__pycache__", ".pytest_cache", ".hypothesis"))
    subprocess.run(["git", "init", "-q"], cwd=source, check=True)
    subprocess.run(["git", "add", "."], cwd=source, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "snapshot"], cwd=source, check=True)
    result = subprocess.run([pre_commit, "try-repo", str(source), "flowlint", "--all-files", "--verbose"],
                            cwd=work, env=env, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "bot/flows/welcome.json:61:16: FL400 [error] restart-loop" in output
    assert "bot/docker-compose.yml:3:12: FL200" in output
    assert "README.md" not in output.split("flowlint", 1)[-1]
    # A commit that changes only the flow: pre-commit passes just that file; evolution-config
    # brings the deployment's config, so the restart loop is still found (and FL200 is not repeated).
    (work / ".flowlint.toml").write_text('evolution-config = ["bot/docker-compose.yml"]\n')
    result = subprocess.run([pre_commit, "try-repo", str(source), "flowlint", "--files", "bot/flows/welcome.json",
                             "--verbose"], cwd=work, env=env, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "bot/flows/welcome.json:61:16: FL400 [error] restart-loop" in output
    assert "FL200" not in output


def test_version_and_help_do_not_import_heavy_modules():
    code = ("import sys\nfrom flowlint.cli import main\n"
            "try: main(['--version'])\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('networkx', 'jsonschema', 'ruamel', 'dotenv') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")


def test_linting_only_a_dotenv_does_not_import_networkx_or_jsonschema(tmp_path):
    (tmp_path / ".env").write_text("TYPEBOT_KEEP_OPEN=true\n")
    code = ("import sys\nfrom flowlint.config import Settings\nfrom flowlint.lint import lint\n"
            f"lint([{str(tmp_path / '.env')!r}], Settings(evolution_version='1.8.2'))\n"
            "print(sorted(m for m in ('networkx', 'jsonschema') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


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

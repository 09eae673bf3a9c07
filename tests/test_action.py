"""The GitHub Action (action.yml): valid metadata, and its steps, run in bash with the variables a
runner sets, produce the annotations, the step summary and the SARIF file."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import FIXTURES, REPO

SCHEMAS = Path(__file__).parent / "schemas"
ACTION = YAML(typ="safe").load((REPO / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def test_action_metadata_is_valid():
    schema = json.loads((SCHEMAS / "github-action.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(ACTION)
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "args", "sarif-file", "version", "pip-install"} <= set(ACTION["inputs"])


def _evaluate(text: str, inputs: dict, outputs: dict) -> str:
    """The few expressions action.yml uses; any other one fails the test (so none goes untested)."""
    def value(match):
        expression = match.group(1)
        if expression == "github.action_path":
            return str(REPO)
        if expression == "github.action_repository":
            return "someone/flowlint-fork"
        kind, _, rest = expression.partition(".")
        if kind == "inputs":
            return inputs.get(rest, ACTION["inputs"][rest].get("default", ""))
        if kind == "steps":
            step, _, key = rest.partition(".outputs.")
            return outputs.get(step, {}).get(key, "")
        raise AssertionError(f"action.yml uses an expression this test cannot evaluate: {expression}")

    return EXPRESSION.sub(value, str(text))


def run_action(workspace: Path, inputs: dict, path_dirs=()) -> dict:
    """Every step in bash, as a runner does it: a fresh GITHUB_OUTPUT file per step, read after it."""
    runner = workspace.parent / "runner"
    runner.mkdir(exist_ok=True)
    summary = runner / "summary.md"
    env = {**os.environ, "GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_WORKSPACE": str(workspace),
           "GITHUB_ACTION_PATH": str(REPO), "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(runner),
           "GITHUB_ENV": str(runner / "env"), "GITHUB_PATH": str(runner / "path"),
           "PATH": os.pathsep.join([*map(str, path_dirs), str(Path(sys.executable).parent), os.environ["PATH"]])}
    env.pop("NO_COLOR", None)
    outputs, steps = {}, []
    for step in ACTION["runs"]["steps"]:
        output = runner / f"output-{step['id']}"
        output.write_text("")
        step_env = {**env, "GITHUB_OUTPUT": str(output),
                    **{k: _evaluate(v, inputs, outputs) for k, v in step.get("env", {}).items()}}
        assert step["shell"] == "bash"
        done = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],
                              cwd=workspace, env=step_env, capture_output=True, text=True, timeout=120)
        outputs[step["id"]] = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
        steps.append(done)
        if done.returncode:
            break
    action_outputs = {k: _evaluate(v["value"], inputs, outputs) for k, v in ACTION["outputs"].items()}
    return {"steps": steps, "outputs": action_outputs,
            "summary": summary.read_text() if summary.exists() else ""}


@pytest.fixture
def workspace(tmp_path):
    checkout = tmp_path / "workspace"
    shutil.copytree(FIXTURES / "restart-loop", checkout / "bot")
    shutil.copytree(FIXTURES / "keep-open", checkout / "sound bot")
    (checkout / ".git").mkdir()  # a checkout: the SARIF source root
    return checkout


@needs_bash
def test_steps_give_annotations_summary_and_sarif(workspace):
    ran = run_action(workspace, {"pip-install": "none", "paths": "bot", "sarif-file": "flowlint.sarif"})
    install, check = ran["steps"]
    assert install.returncode == 0, install.stderr
    assert check.returncode == 1, check.stderr
    annotations = [line for line in check.stdout.splitlines() if line.startswith("::")]
    assert annotations[0].startswith("::warning file=bot/docker-compose.yml,line=3,col=12,endLine=3,")
    assert annotations[1].startswith("::error file=bot/flow.json,line=61,col=16,")
    assert len(annotations) == 3
    assert check.stdout.endswith("Found 3 problems (2 errors, 1 warning) in 3 files.\n")
    assert ran["summary"].startswith("## flowlint\n\nFound 3 problems (2 errors, 1 warning) in 3 files.\n")
    assert "| `bot/flow.json:61:16` | FL400 restart-loop |" in ran["summary"]
    assert "```mermaid" in ran["summary"]
    assert ran["outputs"] == {"exit-code": "1", "sarif-file": "flowlint.sarif"}
    log = json.loads((workspace / "flowlint.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text())).validate(log)
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == workspace.as_uri() + "/"
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]] == [
        "bot/docker-compose.yml", "bot/flow.json", "bot/flow.json"]


@needs_bash
def test_paths_with_spaces_on_lines_and_args_pass_through(workspace):
    ran = run_action(workspace, {"pip-install": "none", "paths": "sound bot\n", "args": "--fail-on info"})
    check = ran["steps"][1]
    # "sound bot" is split into two paths as documented (spaces or newlines): neither exists
    assert check.returncode == 2 and "sound: no such file or directory" in check.stderr
    (workspace / "sound bot").rename(workspace / "sound-bot")
    ran = run_action(workspace, {"pip-install": "none", "paths": "sound-bot\n", "args": "--fail-on info --select FL4"})
    assert ran["steps"][1].returncode == 0, ran["steps"][1].stdout
    assert ran["outputs"] == {"exit-code": "0", "sarif-file": ""}
    assert not list(workspace.glob("*.sarif"))


@needs_bash
@pytest.mark.parametrize("inputs, installed", [
    ({}, str(REPO)),  # the action's own checkout, at the ref the workflow names
    ({"version": "0.1.0"}, "flowlint @ git+https://github.com/someone/flowlint-fork@v0.1.0"),  # its tag
    ({"version": "main"}, "flowlint @ git+https://github.com/someone/flowlint-fork@main"),
    ({"version": "0.1.0", "pip-install": "flowlint[extra] @ file:///src"}, "flowlint[extra] @ file:///src"),
])
def test_install_step_installs_what_the_inputs_say(workspace, inputs, installed):
    fake = workspace.parent / "fake-bin"  # a python3 that records the venv it makes and what it installs
    fake.mkdir()
    (fake / "recorder").write_text(f'#!/bin/bash\nprintf "%s\\n" "$@" > {fake}/installed\n')
    (fake / "recorder").chmod(0o755)
    (fake / "python3").write_text(f'#!/bin/bash\n[ "$1 $2" = "-m venv" ] || exit 9\nmkdir -p "$3/bin"\n'
                                  f'cp {fake}/recorder "$3/bin/python"\n')
    (fake / "python3").chmod(0o755)
    ran = run_action(workspace, {**inputs, "paths": "bot"}, path_dirs=[fake])
    install = ran["steps"][0]
    assert install.returncode == 0, install.stderr
    assert (fake / "installed").read_text().splitlines()[-1] == installed
    venv = workspace.parent / "runner" / "flowlint-action-venv"
    # the check step runs the venv's flowlint (absent here, so: not found)
    assert ran["steps"][1].returncode == 127 and str(venv / "bin" / "flowlint") in ran["steps"][1].stderr


def test_the_readme_workflow_uses_the_actions_own_inputs_and_outputs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### GitHub Action"):]
    workflow = YAML(typ="safe").load(section[section.index("```yaml") + 7:section.index("```", section.index("```yaml") + 7)])
    steps = workflow["jobs"]["flowlint"]["steps"]
    (ours,) = [s for s in steps if s["uses"].startswith("flowlint/flowlint@")]
    assert set(ours["with"]) <= set(ACTION["inputs"])
    upload = steps[steps.index(ours) + 1]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == ours["with"]["sarif-file"]
    for output in re.findall(r"steps\.flowlint\.outputs\.([\w-]+)", upload["if"]):
        assert output in ACTION["outputs"]

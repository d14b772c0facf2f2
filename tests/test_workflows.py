"""The GitHub Actions files our users copy: actionlint passes them, and the composite action behaves as documented."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
ACTION = ROOT / "action.yml"
ACTIONLINT = Path(sys.executable).parent / "actionlint"
# shellcheck and pyflakes are used only when on PATH: turned off, so every machine gives the same verdict.
LINT = [str(ACTIONLINT), "-no-color", "-shellcheck=", "-pyflakes="]


def _load(path: Path) -> dict[str, Any]:
    # strings only: `on` stays "on", not True
    document: dict[str, Any] = yaml.load(path.read_text(), Loader=yaml.BaseLoader)
    return document


def _actionlint(*args: str, cwd: Path) -> None:
    if not ACTIONLINT.exists():
        pytest.fail(f"{ACTIONLINT} is missing: install the test dependencies (pip install -e '.[test]')")
    done = subprocess.run([*LINT, *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"actionlint {' '.join(args)}:\n{done.stdout}{done.stderr}"


def _steps(document: dict[str, Any]) -> list[dict[str, Any]]:
    if "runs" in document:
        steps: list[dict[str, Any]] = document["runs"]["steps"]
        return steps
    return [step for job in document["jobs"].values() for step in job.get("steps", [])]


def test_the_workflows_exist() -> None:
    names = {path.name for path in WORKFLOWS}
    assert {"coordinated-deployment.yml", "deployment-monitoring.yml"} <= names


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_actionlint_passes(workflow: Path) -> None:
    _actionlint(str(workflow.relative_to(ROOT)), cwd=ROOT)


def test_actionlint_passes_a_workflow_using_the_action(tmp_path: Path) -> None:
    # actionlint checks a local action's metadata, inputs and outputs where a workflow uses it as `./`.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(ACTION, tmp_path / "action.yml")
    (tmp_path / ".github" / "workflows" / "use.yml").write_text("""\
on: push
permissions: {contents: read}
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - id: deploy
        uses: ./
        with: {environment: staging, version: "${{ github.sha }}", redis-url: "${{ secrets.REDIS_URL }}"}
      - if: always()
        env:
          OUT: "${{ steps.deploy.outputs.result }} ${{ steps.deploy.outputs.exit-code }}"
        run: echo "$OUT"
""")
    _actionlint(".github/workflows/use.yml", cwd=tmp_path)


def test_the_action_is_composite_and_uses_only_inputs_it_declares() -> None:
    action = _load(ACTION)
    assert action["runs"]["using"] == "composite"
    declared = set(action["inputs"])
    used = set(re.findall(r"\binputs\.([A-Za-z0-9_-]+)", yaml.safe_dump(action["runs"])))
    assert used, "the action's steps use none of its inputs"
    assert used <= declared, f"undeclared inputs: {sorted(used - declared)}"
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step.get("shell"), f"a composite action's run step needs a shell: {step.get('name')}"
            assert "${{" not in step["run"], f"pass expressions through env, not into the script: {step.get('name')}"
    step_ids = {step.get("id") for step in action["runs"]["steps"]}
    for name, output in action["outputs"].items():
        source = re.fullmatch(r"\$\{\{ steps\.([\w-]+)\.outputs\.[\w-]+ \}\}", output["value"])
        assert source and source.group(1) in step_ids, f"output {name} reads no step of the action"


@pytest.mark.parametrize("path", [*WORKFLOWS, ACTION], ids=lambda path: path.name)
def test_every_deploy_waits_for_its_outcome(path: Path) -> None:
    commands = [
        command
        for step in _steps(_load(path))
        for command in re.findall(r"(?m)^\s*flightdeck\s+deploy\b.*$", step.get("run", ""))
    ]
    for command in commands:
        assert "--wait" in command, f"{path.name}: `{command.strip()}` does not wait, so a failure would pass"
    if path.name in {"action.yml", "coordinated-deployment.yml"}:
        assert commands, f"{path.name} runs no `flightdeck deploy`"


def test_production_deploys_after_staging_behind_its_environment() -> None:
    jobs = _load(ROOT / ".github" / "workflows" / "coordinated-deployment.yml")["jobs"]
    deploys = {
        name: job for name, job in jobs.items() if any("flightdeck deploy" in s.get("run", "") for s in job["steps"])
    }
    assert set(deploys) == {"staging", "production"}
    assert "staging" in jobs["production"]["needs"]
    for name, job in deploys.items():
        assert job["environment"] == name
        assert name in job["concurrency"]["group"] and job["concurrency"]["cancel-in-progress"] == "false"
        assert "timeout-minutes" in job


@pytest.mark.parametrize(
    ("code", "result"), [(0, "succeeded"), (1, "failed"), (2, "rolled-back"), (3, "rejected"), (4, "timed-out")]
)
def test_the_action_reports_the_outcome_and_fails_unless_it_succeeded(tmp_path: Path, code: int, result: str) -> None:
    deploy = next(step for step in _load(ACTION)["runs"]["steps"] if step.get("id") == "deploy")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "flightdeck"  # records its arguments, prints a report and exits as the real one would
    fake.write_text(
        f'#!/bin/sh\necho "$@" > "{tmp_path}/args"\necho \'{{"type": "stage-started"}}\'\n'
        f'echo \'{{"deployment_id": "d-1", "exit_code": {code}}}\'\nexit {code}\n'
    )
    fake.chmod(0o755)
    outputs = tmp_path / "outputs"
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_OUTPUT": str(outputs),
        "DEPLOY_ENV": "staging",
        "DEPLOY_VERSION": "abc1234",
        "DEPLOY_SERVICES": "api=1.2\nweb=2.0 *",
        "DEPLOY_TIMEOUT": "5m",
        "REDIS_URL": "redis://127.0.0.1:1",
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", deploy["run"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == code, done.stdout + done.stderr
    assert (tmp_path / "args").read_text().split() == [
        "deploy",
        "--env",
        "staging",
        "--version",
        "abc1234",
        "--timeout",
        "5m",
        "--service",
        "api=1.2",
        "--service",
        "web=2.0",
        "--service",
        "*",
        "--wait",
        "--json",
    ]
    written = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert written["result"] == result and written["exit-code"] == str(code)
    assert written["deployment-id"] == "d-1"
    assert (code == 0) != ("::error::" in done.stdout)

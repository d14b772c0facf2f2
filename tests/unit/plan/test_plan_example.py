"""The example plan models the customer's system and stays valid; the plan package keeps its own rules."""

import ast
import os
from pathlib import Path

from shared.plan import load_plan, render_command, resolve_for_environment

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "flightdeck.yaml"


def test_the_example_validates_and_models_the_customer_system() -> None:
    plan = load_plan(EXAMPLE)
    assert {name: service.kind for name, service in plan.services.items()} == {
        "migrate": "job",
        "api": "backend",
        "worker": "backend",
        "web": "frontend",
    }
    assert plan.environments["production"].approval_required
    assert not plan.environments["staging"].approval_required
    assert plan.alerting.channels["ops-slack"].type == "slack"
    assert plan.alerting.channels["oncall-email"].type == "email"


def test_the_example_deploys_the_api_with_the_customer_script() -> None:
    staging = resolve_for_environment(load_plan(EXAMPLE), "staging")
    values = {"service": "api", "version": "1.4.2", "environment": "staging", "previous_version": "1.4.1"}
    assert render_command(staging.services["api"].deploy or [], values) == [
        "./deploy-cloudrun-direct.sh",
        "api",
        "1.4.2",
        "staging",
    ]
    assert staging.waves == [["migrate"], ["api", "worker"], ["web"]]
    assert staging.services["web"].strategy.type == "blue-green"


def test_every_script_the_example_runs_sits_beside_it_and_is_executable() -> None:
    plan = load_plan(EXAMPLE)
    programs = set()
    for environment in plan.environments:
        for service in resolve_for_environment(plan, environment).services.values():
            for command in (service.deploy, service.rollback, service.strategy.switch):
                if command:
                    programs.add(command[0])
    assert programs == {
        "./deploy-cloudrun-direct.sh",
        "./run-migration.sh",
        "./deploy-firebase-hosting.sh",
        "./switch-firebase-channel.sh",
    }
    for program in programs:
        assert os.access(EXAMPLE.parent / program, os.X_OK), program


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_only_the_store_talks_to_redis_and_no_plan_module_reaches_200_lines() -> None:
    modules = sorted((ROOT / "shared" / "plan").glob("*.py"))
    assert len(modules) > 10
    for path in modules:
        assert len(path.read_text().splitlines()) < 200, path.name
        if path.name != "store.py":
            io = _imported_roots(path) & {"redis", "httpx", "faststream", "aiosmtplib", "subprocess", "socket"}
            assert not io, f"{path.name} imports {io}"

"""A ${NAME} an environment cannot fill in is named by validation, with a "did you mean", before anything runs."""

from pathlib import Path
from typing import Any

import pytest

from shared.plan import parse_plan
from tests.unit.plan.helpers import base, dump, problems
from tests.unit.plan.test_plan_cli import _run


def plan_with(ready: str, deploy: list[str] | None = None, **variables: dict[str, str]) -> dict[str, Any]:
    data = base()
    data["services"]["api"]["health"]["ready"] = ready
    if deploy is not None:
        data["services"]["api"]["deploy"] = deploy
    for environment, values in variables.items():
        data["environments"][environment]["variables"] = values
    return data


def test_a_misspelled_variable_in_a_health_url_is_named_with_what_was_meant() -> None:
    hosts = {"HOST": "api.example"}
    assert problems(plan_with("https://${HSOT}/health/ready", staging=hosts, production=hosts)) == [
        "services.api.health.ready: ${HSOT} is not a variable of environments staging and production; did you "
        "mean ${HOST}? An address is filled in from the environment's variables only: define it under "
        "environments.staging.variables or environments.production.variables, or correct the name",
    ]


def test_a_variable_only_one_environment_defines_is_named_for_the_other() -> None:
    found = problems(
        plan_with(
            "${API_URL}/health/ready", staging={"API_URL": "https://api.staging.example"}, production={"REGION": "eu"}
        )
    )
    assert found == [
        "services.api.health.ready: ${API_URL} is not a variable of environment production; its variables are "
        "${REGION}. An address is filled in from the environment's variables only: define it under "
        "environments.production.variables, or correct the name",
    ]


def test_a_secret_in_a_command_is_left_to_the_process_but_a_slip_of_a_variable_is_not() -> None:
    values = {"GCP_PROJECT": "acme"}
    secret = plan_with(
        "https://api.example/ready",
        ["./deploy.sh", "--token=${DEPLOY_TOKEN}", "${GCP_PROJECT}"],
        staging=values,
        production=values,
    )
    assert parse_plan(dump(secret)).services["api"].deploy == [
        "./deploy.sh",
        "--token=${DEPLOY_TOKEN}",
        "${GCP_PROJECT}",
    ]
    slip = plan_with(
        "https://api.example/ready", ["./deploy.sh", "--project=${GCP_PROJCET}"], staging=values, production=values
    )
    (found,) = problems(slip)
    assert found.startswith(
        "services.api.deploy[1]: ${GCP_PROJCET} is not a variable of environments staging and "
        "production; did you mean ${GCP_PROJECT}?"
    )


def test_an_override_in_one_environment_is_checked_there() -> None:
    data = plan_with("https://api.example/ready", staging={"HOST": "stg"}, production={"HOST": "prod"})
    data["environments"]["staging"]["services"] = {"api": {"health": {"ready": "https://${HOTS}/ready"}}}
    (found,) = problems(data)
    assert found.startswith(
        "services.api.health.ready: ${HOTS} is not a variable of environment staging; did you mean ${HOST}?"
    )


def test_plan_validate_and_show_refuse_it_with_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "flightdeck.yaml"
    hosts = {"HOST": "127.0.0.1:9000"}
    path.write_text(dump(plan_with("http://${HSOT}/health/ready", staging=hosts, production=hosts)))
    assert _run("plan", "validate", str(path)) == 1
    out = capsys.readouterr().out
    assert f"{path}:16: services.api.health.ready: ${{HSOT}} is not a variable" in out and "1 problem found" in out
    assert _run("plan", "show", str(path), "--env", "staging") == 1
    assert "did you mean ${HOST}?" in capsys.readouterr().out

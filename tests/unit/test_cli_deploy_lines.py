"""What `flightdeck deploy --wait` makes of a deployment's events (pure): the outcome they lead to, the line each
prints, coloured only when asked."""

import io
from typing import TypedDict

import pytest

from cli.deploy_view import View
from cli.follow import outcome_of
from cli.lines import describe
from shared.events import DeploymentStarted, ServiceDeployFailed, ServiceDeploySucceeded
from shared.events.deployment import DeploymentStartedPayload
from shared.events.stage import ServiceDeployFailedPayload, ServiceDeploySucceededPayload


class Ids(TypedDict):
    deployment_id: str
    environment: str


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["deployment-started", "stage-started", "deployment-succeeded"], ("succeeded", 0)),
        (
            [
                "deployment-failed",
                "rollback-requested",
                "rollback-started",
                "rollback-completed",
                "deployment-rolled-back",
            ],
            ("rolled back", 2),
        ),
        (["deployment-failed", "rollback-started", "rollback-failed"], ("rollback failed", 1)),
        (["deployment-failed"], ("failed", 1)),
        (["deployment-rejected"], ("rejected", 3)),
        (["deployment-cancelled"], ("cancelled", 3)),
        (["deployment-cancelled", "rollback-started", "deployment-rolled-back"], ("cancelled", 3)),
        (["deployment-failed", "deployment-paused"], None),
        (["deployment-failed", "deployment-paused", "resume-requested", "deployment-succeeded"], ("succeeded", 0)),
        (["deployment-failed", "rollback-started"], None),
        (["deployment-started", "stage-started"], None),
    ],
)
def test_outcome_from_event_types(kinds: list[str], expected: tuple[str, int] | None) -> None:
    ending = outcome_of(kinds)
    assert (ending and (ending.outcome, ending.exit_code)) == expected


def test_each_step_reads_as_one_line() -> None:
    base = Ids(deployment_id="d-1", environment="staging")
    started = DeploymentStarted(
        **base, payload=DeploymentStartedPayload(waves=[["api"], ["web"]], versions={"api": "2", "web": "2"})
    )
    assert describe(started) == ("started   api 2, web 2 (2 waves)", "")
    ok = ServiceDeploySucceeded(
        **base, service="api", payload=ServiceDeploySucceededPayload(version="2", duration_s=4.24)
    )
    assert describe(ok) == ("deploy api 2 ... ok 4.2s", "ok")
    failed = ServiceDeployFailed(
        **base, service="api", payload=ServiceDeployFailedPayload(version="2", reason="x", exit_code=3)
    )
    assert describe(failed) == ("FAILED deploy api 2: x (output: flightdeck logs d-1)", "bad")
    back = ServiceDeploySucceeded(
        **base, service="web", payload=ServiceDeploySucceededPayload(version="1.9.0", step="rollback", duration_s=0.1)
    )
    assert describe(back) == ("rollback web -> 1.9.0 ... ok 0.1s", "ok")


def test_colour_when_asked_and_plain_lines_otherwise() -> None:
    event = ServiceDeployFailed(
        deployment_id="d-1",
        environment="staging",
        service="api",
        payload=ServiceDeployFailedPayload(version="2", reason="x", exit_code=3),
    )
    coloured, plain = io.StringIO(), io.StringIO()
    View(coloured, as_json=False, colour=True, actions=False).event(event)
    View(plain, as_json=False, colour=False, actions=True).event(event)
    line = "FAILED deploy api 2: x (output: flightdeck logs d-1)"
    assert f"\033[31;1m{line}\033[0m" in coloured.getvalue() and "::error" not in coloured.getvalue()
    assert "\033[" not in plain.getvalue()
    assert plain.getvalue().splitlines()[-1] == f"::error title=api failed::{line}"

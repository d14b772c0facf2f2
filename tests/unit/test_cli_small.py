"""Small things a new user hit (issue 12), each as plain values: what a deploy request may contain, said in words
before anything is published; plurals; a failure said once; who asks when $USER is unset."""

import argparse
import io
import os
import pwd
from datetime import UTC, datetime
from typing import TypedDict

import pytest

from cli import ci
from cli.deploy_request import build_request
from cli.deploy_view import View
from cli.who import by_or_default
from shared.events import (
    DeploymentFailed,
    DeploymentStarted,
    Event,
    HealthGateFailed,
    RollbackStarted,
    ServiceDeployFailed,
)
from shared.events.deployment import DeploymentFailedPayload, DeploymentStartedPayload
from shared.events.health import HealthGateFailedPayload
from shared.events.rollback import RollbackStartedPayload
from shared.events.stage import ServiceDeployFailedPayload


class Envelope(TypedDict):
    deployment_id: str
    environment: str
    occurred_at: datetime


BASE = Envelope(deployment_id="d-1", environment="staging", occurred_at=datetime(2026, 1, 31, 12, tzinfo=UTC))


def _args(**given: object) -> argparse.Namespace:
    defaults = {
        "env": "staging",
        "version": None,
        "service": None,
        "id": None,
        "by": "ana",
        "reason": None,
        "redeploy": False,
    }
    return argparse.Namespace(**{**defaults, **given})


def _refusal(**given: object) -> str:
    with pytest.raises(ValueError) as refused:
        build_request(_args(**given), ci.CIContext())
    return str(refused.value)


def test_a_service_given_twice_is_refused_by_name() -> None:
    assert _refusal(service=["api=1.0.0", "web=1.0.0", "api=1.0.1"]) == (
        "--service api is given twice: name each service once"
    )


def test_a_bad_id_says_what_an_id_may_contain() -> None:
    said = _refusal(id="release 42!", version="1.0.0")
    assert said.startswith(
        "--id: 'release 42!' is not a deployment id: a name starts with a letter or digit and "
        "has only letters, digits and _ . : / @ + -"
    )
    assert "pattern" not in said and "String should match" not in said


def test_a_version_with_shell_characters_is_refused_before_publishing() -> None:
    said = _refusal(version="1.0;rm -rf /")
    assert said == (
        "--version: '1.0;rm -rf /' is not a version: use letters, digits and . _ + - (at most 128), "
        "starting with a letter or digit"
    )
    assert "is not a version" in _refusal(service=["api=$(id)"])


def test_a_service_name_that_breaks_the_rule_is_named_in_words() -> None:
    said = _refusal(service=["<img src=x>=1.0.0"])
    assert said.startswith(
        "--service '<img src=x>=1.0.0': '<img src' is not a service name: a name starts with a letter or digit"
    )
    assert "[key]" not in said and "payload." not in said


def _story(*events: Event) -> list[str]:
    out = io.StringIO()
    view = View(out, as_json=False, colour=False, actions=False)
    for event in events:
        view.event(event)
    return [line.split("  ", 1)[1] for line in out.getvalue().splitlines()]


def test_one_wave_is_one_wave() -> None:
    started = DeploymentStarted(**BASE, payload=DeploymentStartedPayload(waves=[["api"]], versions={"api": "2"}))
    two = DeploymentStarted(
        **BASE, payload=DeploymentStartedPayload(waves=[["api"], ["web"]], versions={"api": "2", "web": "2"})
    )
    assert _story(started, two) == ["started   api 2 (1 wave)", "started   api 2, web 2 (2 waves)"]


def test_a_failed_command_is_said_once_with_what_a_person_needs() -> None:
    why = "exited with code 3: api: boom"
    lines = _story(
        ServiceDeployFailed(
            **BASE,
            service="api",
            payload=ServiceDeployFailedPayload(version="2.0.0", reason=why, exit_code=3, duration_s=4.2),
        ),
        DeploymentFailed(**BASE, payload=DeploymentFailedPayload(reason=f"api: {why}", failed_services=["api"])),
        RollbackStarted(**BASE, payload=RollbackStartedPayload(reason=f"api: {why}", waves=[["api"], ["migrate"]])),
    )
    assert lines[0] == f"FAILED deploy api 2.0.0: {why} (after 4.2s; output: flightdeck logs d-1)"
    assert sum(why in line for line in lines) == 1, lines
    assert lines[1:] == ["FAILED    api failed: the deployment stops", "rollback  started: undoing api, migrate"]


def test_a_failed_gate_is_said_once() -> None:
    lines = _story(
        HealthGateFailed(
            **BASE, service="api", payload=HealthGateFailedPayload(reason="3 failed probes: 503", waited_s=20)
        ),
        DeploymentFailed(
            **BASE,
            payload=DeploymentFailedPayload(
                reason="api: health gate failed: 3 failed probes: 503", failed_services=["api"]
            ),
        ),
    )
    assert lines == ["gate api FAILED: 3 failed probes: 503", "FAILED    api failed: the deployment stops"]


def test_a_failure_no_step_told_is_said_in_full() -> None:
    lines = _story(
        DeploymentFailed(
            **BASE,
            payload=DeploymentFailedPayload(reason="api: no health-gate answer within 20s", failed_services=["api"]),
        )
    )
    assert lines == ["FAILED    api: no health-gate answer within 20s"]


def test_without_user_the_login_name_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("USER", "LOGNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    assert by_or_default(None).startswith(f"{pwd.getpwuid(os.getuid()).pw_name}@")
    assert by_or_default("bo") == "bo"

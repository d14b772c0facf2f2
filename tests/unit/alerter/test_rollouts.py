from datetime import UTC, datetime
from typing import Any

import pytest

from services.alerter.app import DEFINITION
from services.alerter.domain.rollouts import (
    ROLLOUT_EVENTS,
    Closed,
    Deployed,
    Opened,
    Window,
    changed_windows,
    facts,
)
from shared.events import EVENT_CLASSES, Event

from .instances import instances

AT = 1000.0


def event(kind: str, payload: dict[str, Any], service: str | None = "api", deployment_id: str | None = "d-1") -> Event:
    """An event of the wire type `kind`, validated as its class validates it (the payload as its model)."""
    return EVENT_CLASSES[kind].model_validate(
        {
            "environment": "staging",
            "service": service,
            "deployment_id": deployment_id,
            "producer": "t",
            "occurred_at": datetime.fromtimestamp(AT, UTC),
            "payload": payload,
        }
    )


def test_a_deploy_command_opens_the_window_and_the_gate_that_follows_closes_it() -> None:
    assert facts(event("service-deploy-started", {"version": "2"})) == [Opened("staging", "api", "d-1", AT)]
    rolling_back = event("service-deploy-started", {"version": "1", "step": "rollback"})
    assert facts(rolling_back) == [Opened("staging", "api", "d-1", AT)]
    assert facts(event("service-deploy-succeeded", {"version": "2", "duration_s": 1})) == [
        Deployed("staging", ("api",))
    ]
    assert facts(event("health-gate-passed", {"waited_s": 1})) == [
        Deployed("staging", ("api",)),
        Closed("staging", "d-1", AT, "api"),
    ]
    assert facts(event("health-gate-failed", {"reason": "x", "waited_s": 1})) == [Closed("staging", "d-1", AT, "api")]
    assert facts(event("service-deploy-failed", {"version": "2", "reason": "exit 1"})) == [
        Closed("staging", "d-1", AT, "api")
    ]


def test_a_blue_green_switch_has_no_gate_after_it_so_its_success_closes_the_window() -> None:
    switched = event("service-deploy-succeeded", {"version": "2", "duration_s": 1, "step": "switch"})
    assert facts(switched) == [Deployed("staging", ("api",)), Closed("staging", "d-1", AT, "api")]


def test_the_end_of_a_deployment_closes_all_its_windows_and_names_what_runs() -> None:
    assert facts(event("deployment-succeeded", {"duration_s": 3, "versions": {"api": "2", "web": "2"}}, None)) == [
        Deployed("staging", ("api", "web")),
        Closed("staging", "d-1", AT),
    ]
    assert facts(event("deployment-failed", {"reason": "x"}, None)) == [Closed("staging", "d-1", AT)]
    rolled = event(
        "rollback-failed", {"outcomes": [{"service": "api", "ok": True}, {"service": "web", "ok": False}]}, None
    )
    assert facts(rolled) == [Deployed("staging", ("api",)), Closed("staging", "d-1", AT)]


def test_a_recorded_deployment_or_a_service_seen_answering_is_deployed() -> None:
    recorded = event("deployment-recorded", {"versions": {"worker": "1.4"}}, None)
    assert facts(recorded) == [Deployed("staging", ("worker",))]
    assert facts(event("health-recovered", {"status": "healthy", "previous_status": "unhealthy"}, deployment_id=None))
    for previous, status in (("healthy", "unhealthy"), ("degraded", "unhealthy"), ("unknown", "degraded")):
        seen = event("health-degraded", {"status": status, "previous_status": previous}, deployment_id=None)
        assert facts(seen) == [Deployed("staging", ("api",))]


def test_a_service_unhealthy_from_its_first_probe_is_not_proof_that_it_runs() -> None:
    never = event("health-degraded", {"status": "unhealthy", "previous_status": "unknown"}, deployment_id=None)
    assert facts(never) == []


@pytest.mark.parametrize("cls", ROLLOUT_EVENTS)
def test_every_rollout_event_is_consumed_and_every_shape_of_it_gives_facts_without_error(cls: type[Event]) -> None:
    assert cls in DEFINITION.consumes
    for made in instances(cls):
        for fact in facts(made):
            assert fact.environment == made.environment
            if isinstance(fact, Deployed):
                assert fact.services


def test_windows_open_close_and_ignore_what_is_not_theirs() -> None:
    opened = changed_windows({}, Opened("staging", "api", "d-1", 10))
    assert opened == {"api": Window(deployment_id="d-1", started_at=10)}
    closed = changed_windows(opened, Closed("staging", "d-1", 20, "api"))
    assert closed == {"api": Window(deployment_id="d-1", started_at=10, ended_at=20)}
    assert changed_windows(closed, Closed("staging", "d-1", 30, "api")) == {}  # already ended
    assert changed_windows(opened, Closed("staging", "d-2", 20, "api")) == {}  # another deployment's gate
    assert changed_windows(closed, Opened("staging", "api", "d-1", 10)) == {}  # the same start, handled again
    again = changed_windows(closed, Opened("staging", "api", "d-1", 25))  # the switch after the gate
    assert again == {"api": Window(deployment_id="d-1", started_at=25)}


def test_the_end_of_a_deployment_closes_only_its_own_open_windows() -> None:
    windows = {
        "api": Window(deployment_id="d-1", started_at=10),
        "web": Window(deployment_id="d-0", started_at=1),
        "db": Window(deployment_id="d-1", started_at=5, ended_at=8),
    }
    assert changed_windows(windows, Closed("staging", "d-1", 30)) == {
        "api": Window(deployment_id="d-1", started_at=10, ended_at=30)
    }
    skewed = changed_windows(windows, Closed("staging", "d-1", 9, "api"))  # the gate's clock runs behind
    assert skewed["api"].ended_at == 10

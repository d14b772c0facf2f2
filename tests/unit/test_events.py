import typing
from datetime import datetime

import pytest

from shared.events import (
    EVENT_ADAPTER,
    EVENT_CLASSES,
    AnyEvent,
    DeployRequested,
    EventError,
    HealthDegraded,
    ServiceDeployStarted,
    parse_event,
)
from shared.events.deployment import DeployRequestedPayload
from shared.events.stage import ServiceDeployStartedPayload
from tests.support.samples import every_event, sample

REQUIRED = {
    "deploy-requested",
    "deployment-started",
    "deployment-succeeded",
    "deployment-failed",
    "deployment-cancelled",
    "deployment-rolled-back",
    "stage-started",
    "stage-succeeded",
    "stage-failed",
    "service-deploy-started",
    "service-deploy-succeeded",
    "service-deploy-failed",
    "health-gate-requested",
    "health-gate-passed",
    "health-gate-failed",
    "health-degraded",
    "health-recovered",
    "verification-requested",
    "verification-passed",
    "verification-failed",
    "rollback-requested",
    "rollback-started",
    "rollback-completed",
    "rollback-failed",
    "approval-requested",
    "approval-granted",
    "alert-sent",
    "alert-failed",
}


def test_the_catalog_has_every_required_type_in_kebab_case() -> None:
    assert REQUIRED <= set(EVENT_CLASSES)
    assert all(name == name.lower() and "_" not in name for name in EVENT_CLASSES)


def test_the_union_covers_every_class() -> None:
    union = typing.get_args(typing.get_args(AnyEvent)[0])
    assert set(union) == set(EVENT_CLASSES.values())


def test_every_event_survives_json() -> None:
    for event in every_event():
        assert parse_event(event.model_dump_json()) == event
        assert EVENT_ADAPTER.validate_python(event.model_dump(mode="json")) == event


def test_envelope_defaults_and_follow_ups() -> None:
    asked = DeployRequestedPayload(version="1.4.2")
    request = DeployRequested(deployment_id="d-1", environment="staging", payload=asked)
    assert len(request.event_id) == 32 and request.occurred_at.tzinfo is not None
    started = request.caused(ServiceDeployStarted, ServiceDeployStartedPayload(version="1.4.2"), service="api")
    assert (started.deployment_id, started.environment, started.service) == ("d-1", "staging", "api")
    assert started.causation_id == request.event_id and started.correlation_id == "d-1"


@pytest.mark.parametrize(
    ("raw", "reason", "message"),
    [
        (b"\xff\xfe", "not-json", "the entry is not JSON"),
        ("[]", "not-an-object", "an event is a JSON object, got list"),
        ("{}", "missing-type", "has no 'type' field"),
        ('{"type": "deploy-exploded"}', "unknown-type", "unknown event type 'deploy-exploded'; known types:"),
        (
            '{"type": "deploy-requested", "environment": "staging", "payload": {}}',
            "invalid",
            "deploy-requested is invalid: deployment_id: Field required",
        ),
        (
            '{"type": "service-deploy-started", "deployment_id": "d", "environment": "e", "service": "api",'
            ' "payload": {"version": "1", "attempt": 0}}',
            "invalid",
            "payload.attempt: Input should be greater than",
        ),
        (
            '{"type": "deploy-requested", "deployment_id": "d", "environment": "e", "payload": {"verion": "1"}}',
            "invalid",
            "payload.verion: Extra inputs are not permitted",
        ),
    ],
)
def test_parse_errors_name_what_is_wrong(raw: bytes | str, reason: str, message: str) -> None:
    with pytest.raises(EventError) as error:
        parse_event(raw)
    assert error.value.reason == reason
    assert message in str(error.value)


def test_naive_timestamps_are_refused() -> None:
    data = sample(HealthDegraded).model_dump(mode="json")
    data["occurred_at"] = datetime(2026, 1, 1).isoformat()
    with pytest.raises(EventError, match="occurred_at needs a time zone"):
        parse_event(data)


def test_health_events_need_service_and_environment_but_no_deployment() -> None:
    event = sample(HealthDegraded, deployment_id=None)
    assert event.deployment_id is None
    data = event.model_dump(mode="json")
    del data["service"]
    with pytest.raises(EventError, match="service: Field required"):
        parse_event(data)

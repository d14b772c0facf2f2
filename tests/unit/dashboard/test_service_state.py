"""A service's state in an environment, folded from events that may arrive in any order."""

from datetime import UTC, datetime, timedelta
from functools import reduce

from services.dashboard.domain.service_state import ServiceView, project_service
from shared.events import (
    DeploymentRolledBack,
    DeploymentSucceeded,
    DriftDetected,
    Event,
    HealthDegraded,
    HealthRecovered,
)
from shared.events import deployment as d
from shared.events import health as h
from shared.events import recovery as r

T0 = datetime(2026, 12, 1, tzinfo=UTC)


def at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def fold(events: list[Event], service: str = "api") -> ServiceView | None:
    return reduce(lambda view, event: project_service(view, event, service), events, None)


def succeeded(seconds: int, version: str) -> DeploymentSucceeded:
    payload = d.DeploymentSucceededPayload(duration_s=1, versions={"api": version, "web": "9"})
    return DeploymentSucceeded(
        deployment_id=f"d-{seconds}", environment="prod", occurred_at=at(seconds), payload=payload
    )


def health(seconds: int, status: str, previous: str) -> Event:
    payload = h.HealthChangePayload(status=status, previous_status=previous, root_cause="db")  # type: ignore[arg-type]  # the literal's words, as the monitor writes them
    cls = HealthRecovered if status == "healthy" else HealthDegraded
    return cls(service="api", environment="prod", occurred_at=at(seconds), payload=payload)


def test_the_version_is_the_last_one_made_live_and_names_its_deployment() -> None:
    rolled = DeploymentRolledBack(
        deployment_id="d-3",
        environment="prod",
        occurred_at=at(3),
        payload=d.DeploymentRolledBackPayload(reason="bad", services={"api": "1.0"}),
    )
    view = fold([succeeded(1, "1.0"), succeeded(2, "2.0"), rolled])
    assert view is not None and (view.version, view.last_deployment_id, view.version_at) == ("1.0", "d-3", at(3))
    assert fold([succeeded(1, "1.0")], service="db") is None


def test_an_older_event_never_overwrites_a_newer_one_whatever_the_order() -> None:
    events = [
        succeeded(1, "1.0"),
        health(2, "degraded", "healthy"),
        succeeded(5, "2.0"),
        health(6, "healthy", "degraded"),
    ]
    in_order = fold(events)
    assert in_order is not None and (in_order.version, in_order.health) == ("2.0", "healthy")
    assert fold(list(reversed(events))) == in_order
    assert fold([e for e in events for _ in (1, 2)]) == in_order


def test_drift_is_reported_until_the_desired_version_is_made_live_again() -> None:
    drift = DriftDetected(
        service="api",
        environment="prod",
        occurred_at=at(3),
        payload=r.DriftDetectedPayload(desired_version="2.0", reported_version="1.9"),
    )
    drifted = fold([succeeded(1, "2.0"), drift])
    assert drifted is not None and drifted.drift and drifted.reported_version == "1.9"
    repaired = fold([succeeded(1, "2.0"), drift, succeeded(4, "2.1")])
    assert repaired is not None and not repaired.drift
    assert fold([succeeded(4, "2.1"), drift, succeeded(1, "2.0")]) == repaired, "a stale finding read late"

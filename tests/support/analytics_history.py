"""A week of history for the analytics tests, as its events: T0 is Sunday 1 November 2026, the range T0 to T0+7d.

production: d-1 (api, day 0, lead 3900 s), d-2 (api and db, day 1, lead 600 s) succeeded; d-3 (api, day 2) failed;
d-4 (api 1.4, day 3, no commit time) succeeded, then opened an incident and was rolled back (trigger health), the
incident recovered in 600 s; d-6 succeeded on day 8 (past the range); d-7 is still running. staging: d-5 (day 3,
lead 3780 s). api in production was unhealthy for 600 s on day 3, and the monitor found 1.4's p95 at 900 ms
against 300 ms of 1.2."""

from datetime import UTC, datetime, timedelta
from typing import Any

from shared.events import (
    DeploymentFailed,
    DeploymentRolledBack,
    DeploymentStarted,
    DeploymentSucceeded,
    DeployRequested,
    Event,
    HealthDegraded,
    HealthRecovered,
    IncidentOpened,
    IncidentResolved,
    PerformanceDegraded,
    RollbackRequested,
    ServiceDeployFailed,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
)
from shared.events import deployment as d
from shared.events import health as h
from shared.events import recovery as r
from shared.events import rollback as rb
from shared.events import stage as s

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return T0 + timedelta(days=day, hours=hour, minutes=minute)


def deployment(n: int, day: int, hour: int, services: dict[str, tuple[int, int]], **asked: object) -> list[Event]:
    """Requested at day/hour, started a minute later; each service's deploy from and to the minute given (the last
    one's fails when `failed` is asked for: the deployment fails a minute after it)."""
    ids: dict[str, Any] = {"deployment_id": f"d-{n}", "environment": asked.pop("environment", "production")}
    failed = bool(asked.pop("failed", False))
    versions = {name: f"1.{n}" for name in services} or {"api": f"1.{n}"}
    payload = d.DeployRequestedPayload(versions=versions, **asked)  # type: ignore[arg-type]
    waves = d.DeploymentStartedPayload(waves=[list(services)])
    events: list[Event] = [
        DeployRequested(occurred_at=at(day, hour), payload=payload, **ids),
        DeploymentStarted(occurred_at=at(day, hour, 1), payload=waves, **ids),
    ]
    for name, (start, end) in services.items():
        version, took = versions[name], 60 * (end - start)
        started = s.ServiceDeployStartedPayload(version=version)
        events.append(ServiceDeployStarted(occurred_at=at(day, hour, start), service=name, payload=started, **ids))
        if failed and name == list(services)[-1]:
            broke = s.ServiceDeployFailedPayload(version=version, reason="exit 3", duration_s=took)
            events.append(ServiceDeployFailed(occurred_at=at(day, hour, end), service=name, payload=broke, **ids))
            why = d.DeploymentFailedPayload(reason="exit 3")
            events.append(DeploymentFailed(occurred_at=at(day, hour, end + 1), payload=why, **ids))
        else:
            done = s.ServiceDeploySucceededPayload(version=version, duration_s=took)
            events.append(ServiceDeploySucceeded(occurred_at=at(day, hour, end), service=name, payload=done, **ids))
    return events


def succeeded(n: int, day: int, hour: int, minute: int, environment: str = "production") -> Event:
    ids: dict[str, Any] = {"deployment_id": f"d-{n}", "environment": environment}
    return DeploymentSucceeded(
        occurred_at=at(day, hour, minute), payload=d.DeploymentSucceededPayload(duration_s=1), **ids
    )


def health(status: h.HealthStatus, previous: h.HealthStatus, when: datetime) -> Event:
    change = h.HealthChangePayload(status=status, previous_status=previous)
    if status == "healthy":
        return HealthRecovered(occurred_at=when, service="api", environment="production", payload=change)
    return HealthDegraded(occurred_at=when, service="api", environment="production", payload=change)


def trouble() -> list[Event]:
    """d-4's incident and rollback, api's 600 s down and the monitor's finding on 1.4."""
    ids: dict[str, Any] = {"deployment_id": "d-4", "environment": "production"}
    opened = r.IncidentOpenedPayload(
        incident_id="i-1", title="api down", trigger="health-degraded", detected_at=at(3, 10, 10)
    )
    rollback = rb.RollbackRequestedPayload(reason="api unhealthy", trigger="health", reasons=["p95 900ms > 500ms"])
    resolved = r.IncidentResolvedPayload(incident_id="i-1", outcome="rolled-back", time_to_recover_s=600)
    finding = h.PerformanceDegradedPayload(
        metric="latency_p95",
        value=900,
        threshold=500,
        version="1.4",
        previous_value=300,
        previous_version="1.2",
        bucket_start=at(3, 10, 8).timestamp(),
    )
    return [
        PerformanceDegraded(occurred_at=at(3, 10, 9), service="api", environment="production", payload=finding),
        health("unhealthy", "healthy", at(3, 10, 10)),
        IncidentOpened(occurred_at=at(3, 10, 10), payload=opened, **ids),
        RollbackRequested(occurred_at=at(3, 10, 11), payload=rollback, **ids),
        DeploymentRolledBack(
            occurred_at=at(3, 10, 20), payload=d.DeploymentRolledBackPayload(reason="api down"), **ids
        ),
        IncidentResolved(occurred_at=at(3, 10, 20), payload=resolved, **ids),
        health("healthy", "unhealthy", at(3, 10, 20)),
    ]


def history() -> list[Event]:
    return [
        health("healthy", "unknown", T0 - timedelta(hours=1)),
        *deployment(1, 0, 10, {"api": (1, 3)}, commit_time=at(0, 9)),
        succeeded(1, 0, 10, 5),
        *deployment(2, 1, 10, {"api": (1, 2), "db": (2, 4)}, commit_time=at(1, 9, 55)),
        succeeded(2, 1, 10, 5),
        *deployment(3, 2, 10, {"api": (1, 2)}, commit_time=at(2, 8), failed=True),
        *deployment(4, 3, 10, {"api": (1, 3)}),
        succeeded(4, 3, 10, 5),
        *trouble(),
        *deployment(5, 3, 12, {}, environment="staging", commit_time=at(3, 11)),
        succeeded(5, 3, 12, 3, "staging"),
        *deployment(6, 8, 10, {"api": (1, 3)}, commit_time=at(8, 9)),
        succeeded(6, 8, 10, 5),
        *deployment(7, 4, 10, {"api": (1, 3)}),
    ]

"""Deployments as their events, for the dashboard's tests: a few events each, minutes apart."""

from datetime import UTC, datetime, timedelta

from shared.events import DeploymentFailed, DeploymentStarted, DeploymentSucceeded, DeployRequested, Event
from shared.events import deployment as d

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def story(n: int, environment: str, who: str, services: list[str], ok: bool = True) -> list[Event]:
    """Deployment d-NNN, created n minutes after T0."""
    at = T0 + timedelta(minutes=n)
    deployment_id = f"d-{n:03}"
    asked = d.DeployRequestedPayload(versions={s: f"1.{n}" for s in services}, requested_by=who, reason=f"n={n}")
    end: Event = (
        DeploymentSucceeded(
            occurred_at=at + timedelta(seconds=9),
            payload=d.DeploymentSucceededPayload(duration_s=9, versions=asked.versions),
            deployment_id=deployment_id,
            environment=environment,
        )
        if ok
        else DeploymentFailed(
            occurred_at=at + timedelta(seconds=9),
            payload=d.DeploymentFailedPayload(reason="exit 3"),
            deployment_id=deployment_id,
            environment=environment,
        )
    )
    return [
        DeployRequested(occurred_at=at, payload=asked, deployment_id=deployment_id, environment=environment),
        DeploymentStarted(
            occurred_at=at + timedelta(seconds=1),
            payload=d.DeploymentStartedPayload(waves=[services]),
            deployment_id=deployment_id,
            environment=environment,
        ),
        end,
    ]

"""The Services page's world as events: a plan of four services in two environments, what runs where, a
deployment in flight in production, and the monitor's and the rollback service's findings."""

from datetime import timedelta

from shared.events import (
    DeploymentStarted,
    DeploymentSucceeded,
    DeployRequested,
    DriftDetected,
    Event,
    HealthDegraded,
    HealthRecovered,
    ServiceDeployStarted,
)
from shared.events import deployment as d
from shared.events.health import HealthChangePayload
from shared.events.recovery import DriftDetectedPayload
from shared.events.stage import ServiceDeployStartedPayload
from tests.support.dashboard_stories import T0

PLAN = """
version: 1
environments: {staging: {}, production: {}}
services:
  db: {kind: job, deploy: ["./db"]}
  api: {kind: job, depends_on: [db], deploy: ["./api"]}
  worker: {kind: job, depends_on: [db], deploy: ["./worker"]}
  web: {kind: job, depends_on: [api], deploy: ["./web"]}
"""
SERVICES = ["db", "api", "worker", "web"]
WAVES = [["db"], ["api", "worker"], ["web"]]


def live_everywhere(version: str = "1.0") -> list[Event]:
    """d-100 in staging and d-101 in production made `version` live for every service."""
    found: list[Event] = []
    for n, environment in ((100, "staging"), (101, "production")):
        versions = dict.fromkeys(SERVICES, version)
        found.append(
            DeploymentSucceeded(
                occurred_at=T0 + timedelta(minutes=n),
                payload=d.DeploymentSucceededPayload(duration_s=5, versions=versions),
                deployment_id=f"d-{n}",
                environment=environment,
            )
        )
    return found


def in_flight(deployment_id: str = "d-200", environment: str = "production", reason: str = "ship it") -> list[Event]:
    """db and api from 1.0 to 2.0, both started."""
    at = T0 + timedelta(hours=5)
    versions = {"db": "2.0", "api": "2.0"}
    asked = d.DeployRequestedPayload(versions=versions, requested_by="ana", reason=reason)
    started = d.DeploymentStartedPayload(waves=[["db"], ["api"]])
    found: list[Event] = [
        DeployRequested(occurred_at=at, payload=asked, deployment_id=deployment_id, environment=environment),
        DeploymentStarted(
            occurred_at=at + timedelta(seconds=1), payload=started, deployment_id=deployment_id, environment=environment
        ),
    ]
    for seconds, name in enumerate(("db", "api"), start=2):
        payload = ServiceDeployStartedPayload(version="2.0", previous_version="1.0")
        found.append(
            ServiceDeployStarted(
                occurred_at=at + timedelta(seconds=seconds),
                service=name,
                payload=payload,
                deployment_id=deployment_id,
                environment=environment,
            )
        )
    return found


def health(service: str, status: str, environment: str = "staging", minutes: int = 400) -> Event:
    before = "healthy" if status != "healthy" else "unhealthy"
    payload = HealthChangePayload(status=status, previous_status=before)  # type: ignore[arg-type]
    kind = HealthRecovered if status == "healthy" else HealthDegraded
    return kind(occurred_at=T0 + timedelta(minutes=minutes), service=service, environment=environment, payload=payload)


def drift(service: str, reported: str, environment: str = "staging") -> Event:
    payload = DriftDetectedPayload(desired_version="1.0", reported_version=reported)
    return DriftDetected(occurred_at=T0 + timedelta(hours=6), service=service, environment=environment, payload=payload)

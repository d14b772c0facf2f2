"""A service as it stands in one environment, folded from the events: the version running there, its health, the
last change, and desired against reported version (drift).

Health and drift events belong to no deployment, so the consumer group may hand them over in any order: each part
of the view keeps the time of the event that set it, and an older event never overwrites a newer one. Applying an
event twice changes nothing."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from shared.events import (
    DeploymentRecorded,
    DeploymentRolledBack,
    DeploymentSucceeded,
    DriftDetected,
    Event,
    HealthDegraded,
    HealthGatePassed,
    HealthRecovered,
    ServiceDeploySucceeded,
)


class ServiceView(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    environment: str
    service: str
    version: str | None = None  # what Flightdeck last made live: its deployment succeeded, switched, restored, recorded
    version_at: datetime | None = None
    last_deployment_id: str | None = None
    health: str = "unknown"  # healthy, degraded, unhealthy (the monitor's words), or unknown
    health_at: datetime | None = None
    root_cause: str | None = None
    reported_version: str | None = None  # what the service's health endpoint says it runs
    reported_at: datetime | None = None
    drift: bool = False  # the reported version is not the desired one (the rollback service's finding)

    @property
    def desired_version(self) -> str | None:
        return self.version


def touched(event: Event) -> list[str]:
    """The services whose view `event` may change, in its environment."""
    match event:
        case DeploymentSucceeded(payload=p):
            return sorted(p.versions)
        case DeploymentRolledBack(payload=p):
            return sorted(p.services)
        case DeploymentRecorded(payload=p):
            return sorted(p.versions)
        case ServiceDeploySucceeded() | HealthDegraded() | HealthRecovered() | HealthGatePassed() | DriftDetected():
            return [event.service] if event.service else []
    return []


def _newer(at: datetime | None, event: Event) -> bool:
    return at is None or event.occurred_at >= at


def _version(view: ServiceView, version: str | None, event: Event) -> ServiceView:
    if version is None or not _newer(view.version_at, event):
        return view
    # A version made live passed its health gates: drift, if any, is for the rollback service to find again.
    return view.model_copy(
        update={
            "version": version,
            "version_at": event.occurred_at,
            "last_deployment_id": event.deployment_id,
            "drift": False,
        }
    )


def _reported(view: ServiceView, version: str | None, event: Event, drift: bool | None = None) -> ServiceView:
    if not _newer(view.reported_at, event):
        return view
    found = drift if drift is not None else (version is not None and view.version not in (None, version))
    found = found and _newer(view.version_at, event)  # a finding older than the version made live since is stale
    return view.model_copy(update={"reported_version": version, "reported_at": event.occurred_at, "drift": found})


def project_service(view: ServiceView | None, event: Event, service: str) -> ServiceView | None:
    """The service's view after `event`; None when the event says nothing about it."""
    if service not in touched(event) or not event.environment:
        return view
    view = view or ServiceView(environment=event.environment, service=service)
    match event:
        case DeploymentSucceeded(payload=p):
            return _version(view, p.versions.get(service), event)
        case DeploymentRolledBack(payload=p):
            return _version(view, p.services.get(service), event)
        case DeploymentRecorded(payload=p):
            return _version(view, p.versions.get(service), event)
        case ServiceDeploySucceeded(payload=p):
            return _version(view, p.version, event) if p.step in ("switch", "rollback") else view
        case HealthDegraded(payload=p) | HealthRecovered(payload=p):
            if not _newer(view.health_at, event):
                return view
            return view.model_copy(
                update={"health": p.status, "health_at": event.occurred_at, "root_cause": p.root_cause}
            )
        case HealthGatePassed(payload=p):
            return _reported(view, p.version, event) if p.version else view
        case DriftDetected(payload=p):
            return _reported(view, p.reported_version, event, drift=True)
    return view

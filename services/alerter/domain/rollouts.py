"""What deployment and health events tell the alerter about services in an environment: which are deployed there,
and which a deployment is changing now (its window, from a command's start to the end of the health gate that
follows it). Pure: event in, facts out; a window and a fact in, the window after."""

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from shared.events import (
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentRecorded,
    DeploymentRolledBack,
    DeploymentSucceeded,
    Event,
    HealthDegraded,
    HealthGateFailed,
    HealthGatePassed,
    HealthRecovered,
    PerformanceDegraded,
    RollbackCompleted,
    RollbackFailed,
    ServiceDeployFailed,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
)

ENDS_A_DEPLOYMENT: tuple[type[Event], ...] = (
    DeploymentSucceeded,
    DeploymentFailed,
    DeploymentCancelled,
    DeploymentRolledBack,
    RollbackCompleted,
    RollbackFailed,
)
ROLLOUT_EVENTS: tuple[type[Event], ...] = (
    ServiceDeployStarted,
    ServiceDeploySucceeded,
    ServiceDeployFailed,
    HealthGatePassed,
    HealthGateFailed,
    DeploymentRecorded,
    HealthDegraded,
    HealthRecovered,
    PerformanceDegraded,
    *ENDS_A_DEPLOYMENT,
)
ANSWERING = ("healthy", "degraded")  # states the monitor only reaches when the service answers its probes


@dataclass(frozen=True)
class Deployed:
    """These services run in the environment: deployed, recorded, or seen answering by the monitor."""

    environment: str
    services: tuple[str, ...]


@dataclass(frozen=True)
class Opened:
    """A deployment started a command (deploy, switch, rollback) on the service."""

    environment: str
    service: str
    deployment_id: str
    at: float


@dataclass(frozen=True)
class Closed:
    """The service's gate ended or its command failed; without a service, the deployment ended (all its windows)."""

    environment: str
    deployment_id: str
    at: float
    service: str | None = None


Fact = Deployed | Opened | Closed


class Window(BaseModel):
    """The last time a deployment changed a service: open while `ended_at` is None."""

    model_config = ConfigDict(frozen=True)

    deployment_id: str
    started_at: float
    ended_at: float | None = None


def facts(event: Event) -> list[Fact]:
    if not event.environment:
        return []
    found = [*_deployment_facts(event, event.environment), *_service_facts(event, event.environment)]
    return [fact for fact in found if not isinstance(fact, Deployed) or fact.services]


def _deployment_facts(event: Event, environment: str) -> list[Fact]:
    found: list[Fact] = []
    match event:
        case DeploymentRecorded() | DeploymentSucceeded():
            found.append(Deployed(environment, tuple(event.payload.versions)))
        case DeploymentRolledBack():
            found.append(Deployed(environment, tuple(event.payload.services)))
        case RollbackCompleted() | RollbackFailed():
            found.append(Deployed(environment, tuple(o.service for o in event.payload.outcomes if o.ok)))
    if isinstance(event, ENDS_A_DEPLOYMENT) and event.deployment_id:
        found.append(Closed(environment, event.deployment_id, event.occurred_at.timestamp()))
    return found


def _service_facts(event: Event, environment: str) -> list[Fact]:
    service, deployment, at = event.service, event.deployment_id, event.occurred_at.timestamp()
    if not service:
        return []
    found: list[Fact] = []
    if _shows_it_runs(event):
        found.append(Deployed(environment, (service,)))
    if deployment and isinstance(event, ServiceDeployStarted):
        found.append(Opened(environment, service, deployment, at))
    if deployment and _ends_its_window(event):
        found.append(Closed(environment, deployment, at, service))
    return found


def _shows_it_runs(event: Event) -> bool:
    match event:
        case ServiceDeploySucceeded() | HealthGatePassed() | HealthRecovered() | PerformanceDegraded():
            return True
        case HealthDegraded():
            return event.payload.previous_status in ANSWERING or event.payload.status in ANSWERING
        case _:
            return False


def _ends_its_window(event: Event) -> bool:
    match event:
        case HealthGatePassed() | HealthGateFailed() | ServiceDeployFailed():
            return True
        case ServiceDeploySucceeded():
            return event.payload.step == "switch"  # no gate follows a blue-green switch
        case _:
            return False


def changed_windows(windows: Mapping[str, Window], fact: Opened | Closed) -> dict[str, Window]:
    """service -> its new window, for the windows the fact changes."""
    if isinstance(fact, Opened):
        current = windows.get(fact.service)
        if (
            current
            and current.deployment_id == fact.deployment_id
            and current.ended_at is not None
            and current.started_at <= fact.at <= current.ended_at
        ):
            return {}  # a start this window already ended (the event was handled again)
        return {fact.service: Window(deployment_id=fact.deployment_id, started_at=fact.at)}
    names = [fact.service] if fact.service else list(windows)
    return {
        name: window.model_copy(update={"ended_at": max(fact.at, window.started_at)})
        for name in names
        if (window := windows.get(name)) is not None
        and window.ended_at is None
        and window.deployment_id == fact.deployment_id
    }

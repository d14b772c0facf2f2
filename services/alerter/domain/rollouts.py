"""What deployment and health events tell the alerter about services in an environment: which are deployed there,
and which a deployment is changing now (its window, from a command's start to the end of the health gate that
follows it). Pure: event in, facts out; a window and a fact in, the window after."""

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from shared.events import Event

ENDS_A_DEPLOYMENT = (
    "deployment-succeeded",
    "deployment-failed",
    "deployment-cancelled",
    "deployment-rolled-back",
    "rollback-completed",
    "rollback-failed",
)
ROLLOUT_EVENTS = (
    "service-deploy-started",
    "service-deploy-succeeded",
    "service-deploy-failed",
    "health-gate-passed",
    "health-gate-failed",
    "deployment-recorded",
    "health-degraded",
    "health-recovered",
    "performance-degraded",
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
    environment, service, deployment = event.environment, event.service, event.deployment_id
    if not environment:
        return []
    at, kind, payload = event.occurred_at.timestamp(), event.type, event.payload
    found: list[Fact] = []
    if kind == "deployment-recorded" or kind == "deployment-succeeded":
        found.append(Deployed(environment, tuple(payload.versions)))
    elif kind == "deployment-rolled-back":
        found.append(Deployed(environment, tuple(payload.services)))
    elif kind in ("rollback-completed", "rollback-failed"):
        found.append(Deployed(environment, tuple(o.service for o in payload.outcomes if o.ok)))
    if kind in ENDS_A_DEPLOYMENT and deployment:
        found.append(Closed(environment, deployment, at))
    if not service:
        return [fact for fact in found if not isinstance(fact, Deployed) or fact.services]
    answering = kind == "health-degraded" and (payload.previous_status in ANSWERING or payload.status in ANSWERING)
    if (
        kind in ("service-deploy-succeeded", "health-gate-passed", "health-recovered", "performance-degraded")
        or answering
    ):
        found.append(Deployed(environment, (service,)))
    if deployment and kind == "service-deploy-started":
        found.append(Opened(environment, service, deployment, at))
    gate_ended = kind in ("health-gate-passed", "health-gate-failed", "service-deploy-failed")
    if deployment and (gate_ended or (kind == "service-deploy-succeeded" and payload.step == "switch")):
        found.append(Closed(environment, deployment, at, service))  # no gate follows a blue-green switch
    return [fact for fact in found if not isinstance(fact, Deployed) or fact.services]


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

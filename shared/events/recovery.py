"""Recovery: a deployment paused for a person and resumed, drift between desired and running versions, restarts of
unhealthy services, and incidents (what happened, what was decided, how long it took to detect and recover)."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from .envelope import DeploymentEvent, Event, Name, Payload

ResumeOption = Literal["retry", "continue", "rollback"]
RESUME_OPTIONS: tuple[ResumeOption, ...] = ("retry", "continue", "rollback")


class DeploymentPausedPayload(Payload):
    reason: str
    failed_services: list[Name] = Field(default_factory=list)
    options: list[ResumeOption] = Field(default_factory=lambda: list(RESUME_OPTIONS))


class DeploymentPaused(DeploymentEvent):
    """A service failed whose plan says pause: the deployment holds its environment until a person decides."""

    type: Literal["deployment-paused"] = "deployment-paused"
    payload: DeploymentPausedPayload


class ResumeRequestedPayload(Payload):
    action: Literal["retry", "continue"] = Field(
        description="retry: run the failed services' deploy again; continue: accept the failure and go on"
    )
    requested_by: str = "unknown"
    comment: str = ""


class ResumeRequested(DeploymentEvent):
    """A person resumes a paused deployment (to roll it back instead, publish rollback-requested)."""

    type: Literal["resume-requested"] = "resume-requested"
    payload: ResumeRequestedPayload


class DriftDetectedPayload(Payload):
    desired_version: str
    reported_version: str | None = Field(description="what the service's health endpoint reports; None: nothing")
    desired_by: str | None = Field(None, description="the deployment that made it the desired version")
    action: Literal["redeploy", "report"] = "report"


class DriftDetected(Event):
    """A service runs another version than Flightdeck deployed there (someone deployed by hand, or it rolled)."""

    service: Name
    environment: Name
    type: Literal["drift-detected"] = "drift-detected"
    payload: DriftDetectedPayload


class RestartAttemptedPayload(Payload):
    attempt: int = Field(ge=1, description="within the current window")
    ok: bool
    exit_code: int | None = None
    detail: str = ""
    next_allowed_at: datetime | None = None


class RestartAttempted(Event):
    """The plan's restart command ran for a service that was unhealthy while no deployment was in flight."""

    service: Name
    environment: Name
    type: Literal["restart-attempted"] = "restart-attempted"
    payload: RestartAttemptedPayload


class RestartLimitReachedPayload(Payload):
    attempts: int = Field(ge=1)
    window_s: float = Field(gt=0)
    detail: str = ""


class RestartLimitReached(Event):
    """Restarts did not help: no more until the window passes. A person is needed."""

    service: Name
    environment: Name
    type: Literal["restart-limit-reached"] = "restart-limit-reached"
    payload: RestartLimitReachedPayload


class IncidentOpenedPayload(Payload):
    incident_id: str
    title: str
    trigger: str = Field(description="the event type that opened it")
    services: list[Name] = Field(default_factory=list)
    detected_at: datetime
    began_at: datetime | None = Field(None, description="earliest evidence of the problem, when known")


class IncidentOpened(Event):
    type: Literal["incident-opened"] = "incident-opened"
    payload: IncidentOpenedPayload


class IncidentResolvedPayload(Payload):
    incident_id: str
    outcome: Literal["rolled-back", "rollback-failed", "recovered", "redeployed", "closed"]
    decision: str = ""
    reasons: list[str] = Field(default_factory=list)
    time_to_detect_s: float | None = Field(None, ge=0)
    time_to_recover_s: float | None = Field(None, ge=0)


class IncidentResolved(Event):
    type: Literal["incident-resolved"] = "incident-resolved"
    payload: IncidentResolvedPayload

"""Rollback: asked for (by a person, CI or the rollback policy), carried out, and its outcome."""

from typing import Literal

from pydantic import Field

from .envelope import DeploymentEvent, Name, Payload


class RollbackRequestedPayload(Payload):
    reason: str
    trigger: Literal["manual", "health", "gate", "deploy", "verification", "metrics"] = "manual"
    services: list[Name] = Field(default_factory=list, description="empty means every changed service")
    to_version: str | None = None
    requested_by: str = "flightdeck"
    reasons: list[str] = Field(default_factory=list, description="the decision's reasons, with their numbers")


class RollbackRequested(DeploymentEvent):
    type: Literal["rollback-requested"] = "rollback-requested"
    payload: RollbackRequestedPayload


class RollbackStartedPayload(Payload):
    reason: str
    waves: list[list[Name]] = Field(default_factory=list, description="reverse dependency order")


class RollbackStarted(DeploymentEvent):
    type: Literal["rollback-started"] = "rollback-started"
    payload: RollbackStartedPayload


class ServiceRollbackOutcome(Payload):
    service: Name
    restored_version: str | None = None
    ok: bool
    detail: str = ""


class RollbackOutcomePayload(Payload):
    outcomes: list[ServiceRollbackOutcome] = Field(default_factory=list)
    duration_s: float = Field(default=0, ge=0)
    reason: str = ""


class RollbackCompleted(DeploymentEvent):
    type: Literal["rollback-completed"] = "rollback-completed"
    payload: RollbackOutcomePayload


class RollbackFailed(DeploymentEvent):
    type: Literal["rollback-failed"] = "rollback-failed"
    payload: RollbackOutcomePayload

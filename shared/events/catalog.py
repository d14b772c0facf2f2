"""Every event type by wire name, one discriminated union, and a parser whose errors say what is wrong."""

import json
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError

from . import alerting, answers, deployment, digests, health, operations, recovery, rollback, stage, verification
from .envelope import Event

_FAMILIES = (deployment, answers, stage, health, verification, rollback, operations, alerting, recovery, digests)

EVENT_CLASSES: dict[str, type[Event]] = {
    cls.model_fields["type"].default: cls
    for family in _FAMILIES
    for cls in vars(family).values()
    if isinstance(cls, type)
    and issubclass(cls, Event)
    and isinstance(cls.model_fields["type"].default, str)
    and cls.model_fields["type"].default
}

AnyEvent = Annotated[
    deployment.DeployRequested
    | deployment.DeploymentStarted
    | deployment.DeploymentQueued
    | deployment.DeploymentRejected
    | deployment.BakeStarted
    | deployment.DeploymentSucceeded
    | deployment.DeploymentFailed
    | deployment.CancelRequested
    | deployment.DeploymentCancelled
    | deployment.DeploymentRolledBack
    | deployment.ApprovalRequested
    | deployment.ApprovalGranted
    | deployment.DeploymentRecorded
    | answers.DeployRequestRepeated
    | answers.DeployRequestRefused
    | stage.StageStarted
    | stage.StageSucceeded
    | stage.StageFailed
    | stage.ServiceDeployStarted
    | stage.ServiceDeploySucceeded
    | stage.ServiceDeployFailed
    | health.HealthGateRequested
    | health.HealthGatePassed
    | health.HealthGateFailed
    | health.HealthDegraded
    | health.HealthRecovered
    | health.PerformanceDegraded
    | verification.VerificationRequested
    | verification.VerificationPassed
    | verification.VerificationFailed
    | rollback.RollbackRequested
    | rollback.RollbackStarted
    | rollback.RollbackCompleted
    | rollback.RollbackFailed
    | operations.AlertSent
    | operations.AlertFailed
    | operations.PlanApplied
    | alerting.AlertAcknowledged
    | alerting.AlertEscalated
    | alerting.SilenceCreated
    | alerting.SilenceExpired
    | recovery.DeploymentPaused
    | recovery.ResumeRequested
    | recovery.DriftDetected
    | recovery.RestartAttempted
    | recovery.RestartLimitReached
    | recovery.IncidentOpened
    | recovery.IncidentResolved
    | digests.DigestReady,
    Field(discriminator="type"),
]
EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(AnyEvent, config=ConfigDict(defer_build=True))


def union_of(types: Sequence[type[Event]]) -> Any:
    """One type that is any of `types`, for annotations that document what a service consumes or produces."""
    union: Any = types[0]
    for event_type in types[1:]:
        union = union | event_type
    return union


class EventError(ValueError):
    """Why a stream entry is not a valid event; `reason` is a short code for the dead-letter stream."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def parse_event(raw: bytes | str | dict[str, Any]) -> Event:
    """A validated event from JSON (or an already-decoded mapping), or an EventError naming the problem."""
    if isinstance(raw, bytes | str):
        try:  # the fast path: one pass in pydantic-core; the slow path below only explains failures
            return EVENT_ADAPTER.validate_json(raw)
        except ValidationError:
            pass
    data: Any = raw
    if isinstance(raw, bytes | str):
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise EventError("not-json", f"the entry is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise EventError("not-an-object", f"an event is a JSON object, got {type(data).__name__}")
    kind = data.get("type")
    if not isinstance(kind, str) or not kind:
        raise EventError("missing-type", "the event has no 'type' field naming its kind (e.g. deploy-requested)")
    cls = EVENT_CLASSES.get(kind)
    if cls is None:
        known = ", ".join(sorted(EVENT_CLASSES))
        raise EventError("unknown-type", f"unknown event type {kind!r}; known types: {known}")
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        raise EventError("invalid", f"{kind} is invalid: {describe(exc)}") from None


def describe(exc: ValidationError) -> str:
    """Pydantic's errors as 'payload.version: Field required; ...', paths joined the way people write them."""
    parts = []
    for error in exc.errors(include_url=False, include_input=False):
        parts.append(f"{field_path(error['loc']) or '(event)'}: {error['msg']}")
    return "; ".join(parts)


def field_path(loc: Sequence[int | str]) -> str:
    """A pydantic error location as people write it: ("payload", "services", 2) -> "payload.services[2]"."""
    path = ""
    for item in loc:
        path += f"[{item}]" if isinstance(item, int) else (f".{item}" if path else str(item))
    return path

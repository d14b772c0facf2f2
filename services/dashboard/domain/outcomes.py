"""What a rollback's and an incident's events do to a deployment's view: the decision with its reasons and numbers,
each service's restored version, the incident with its time to detect and to recover."""

from shared.events import (
    IncidentOpened,
    IncidentResolved,
    RollbackCompleted,
    RollbackFailed,
    RollbackRequested,
    RollbackStarted,
)

from .steps import steps_of, with_service
from .views import DeploymentView, IncidentView, RollbackView


def rollback_ended(
    view: DeploymentView, event: RollbackRequested | RollbackStarted | RollbackCompleted | RollbackFailed
) -> DeploymentView:
    rollback = view.rollback or RollbackView()
    at = event.occurred_at
    match event:
        case RollbackRequested(payload=p):
            rollback = rollback.model_copy(
                update={
                    "requested_at": at,
                    "trigger": p.trigger,
                    "requested_by": p.requested_by,
                    "reason": p.reason,
                    "reasons": list(p.reasons),
                }
            )
        case RollbackStarted(payload=p):
            started = {"started_at": at, "waves": [list(w) for w in p.waves], "outcome": "running"}
            rollback = rollback.model_copy(update={**started, "reason": rollback.reason or p.reason})
        case RollbackCompleted(payload=p) | RollbackFailed(payload=p):
            outcome = "completed" if isinstance(event, RollbackCompleted) else "failed"
            rollback = rollback.model_copy(update={"ended_at": at, "outcome": outcome, "duration_s": p.duration_s})
            for result in p.outcomes:
                steps = steps_of(view, result.service).model_copy(
                    update={
                        "restored_version": result.restored_version,
                        "rollback_ok": result.ok,
                        "rollback_detail": result.detail,
                    }
                )
                view = with_service(view, steps)
    return view.model_copy(update={"rollback": rollback})


def incident_opened(view: DeploymentView, event: IncidentOpened) -> DeploymentView:
    p = event.payload
    known = view.incident if view.incident and view.incident.incident_id == p.incident_id else None
    opened = IncidentView(
        incident_id=p.incident_id,
        title=p.title,
        trigger=p.trigger,
        services=list(p.services),
        detected_at=p.detected_at,
        began_at=p.began_at,
    )
    if known is not None:  # resolved first (read out of order) or seen before: keep how it ended
        opened = opened.model_copy(update=known.model_dump(include=_ENDING))
    return view.model_copy(update={"incident": opened})


_ENDING = {"resolved_at", "outcome", "decision", "reasons", "time_to_detect_s", "time_to_recover_s"}


def incident_resolved(view: DeploymentView, event: IncidentResolved) -> DeploymentView:
    p = event.payload
    known = view.incident if view.incident and view.incident.incident_id == p.incident_id else None
    incident = (known or IncidentView(incident_id=p.incident_id)).model_copy(
        update={
            "resolved_at": event.occurred_at,
            "outcome": p.outcome,
            "decision": p.decision,
            "reasons": list(p.reasons),
            "time_to_detect_s": p.time_to_detect_s,
            "time_to_recover_s": p.time_to_recover_s,
        }
    )
    return view.model_copy(update={"incident": incident})

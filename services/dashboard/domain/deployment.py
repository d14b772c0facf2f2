"""A deployment's view, folded from its events: `project(view, event)` -> the new view.

Every change sets a value rather than adding to one, so applying an event twice (at-least-once delivery, or a
rebuild over events already applied) gives the same view. A deployment that ended keeps its end: only a rollback
(asked for after success, say) moves it on again."""

from shared.events import (
    ApprovalGranted,
    ApprovalRequested,
    BakeStarted,
    CancelRequested,
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentPaused,
    DeploymentQueued,
    DeploymentRejected,
    DeploymentRolledBack,
    DeploymentStarted,
    DeploymentSucceeded,
    DeployRequested,
    Event,
    IncidentOpened,
    IncidentResolved,
    ResumeRequested,
    RollbackCompleted,
    RollbackFailed,
    RollbackRequested,
    RollbackStarted,
    VerificationFailed,
    VerificationPassed,
    VerificationRequested,
)

from .outcomes import incident_opened, incident_resolved, rollback_ended
from .steps import SERVICE_EVENTS, ServiceEvent, apply_service_event
from .views import TERMINAL, Approval, DeploymentView, Said, Status, VerificationView

# What moves a deployment on even after it ended: a rollback, and its end.
_AFTER_THE_END = (RollbackRequested, RollbackStarted, RollbackCompleted, RollbackFailed, DeploymentRolledBack)


def new_view(event: Event) -> DeploymentView:
    assert event.deployment_id and event.environment, "only events of a deployment make a deployment's view"
    return DeploymentView(
        id=event.deployment_id,
        environment=event.environment,
        created_at=event.occurred_at,
        updated_at=event.occurred_at,
    )


def project(view: DeploymentView | None, event: Event) -> DeploymentView | None:
    """The view after `event`; None for an event that belongs to no deployment."""
    if not event.deployment_id or not event.environment:
        return None
    view = view or new_view(event)
    changed = _apply(view, event)
    if changed is view:
        return view
    updates: dict[str, object] = {"updated_at": max(view.updated_at, event.occurred_at)}
    if event.occurred_at < view.created_at:
        updates["created_at"] = event.occurred_at
    return changed.model_copy(update=updates)


def _status(view: DeploymentView, status: Status, event: Event) -> DeploymentView:
    if view.status in TERMINAL and not isinstance(event, _AFTER_THE_END):
        return view
    ended = event.occurred_at if status in TERMINAL else None
    return view.model_copy(update={"status": status, "ended_at": ended})


def _apply(view: DeploymentView, event: Event) -> DeploymentView:
    if isinstance(event, SERVICE_EVENTS):
        assert isinstance(event, ServiceEvent)  # the tuple is the union's classes
        return apply_service_event(view, event)
    at = event.occurred_at
    match event:
        case DeployRequested(payload=p):
            asked = {
                "requested_by": p.requested_by,
                "reason": p.reason,
                "version": p.version,
                "versions": dict(p.versions),
                "commit_sha": p.commit_sha,
                "commit_time": p.commit_time,
                "ci_run_url": p.ci_run_url,
                "plan_revision": p.plan_revision,
            }
            return view.model_copy(update=asked)
        case DeploymentQueued(payload=p):
            return _status(view.model_copy(update={"queued_behind": p.behind}), "queued", event)
        case ApprovalRequested(payload=p):
            approval = Approval(requested_at=at, approvers=list(p.approvers), reason=p.reason)
            return _status(view.model_copy(update={"approval": approval}), "awaiting-approval", event)
        case ApprovalGranted(payload=p):
            approval = (view.approval or Approval(requested_at=at)).model_copy(
                update={"granted_by": p.approved_by, "granted_at": at, "comment": p.comment}
            )
            return view.model_copy(update={"approval": approval})
        case DeploymentStarted(payload=p):
            started = {"started_at": at, "waves": [list(w) for w in p.waves], "queued_behind": None}
            if p.plan_revision is not None:
                started["plan_revision"] = p.plan_revision
            if p.versions:
                started["versions"] = {**view.versions, **p.versions}
            return _status(view.model_copy(update=started), "running", event)
        case VerificationRequested(payload=p):
            verification = VerificationView(requested_at=at, kinds=list(p.kinds))
            return _status(view.model_copy(update={"verification": verification}), "verifying", event)
        case VerificationPassed(payload=p) | VerificationFailed(payload=p):
            passed = isinstance(event, VerificationPassed)
            verification = (view.verification or VerificationView()).model_copy(
                update={
                    "status": "passed" if passed else "failed",
                    "ended_at": at,
                    "results": list(p.results),
                    "summary": p.summary,
                }
            )
            return view.model_copy(update={"verification": verification})
        case BakeStarted(payload=p):
            return _status(view.model_copy(update={"bake_until": p.until}), "baking", event)
        case DeploymentPaused(payload=p):
            paused = {
                "pause": Said(at=at, by="flightdeck", reason=p.reason),
                "failed_services": list(p.failed_services),
            }
            return _status(view.model_copy(update=paused), "paused", event)
        case ResumeRequested(payload=p):
            said = Said(at=at, by=p.requested_by, reason=f"{p.action}: {p.comment}" if p.comment else p.action)
            resumes = view.resumes if said in view.resumes else [*view.resumes, said]
            return _status(view.model_copy(update={"resumes": resumes}), "running", event)
        case CancelRequested(payload=p):
            return view.model_copy(update={"cancel": Said(at=at, by=p.requested_by, reason=p.reason)})
        case DeploymentCancelled(payload=p):
            cancel = view.cancel or Said(at=at, by=p.cancelled_by, reason=p.reason)
            return _status(view.model_copy(update={"cancel": cancel}), "cancelled", event)
        case DeploymentSucceeded():
            return _status(view, "succeeded", event)
        case DeploymentFailed(payload=p):
            failed = {"failure": p.reason, "failed_services": list(p.failed_services)}
            return _status(view.model_copy(update=failed), "failed", event)
        case DeploymentRejected(payload=p):
            return _status(view.model_copy(update={"failure": p.reason}), "rejected", event)
        case RollbackFailed(payload=p):
            unrestored = rollback_ended(view, event).model_copy(update={"failure": f"the rollback failed: {p.reason}"})
            return _status(unrestored, "failed", event)
        case RollbackRequested() | RollbackStarted() | RollbackCompleted():
            if view.status == "rolled-back":  # a late copy of an earlier step
                return view
            return _status(rollback_ended(view, event), "rolling-back", event)
        case DeploymentRolledBack(payload=p):
            return _status(view.model_copy(update={"failure": view.failure or p.reason}), "rolled-back", event)
        case IncidentOpened():
            return incident_opened(view, event)
        case IncidentResolved():
            return incident_resolved(view, event)
    return view

"""Who did what and why, from the deployments' own records: each request, approval, cancel, resume and rollback
as a line with its time, person, deed and reason, newest first. The controls themselves are domain/controls.py."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from services.dashboard.domain.views import DeploymentView

from .views import when


@dataclass(frozen=True)
class Deed:
    at_iso: str
    at_text: str
    who: str
    what: str  # "deployed", "approved", "cancelled", "resumed", "asked to roll back"
    deployment_id: str
    environment: str
    reason: str


def _deeds(view: DeploymentView) -> list[tuple[datetime, str, str, str]]:
    found = [(view.created_at, view.requested_by, "asked to deploy", view.reason)]
    if view.approval and view.approval.granted_by and view.approval.granted_at:
        found.append((view.approval.granted_at, view.approval.granted_by, "approved", view.approval.comment))
    if view.cancel:
        found.append((view.cancel.at, view.cancel.by, "cancelled", view.cancel.reason))
    found += [(said.at, said.by, "resumed", said.reason) for said in view.resumes]
    rollback = view.rollback
    if rollback and rollback.requested_at and rollback.trigger == "manual":
        found.append((rollback.requested_at, rollback.requested_by or "unknown", "asked to roll back", rollback.reason))
    return found


def deeds(views: Sequence[DeploymentView], limit: int = 20) -> list[Deed]:
    rows = [
        (at, Deed(at.astimezone(UTC).isoformat(), when(at), who or "unknown", what, view.id, view.environment, why))
        for view in views
        for at, who, what, why in _deeds(view)
    ]
    rows.sort(key=lambda pair: (pair[0], pair[1].deployment_id), reverse=True)
    return [deed for _, deed in rows[:limit]]

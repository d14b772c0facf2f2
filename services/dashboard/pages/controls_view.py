"""Who did what and why, from the deployments' own records: each request, approval, cancel, resume and rollback
as a line with its time, person, deed and reason, newest first; and the deployments in flight with the controls a
person may use on them (domain/controls.py: the status's rule and the role's)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from services.dashboard.domain.controls import ControlSpec, usable
from services.dashboard.domain.roles import Principal
from services.dashboard.domain.views import TERMINAL, DeploymentView

from .views import DeploymentRow, row_of, when


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


@dataclass(frozen=True)
class InFlight:
    row: DeploymentRow
    controls: list[ControlSpec]


def in_flight(views: Sequence[DeploymentView], who: Principal | None) -> list[InFlight]:
    """The deployments not ended yet, newest first, each with the controls `who` may use on it."""
    flying = sorted((v for v in views if v.status not in TERMINAL), key=lambda v: (v.created_at, v.id), reverse=True)
    return [InFlight(row_of(view), usable(who, view.status, view.environment)) for view in flying]

"""What waits for a person, decided from plain values, as `flightdeck status` lists it (cli/operate_text.py
needs_person): a deployment paused or waiting for approval, an environment whose last deployment failed and was
not rolled back, a service that drifted, an open incident; each with the one place its action is. The read
model's deployments and, per environment, what the rollback service found there (GET
/api/v1/rollback/environments/{name}/attention) go in. Pages render it; GET /api/v1/attention answers it."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from services.dashboard.domain.views import TERMINAL, DeploymentView

from .controls import Control, ControlSpec, may_deploy, usable
from .roles import Principal

# The needs whose action is a control, with the status they stand for and the controls offered beside them
_CONTROLLED: dict[str, tuple[str, tuple[Control, ...]]] = {
    "approval": ("awaiting-approval", ("approve",)),
    "paused": ("paused", ("retry", "resume", "rollback")),
}


@dataclass(frozen=True)
class Need:
    kind: str  # paused, approval, failed, drift, incident
    environment: str
    text: str
    action: str
    href: str
    deployment_id: str | None = None  # a need of one deployment: its controls may stand beside it
    back_to: dict[str, str] | None = None  # a failed deployment's services, each at the version it replaced


def deployment_page(deployment_id: str) -> str:
    return f"/deployments/{quote(deployment_id, safe='')}"


def services_page(environment: str) -> str:
    return f"/services?environment={quote(environment, safe='')}"


def environments_of(views: list[DeploymentView], found: Mapping[str, Any]) -> list[str]:
    return sorted({view.environment for view in views} | set(found))


def _deployments(views: list[DeploymentView], environment: str) -> list[Need]:
    mine = sorted((v for v in views if v.environment == environment), key=lambda v: (v.created_at, v.id))
    needs = []
    for view in reversed(mine):
        if view.status == "paused":
            why = (view.pause.reason if view.pause else "") or view.failure or "a service failed"
            text = f"{view.id} in {environment} is paused: {why}"
            needs.append(Need("paused", environment, text, "Resume or roll back", deployment_page(view.id), view.id))
        elif view.status == "awaiting-approval":
            text = f"{view.id} in {environment} waits for approval"
            needs.append(Need("approval", environment, text, "Approve or reject", deployment_page(view.id), view.id))
    last = next((view for view in reversed(mine) if view.status in TERMINAL), None)
    if last is not None and last.status == "failed":
        why = f": {last.failure}" if last.failure else ""
        text = f"{last.id} in {environment} failed and was not rolled back{why}"
        back = replaced(last)
        needs.append(Need("failed", environment, text, "Open it", deployment_page(last.id), last.id, back or None))
    return needs


def replaced(view: DeploymentView) -> dict[str, str]:
    """What ran before `view` where it started to change something: rolling it back deploys these again."""
    return {name: steps.from_version for name, steps in sorted(view.services.items()) if steps.from_version}


def _found(environment: str, found: Mapping[str, Any]) -> list[Need]:
    needs = []
    for service, drift in sorted((found.get("drift") or {}).items()):
        text = f"{service} in {environment} runs {drift.get('reported')} where {drift.get('desired')} was deployed"
        needs.append(Need("drift", environment, text, "See the service", services_page(environment)))
    for incident in found.get("incidents") or []:
        text = f"Incident {incident.get('incident_id')} in {environment} is open: {incident.get('title', '')}"
        deployment_id = incident.get("deployment_id")
        href = deployment_page(deployment_id) if deployment_id else services_page(environment)
        needs.append(Need("incident", environment, text, "Open the incident's deployment", href))
    return needs


def needs_of(views: list[DeploymentView], found: Mapping[str, Mapping[str, Any]]) -> list[Need]:
    """Every need, environment by environment (by name): its deployments' (newest first), then drift, incidents."""
    return [
        need
        for environment in environments_of(views, found)
        for need in (*_deployments(views, environment), *_found(environment, found.get(environment) or {}))
    ]


def may_roll_back(need: Need, principal: Principal | None) -> bool:
    """Whether a failed deployment's need offers its rollback (a deployment of what ran before) to `principal`."""
    return need.kind == "failed" and bool(need.back_to) and may_deploy(principal, need.environment)


def need_controls(need: Need, principal: Principal | None) -> list[ControlSpec]:
    """The controls beside a need, one click away: those its deployment's status offers and `principal` may use."""
    if need.deployment_id is None or need.kind not in _CONTROLLED:
        return []
    status, offered = _CONTROLLED[need.kind]
    return [spec for spec in usable(principal, status, need.environment) if spec.control in offered]

"""The controls a deployment offers, as data: each names the API request it makes and the role action it needs.
Resume is two controls: retry the failed services, or go on past them. Which a status allows is the coordinator's
own rule (shared/requests/actions.py); which a person may use is roles.py's."""

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from shared.requests.actions import DeploymentAction, allowed

from .roles import Allowed, Principal, authorize

Control = Literal["approve", "cancel", "retry", "resume", "rollback"]
CONTROLS: tuple[Control, ...] = get_args(Control)


@dataclass(frozen=True)
class ControlSpec:
    control: Control
    label: str
    action: DeploymentAction  # the route (and the role action) it goes through
    body: dict[str, Any] = field(default_factory=dict)  # what the request carries besides reason and confirm
    danger: bool = False


SPECS: dict[Control, ControlSpec] = {
    "approve": ControlSpec("approve", "Approve", "approve"),
    "cancel": ControlSpec("cancel", "Cancel", "cancel", danger=True),
    "retry": ControlSpec("retry", "Retry", "resume", {"action": "retry"}),
    "resume": ControlSpec("resume", "Resume", "resume", {"action": "continue"}),
    "rollback": ControlSpec("rollback", "Roll back", "rollback", danger=True),
}


def controls_for(status: str) -> list[ControlSpec]:
    """The controls `status` allows, in CONTROLS' order."""
    accepted = set(allowed(status))
    return [spec for spec in SPECS.values() if spec.action in accepted]


def usable(principal: Principal | None, status: str, environment: str) -> list[ControlSpec]:
    """The controls to show `principal` for a deployment: allowed in its status and to its role, there."""
    return [
        spec for spec in controls_for(status) if isinstance(authorize(principal, spec.action, environment), Allowed)
    ]


def request_path(deployment_id: str, spec: ControlSpec) -> str:
    return f"/api/v1/deployments/{deployment_id}/{spec.action}"


def may_deploy(principal: Principal | None, environment: str) -> bool:
    return isinstance(authorize(principal, "deploy", environment), Allowed)


def may_control(principal: Principal | None, environment: str) -> bool:
    """Whether `principal` may use any control on a deployment there (its page then holds the confirmation)."""
    return any(isinstance(authorize(principal, spec.action, environment), Allowed) for spec in SPECS.values())


def may_control_somewhere(principal: Principal | None) -> bool:
    """Whether `principal` may use a control anywhere (its pages then hold the one confirmation dialog)."""
    return principal is not None and any(may_control(principal, where) for where in principal.environments)

"""Which deployment status allows which action, as data: the states the coordinator acts in for each command
(approve: lifecycle.approve; cancel: ending.cancel; resume and rollback: resume.py), so neither door (the dashboard's
API, the CLI over Redis) refuses what the coordinator would do, nor accepts what it would silently ignore. The API
answers a refusal with 409, the CLI exits 1 with the same words; the pages show only the buttons `allowed` names.

"requested" is the dashboard's own: the deployment was asked for and the coordinator has not said yet whether it is
queued, waiting for approval or running. It can be cancelled in each of those; approving, resuming or rolling it
back waits until the coordinator has said."""

from dataclasses import dataclass
from typing import Literal, get_args

DeploymentAction = Literal["approve", "cancel", "resume", "rollback"]
DEPLOYMENT_ACTIONS: tuple[DeploymentAction, ...] = get_args(DeploymentAction)


@dataclass(frozen=True)
class Rule:
    """The statuses an action is accepted in, and what the refusal says the deployment is not."""

    accepted: frozenset[str]
    wanted: str


RULES: dict[DeploymentAction, Rule] = {
    "approve": Rule(frozenset({"awaiting-approval"}), "waiting for approval"),
    "cancel": Rule(
        frozenset({"requested", "queued", "awaiting-approval", "running", "verifying", "baking", "paused"}),
        "queued or in flight (a rollback under way runs to its end)",
    ),
    "resume": Rule(frozenset({"paused"}), "paused"),
    "rollback": Rule(
        frozenset({"running", "verifying", "baking", "paused"}),
        "running, verifying, baking or paused (an ended deployment is undone by deploying what ran before it:"
        " `flightdeck rollback --env ENVIRONMENT`)",
    ),
}


def refusal(status: str, action: DeploymentAction) -> str | None:
    """None when `action` is accepted in `status`; else what the deployment is not, for "d-1 is S, not ..."."""
    rule = RULES[action]
    return None if status in rule.accepted else rule.wanted


def allowed(status: str) -> tuple[DeploymentAction, ...]:
    """The actions accepted in `status`, in DEPLOYMENT_ACTIONS' order (the buttons a page shows)."""
    return tuple(action for action in DEPLOYMENT_ACTIONS if refusal(status, action) is None)


def refused(deployment_id: str, status: str, action: DeploymentAction) -> str | None:
    """None when `action` may go ahead; else the words both doors refuse it with: "d-1 is succeeded, not paused"."""
    wanted = refusal(status, action)
    return None if wanted is None else f"{deployment_id} is {status}, not {wanted}"

"""Which status allows which action, decided from plain values: every action in every status, and the same answer
the coordinator's own state machine gives when the command reaches it (it acts, or it ignores the command)."""

from typing import Any

import pytest

from services.coordinator.domain import inputs
from services.coordinator.domain.model import Phase
from services.dashboard.domain.views import STATUSES
from shared.events import ApprovalGranted, CancelRequested, DeploymentEvent, ResumeRequested, RollbackRequested
from shared.events.deployment import ApprovalGrantedPayload, CancelRequestedPayload
from shared.events.recovery import ResumeRequestedPayload
from shared.events.rollback import RollbackRequestedPayload
from shared.requests.actions import DEPLOYMENT_ACTIONS, DeploymentAction, allowed, refusal
from tests.unit.coordinator.scenario import World

ACCEPTED: dict[DeploymentAction, set[str]] = {
    "approve": {"awaiting-approval"},
    "cancel": {"requested", "queued", "awaiting-approval", "running", "verifying", "baking", "paused"},
    "resume": {"paused"},
    "rollback": {"running", "verifying", "baking", "paused"},
}


@pytest.mark.parametrize("action", DEPLOYMENT_ACTIONS)
@pytest.mark.parametrize("status", STATUSES)
def test_every_action_in_every_status(status: str, action: DeploymentAction) -> None:
    said = refusal(status, action)
    if status in ACCEPTED[action]:
        assert said is None
    else:
        assert said, f"{action} in {status} is refused with what the deployment is not"


def test_the_refusals_say_what_the_deployment_would_have_to_be() -> None:
    assert refusal("succeeded", "approve") == "waiting for approval"
    assert refusal("running", "resume") == "paused"
    assert refusal("rolling-back", "cancel") == "queued or in flight (a rollback under way runs to its end)"
    rollback = refusal("succeeded", "rollback")
    assert rollback is not None and rollback.startswith("running, verifying, baking or paused")
    assert "flightdeck rollback --env" in rollback, "an ended deployment is undone by a new one"


def test_the_buttons_a_page_shows_for_a_status() -> None:
    assert allowed("awaiting-approval") == ("approve", "cancel")
    assert allowed("paused") == ("cancel", "resume", "rollback")
    assert allowed("running") == ("cancel", "rollback")
    assert allowed("requested") == ("cancel",)
    assert allowed("queued") == ("cancel",)
    assert allowed("rolling-back") == ()
    assert allowed("succeeded") == () and allowed("failed") == ()
    assert allowed("no-such-status") == ()


def command(action: DeploymentAction) -> tuple[Any, DeploymentEvent]:
    """The coordinator's reaction to the event the dashboard publishes for `action`, and that event."""
    where: dict[str, Any] = {"deployment_id": "d1", "environment": "staging"}
    match action:
        case "approve":
            return inputs.approval_granted, ApprovalGranted(**where, payload=ApprovalGrantedPayload(approved_by="ana"))
        case "cancel":
            return inputs.cancel_requested, CancelRequested(**where, payload=CancelRequestedPayload(requested_by="ana"))
        case "resume":
            resume = ResumeRequestedPayload(action="retry", requested_by="ana")
            return inputs.resume_requested, ResumeRequested(**where, payload=resume)
        case "rollback":
            rollback = RollbackRequestedPayload(reason="bad", requested_by="ana")
            return inputs.rollback_requested, RollbackRequested(**where, payload=rollback)


def coordinator_acts(phase: Phase, action: DeploymentAction) -> bool:
    """Whether the coordinator, holding a deployment in `phase`, does anything with the command."""
    world = World().seed("1.0")
    world.request("d1", version="2.0")
    world.deployed("d1", "migrate")
    deployment = world.deployments["d1"]
    deployment.phase = phase
    reaction, event = command(action)
    transition = world.on("d1", reaction, event)
    return bool(transition.effects) or world.deployments["d1"].phase is not phase


@pytest.mark.parametrize("action", DEPLOYMENT_ACTIONS)
@pytest.mark.parametrize("phase", list(Phase))
def test_the_dashboard_accepts_exactly_what_the_coordinator_acts_on(phase: Phase, action: DeploymentAction) -> None:
    assert phase.value in STATUSES, "every coordinator phase is a status the dashboard shows"
    accepted = refusal(phase.value, action) is None
    assert accepted == coordinator_acts(phase, action), f"{action} in {phase.value}"


def test_a_requested_deployment_can_be_cancelled_whatever_the_coordinator_made_of_it() -> None:
    """ "requested" is before the coordinator's answer: queued, waiting for approval or running, or rejected."""
    became = [Phase.QUEUED, Phase.AWAITING_APPROVAL, Phase.RUNNING]
    assert all(coordinator_acts(phase, "cancel") for phase in became) and refusal("requested", "cancel") is None
    assert not coordinator_acts(Phase.QUEUED, "rollback") and refusal("requested", "rollback") is not None

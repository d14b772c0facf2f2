"""Blue-green: deploy to the idle color, gate it, switch traffic, and keep the old color for a fast way back."""

import copy

from services.coordinator.domain import progress
from services.coordinator.domain.effects import Publish, RunCommand
from services.coordinator.domain.model import Step
from services.coordinator.domain.transition import Transition
from shared.events import HealthGateRequested, RollbackFailed
from tests.unit.coordinator.scenario import DIAMOND, World, first, published

PLAN = copy.deepcopy(DIAMOND)
PLAN["services"]["api"]["strategy"] = {"type": "blue-green", "switch": ["./switch.sh", "{service}", "{color}"]}


def _runs(transition: Transition) -> list[RunCommand]:
    return [e for e in transition.effects if isinstance(e, RunCommand)]


def test_deploy_to_idle_color_gate_it_then_switch() -> None:
    world = World(plan=PLAN)
    (deploy,) = _runs(world.request("d1", version="2.0", services=["api"]))
    assert deploy.kind == "deploy" and deploy.values["color"] == "blue", "the first deployment goes to blue"
    transition = world.deployed("d1", "api")
    gate = next(e.event for e in transition.effects if isinstance(e, Publish))
    assert isinstance(gate, HealthGateRequested) and gate.payload.color == "blue"
    assert "api" not in world.env.desired, "nothing live changed before the switch"
    assert world.deployments["d1"].services["api"].changed is False
    (switch,) = _runs(world.passed("d1", "api"))
    assert switch.kind == "switch" and switch.template == ["./switch.sh", "{service}", "{color}"]
    assert world.deployments["d1"].services["api"].step is Step.SWITCHING
    transition = world.on("d1", progress.switched, "api")
    assert published(transition)[-1] == "deployment-succeeded"
    assert world.env.desired["api"].color == "blue" and world.env.desired["api"].version == "2.0"


def test_the_next_deployment_uses_the_other_color() -> None:
    world = World(plan=PLAN)
    world.request("d1", version="2.0", services=["api"])
    world.deployed("d1", "api")
    world.passed("d1", "api")
    world.on("d1", progress.switched, "api")
    (deploy,) = _runs(world.request("d2", version="2.1", services=["api"]))
    assert deploy.values["color"] == "green"
    assert world.deployments["d2"].services["api"].previous_color == "blue"


def test_a_failed_gate_before_the_switch_leaves_nothing_to_roll_back() -> None:
    world = World(plan=PLAN)
    world.request("d1", version="2.0", services=["api"])
    world.deployed("d1", "api")
    transition = world.failed("d1", "api", "health gate failed: 503")
    assert published(transition) == ["deployment-failed"], "the live color was never touched"


def test_a_failed_switch_is_rolled_back() -> None:
    world = World(plan=PLAN)
    world.request("d1", version="2.0", services=["api"])
    world.deployed("d1", "api")
    world.passed("d1", "api")
    transition = world.failed("d1", "api", "switch exited with code 1")
    assert published(transition) == ["deployment-failed", "rollback-requested", "rollback-started", "rollback-failed"]
    (outcome,) = first(transition, RollbackFailed).payload.outcomes
    assert not outcome.ok and "no earlier version" in outcome.detail, "its first version: no color to go back to"

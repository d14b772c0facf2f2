"""A deployment runs wave by wave, each service gated on health, and succeeds only when all passed."""

import copy

from services.coordinator.domain import lifecycle
from services.coordinator.domain.effects import RunCommand
from services.coordinator.domain.model import Phase, Step
from tests.unit.coordinator.scenario import DIAMOND, World, commands, published, timers


def test_a_diamond_runs_wave_by_wave_with_the_middle_in_parallel() -> None:
    world = World()
    transition = world.request("d1", version="2.0")
    assert published(transition) == ["deployment-started", "stage-started", "service-deploy-started"]
    assert commands(transition) == ["migrate"]
    transition = world.deployed("d1", "migrate")  # a job: done when it exits 0, no gate
    assert commands(transition) == ["api", "worker"]
    assert published(transition) == [
        "stage-succeeded",
        "stage-started",
        "service-deploy-started",
        "service-deploy-started",
    ]
    transition = world.deployed("d1", "api")
    assert published(transition) == ["health-gate-requested"] and timers(transition) == [("gate", "api")]
    assert published(world.passed("d1", "api")) == [], "web waits for worker"
    world.finish("d1", "worker")
    assert world.deployments["d1"].services["web"].step is Step.DEPLOYING
    transition = world.finish("d1", "web")
    assert published(transition)[-2:] == ["stage-succeeded", "deployment-succeeded"]
    assert world.deployments["d1"].phase is Phase.SUCCEEDED
    assert world.env.active is None
    assert {n: d.version for n, d in world.env.desired.items()} == dict.fromkeys(
        ["migrate", "api", "worker", "web"], "2.0"
    )


def test_the_rendered_command_values_and_checkpoint() -> None:
    world = World()
    world.request("d1", version="2.0")
    for name in ("migrate", "api", "worker", "web"):
        world.finish("d1", name)
    transition = world.request("d2", version="2.1", services=["api"])
    (run,) = [e for e in transition.effects if isinstance(e, RunCommand)]
    assert run.values == {
        "service": "api",
        "version": "2.1",
        "previous_version": "2.0",
        "environment": "staging",
        "artifact": None,
        "color": None,
    }
    assert world.deployments["d2"].services["api"].previous_version == "2.0"


def test_duplicate_events_change_nothing() -> None:
    world = World()
    world.request("d1", version="2.0")
    world.deployed("d1", "migrate")
    assert world.deployed("d1", "migrate").effects == []
    world.deployed("d1", "api")
    world.passed("d1", "api")
    assert published(world.passed("d1", "api")) == []


def test_baking_then_success_by_timer() -> None:
    plan = World().plan
    assert plan.services["api"].rollback_policy.bake_time == 0  # the default scenario bakes 0s; here api bakes 5m

    baked = copy.deepcopy(DIAMOND)
    baked["services"]["api"]["rollback_policy"] = {"bake_time": "5m"}
    world = World(plan=baked)
    world.request("d1", version="2.0", services=["api"])
    transition = world.finish("d1", "api")
    assert published(transition)[-1] == "bake-started" and timers(transition) == [("bake", "")]
    assert world.deployments["d1"].phase is Phase.BAKING
    world.tick(300)
    transition = world.on("d1", lifecycle.timer_fired, "bake", "")
    assert published(transition) == ["deployment-succeeded"]

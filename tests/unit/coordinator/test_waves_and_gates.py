"""A deployment runs wave by wave, each service gated on health, and succeeds only when all passed."""

import copy

from services.coordinator.domain import lifecycle
from services.coordinator.domain.model import Phase, Step
from tests.unit.coordinator.scenario import DIAMOND, World, commands, published, timers


def test_a_diamond_runs_wave_by_wave_with_the_middle_in_parallel() -> None:
    world = World()
    change = world.request("d1", version="2.0")
    assert published(change) == ["deployment-started", "stage-started", "service-deploy-started"]
    assert commands(change) == ["migrate"]
    change = world.deployed("d1", "migrate")  # a job: done when it exits 0, no gate
    assert commands(change) == ["api", "worker"]
    assert published(change) == ["stage-succeeded", "stage-started", "service-deploy-started", "service-deploy-started"]
    change = world.deployed("d1", "api")
    assert published(change) == ["health-gate-requested"] and timers(change) == [("gate", "api")]
    assert published(world.passed("d1", "api")) == [], "web waits for worker"
    world.finish("d1", "worker")
    assert world.deployments["d1"].services["web"].step is Step.DEPLOYING
    change = world.finish("d1", "web")
    assert published(change)[-2:] == ["stage-succeeded", "deployment-succeeded"]
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
    change = world.request("d2", version="2.1", services=["api"])
    (run,) = [e for e in change.effects if hasattr(e, "template")]
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
    assert plan  # the default scenario bakes 0s; here api bakes 5m

    baked = copy.deepcopy(DIAMOND)
    baked["services"]["api"]["rollback_policy"] = {"bake_time": "5m"}
    world = World(plan=baked)
    world.request("d1", version="2.0", services=["api"])
    change = world.finish("d1", "api")
    assert published(change)[-1] == "bake-started" and timers(change) == [("bake", "")]
    assert world.deployments["d1"].phase is Phase.BAKING
    world.tick(300)
    change = world.on("d1", lifecycle.timer_fired, "bake", "")
    assert published(change) == ["deployment-succeeded"]

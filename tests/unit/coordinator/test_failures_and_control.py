"""Failures stop new work and ask for rollback; the environment queues, asks approval, cancels and rejects."""

from typing import Any

import pytest

from services.coordinator.domain import ending, lifecycle
from services.coordinator.domain.effects import ClearTimer, StopCommands
from services.coordinator.domain.model import Phase, Step
from shared.events import DeploymentFailed, DeploymentQueued, RollbackRequested, RollbackStarted
from tests.unit.coordinator.scenario import World, commands, first, published


def test_a_failure_lets_running_services_finish_then_fails_and_rolls_back() -> None:
    world = World().seed("1.0")
    world.request("d1", version="2.0")
    world.deployed("d1", "migrate")
    transition = world.failed("d1", "api", "exited with code 3")
    assert published(transition) == [], "worker is still deploying"
    transition = world.deployed("d1", "worker")
    assert published(transition) == ["health-gate-requested"], "no new service starts, but worker is still gated"
    transition = world.passed("d1", "worker")
    assert published(transition)[:3] == ["deployment-failed", "rollback-requested", "rollback-started"]
    assert commands(transition) == ["api", "worker"], "web never starts; the rollback begins with the last wave"
    failed, rollback = first(transition, DeploymentFailed), first(transition, RollbackRequested)
    started = first(transition, RollbackStarted)
    assert failed.payload.failed_services == ["api"] and "api: exited with code 3" in failed.payload.reason
    assert rollback.payload.services == ["migrate", "api", "worker"] and rollback.payload.trigger == "deploy"
    assert started.payload.waves == [["api", "worker"], ["migrate"]]
    deployment = world.deployments["d1"]
    assert deployment.phase is Phase.ROLLING_BACK and deployment.services["web"].step is Step.WAITING


def test_a_gate_that_never_answers_fails_the_service_by_timer() -> None:
    world = World().seed()
    world.request("d1", version="2.0", services=["api"])
    world.deployed("d1", "api")
    world.tick(90)
    transition = world.on("d1", lifecycle.timer_fired, "gate", "api")
    assert published(transition)[:3] == ["deployment-failed", "rollback-requested", "rollback-started"]
    assert "no health-gate answer within 60s" in world.deployments["d1"].failure
    assert world.on("d1", lifecycle.timer_fired, "gate", "api").effects == [], "a late timer does nothing"


def test_an_answered_gate_drops_its_timer() -> None:
    world = World()
    world.request("d1", version="2.0", services=["api"])
    world.deployed("d1", "api")
    assert ClearTimer("d1", "gate", "api") in world.passed("d1", "api").effects


def test_one_deployment_per_environment_and_the_queue_moves_on() -> None:
    world = World()
    world.request("d1", version="2.0", services=["api"])
    transition = world.request("d2", version="2.1", services=["api"])
    assert published(transition) == ["deployment-queued"]
    assert first(transition, DeploymentQueued).payload.behind == "d1"
    assert world.deployments["d2"].phase is Phase.QUEUED
    transition = world.finish("d1", "api")
    assert published(transition) == [
        "stage-succeeded",
        "deployment-succeeded",
        "deployment-started",
        "stage-started",
        "service-deploy-started",
    ]
    assert world.env.active is not None and world.env.active.id == "d2"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"version": "2.0", "services": ["ghost"]}, "unknown service 'ghost' in environment 'staging'"),
        ({"versions": {"api": "bad version!"}}, "'bad version!' is not a version for 'api'"),
        ({"services": ["api"]}, "no version for 'api'"),
        ({}, "nothing to deploy"),
    ],
)
def test_bad_requests_are_rejected_with_a_reason(payload: dict[str, Any], reason: str) -> None:
    world = World()
    world.request("bad", **payload)
    deployment = world.deployments["bad"]
    assert deployment.phase is Phase.REJECTED and reason in deployment.failure
    assert world.env.active is None


def test_the_same_versions_deployed_or_queued_are_rejected() -> None:
    world = World()
    world.request("d1", version="2.0", services=["api"])
    world.request("d2", version="2.0", services=["api"])
    assert "already deploying (d1)" in world.deployments["d2"].failure
    world.finish("d1", "api")
    world.request("d3", version="2.0", services=["api"])
    assert "already deployed in staging: api 2.0" in world.deployments["d3"].failure


def test_production_waits_for_approval() -> None:
    world = World("production")
    transition = world.request("d1", version="2.0", services=["api"])
    assert published(transition) == ["approval-requested"]
    assert world.deployments["d1"].phase is Phase.AWAITING_APPROVAL
    transition = world.on("d1", lifecycle.approve)
    assert published(transition)[:1] == ["deployment-started"]


def test_cancel_stops_commands_and_rolls_back_what_changed() -> None:
    world = World().seed()
    world.request("d1", version="2.0")
    world.deployed("d1", "migrate")
    transition = world.cancel("d1")
    assert published(transition)[:3] == ["deployment-cancelled", "rollback-requested", "rollback-started"]
    stop = [e for e in transition.effects if isinstance(e, StopCommands)]
    assert stop == [StopCommands("d1", ["api", "worker"])]
    requested = first(transition, RollbackRequested)
    assert requested.payload.reason == "cancelled"
    assert world.deployments["d1"].phase is Phase.ROLLING_BACK


def test_cancel_of_a_queued_or_unstarted_deployment_just_ends_it() -> None:
    world = World("production")
    world.request("d1", version="2.0", services=["api"])
    world.request("d2", version="2.1", services=["api"])
    assert published(world.cancel("d2")) == ["deployment-cancelled"]
    assert world.deployments["d2"].phase is Phase.CANCELLED and world.env.queue == []
    assert published(world.cancel("d1")) == ["deployment-cancelled"]
    assert world.env.active is None


def test_verification_gates_success() -> None:
    import copy

    from tests.unit.coordinator.scenario import DIAMOND

    plan = copy.deepcopy(DIAMOND)
    plan["services"]["api"]["verification"] = {"smoke": [{"url": "http://127.0.0.1:1/"}], "timeout": "2m"}
    world = World(plan=plan).seed()
    world.request("d1", version="2.0", services=["api"])
    transition = world.finish("d1", "api")
    assert published(transition)[-1] == "verification-requested"
    transition = world.on("d1", ending.verified, False, "smoke GET / returned 500")
    assert published(transition)[:3] == ["deployment-failed", "rollback-requested", "rollback-started"]
    assert "smoke GET / returned 500" in world.deployments["d1"].failure

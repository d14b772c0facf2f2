"""Rollback, run by the coordinator: reverse waves, each service back to its checkpoint, gated; once only."""

import copy
from typing import Any

from services.coordinator.domain import progress, resume, unwind
from services.coordinator.domain.effects import Publish, RunCommand
from services.coordinator.domain.model import Deployed, Phase, Undo
from services.coordinator.domain.transition import Transition
from tests.unit.coordinator.scenario import DIAMOND, World, published


def runs(transition: Transition) -> list[RunCommand]:
    return [e for e in transition.effects if isinstance(e, RunCommand)]


def event(transition: Transition, kind: str) -> Any:  # Any: each test reads the payload of the type it asked for
    return next(e.event for e in transition.effects if isinstance(e, Publish) and e.event.type == kind)


def failed_after_first_wave() -> tuple[World, Transition]:
    world = World().seed("1.0")
    world.request("d1", version="2.0")
    world.finish("d1", "migrate")
    world.finish("d1", "api")
    world.deployed("d1", "worker")
    return world, world.on("d1", progress.failed, "worker", "health gate failed: 503")


def test_services_go_back_in_reverse_waves_each_gated_on_its_previous_version() -> None:
    world, transition = failed_after_first_wave()
    assert event(transition, "rollback-started").payload.waves == [["api", "worker"], ["migrate"]]
    first = runs(transition)
    assert [(r.service, r.kind, r.values["version"]) for r in first] == [
        ("api", "rollback", "1.0"),
        ("worker", "rollback", "1.0"),
    ]
    assert first[0].template == ["./deploy.sh", "{service}", "{version}"], "no rollback command: deploy 1.0 again"
    gate = event(world.on("d1", unwind.command_done, "api"), "health-gate-requested")
    assert gate.service == "api" and gate.payload.expected_version == "1.0"
    assert runs(world.on("d1", unwind.gate_passed, "api")) == [], "migrate waits for the whole wave"
    world.on("d1", unwind.command_done, "worker")
    (migrate,) = runs(world.on("d1", unwind.gate_passed, "worker"))
    assert migrate.service == "migrate" and migrate.values["version"] == "1.0"
    done = world.on("d1", unwind.command_done, "migrate")  # a job: no gate
    assert published(done) == ["rollback-completed", "deployment-rolled-back"]
    outcomes = event(done, "rollback-completed").payload.outcomes
    assert all(o.ok and o.restored_version == "1.0" for o in outcomes)
    assert world.env.active is None and world.deployments["d1"].phase is Phase.ROLLED_BACK
    assert {name: d.version for name, d in world.env.desired.items()} == dict.fromkeys(world.env.desired, "1.0")


def test_a_failing_rollback_command_fails_the_rollback_but_the_others_still_go_back() -> None:
    world, _ = failed_after_first_wave()
    world.on("d1", lambda c, d, now: unwind.failed(c, d, "api", "rollback exited with code 2", now, at=Undo.RUNNING))
    world.on("d1", unwind.command_done, "worker")
    assert [r.service for r in runs(world.on("d1", unwind.gate_passed, "worker"))] == ["migrate"]
    done = world.on("d1", unwind.command_done, "migrate")
    assert published(done) == ["rollback-failed"] and world.deployments["d1"].phase is Phase.FAILED
    outcomes = {o.service: o for o in event(done, "rollback-failed").payload.outcomes}
    assert not outcomes["api"].ok and "code 2" in outcomes["api"].detail and outcomes["worker"].ok
    assert world.env.desired["api"].version == "2.0", "api still runs what the deployment left"


def test_a_second_rollback_request_is_ignored() -> None:
    world, _ = failed_after_first_wave()
    again = world.on("d1", resume.rollback_requested, [], "error rate 12%", "rollback-policy")
    assert again.effects == []


def test_a_rollback_command_in_the_plan_is_used() -> None:
    plan = copy.deepcopy(DIAMOND)
    plan["services"]["api"]["rollback"] = ["./rollback.sh", "{service}", "{previous_version}"]
    world = World(plan=plan).seed("1.0")
    world.request("d1", version="2.0", services=["api"])
    world.deployed("d1", "api")
    (rollback,) = runs(world.on("d1", progress.failed, "api", "503"))
    assert rollback.template == ["./rollback.sh", "{service}", "{previous_version}"]
    assert rollback.values["previous_version"] == "1.0"


def test_a_blue_green_service_is_switched_back_without_a_redeploy() -> None:
    plan = copy.deepcopy(DIAMOND)
    plan["services"]["api"]["strategy"] = {"type": "blue-green", "switch": ["./switch.sh", "{service}", "{color}"]}
    plan["defaults"]["rollback_policy"]["bake_time"] = "10m"
    world = World(plan=plan).seed("1.0")
    world.env.desired["api"] = Deployed(version="1.0", color="blue")
    world.request("d1", version="2.0", services=["api"])
    world.finish("d1", "api")
    world.on("d1", progress.switched, "api")
    assert world.deployments["d1"].phase is Phase.BAKING
    transition = world.on("d1", resume.rollback_requested, [], "error rate 9% against 0.2%", "rollback-policy")
    assert published(transition)[:2] == ["deployment-failed", "rollback-started"]
    (back,) = runs(transition)
    assert back.kind == "rollback" and back.template == ["./switch.sh", "{service}", "{color}"]
    assert back.values["color"] == "blue"
    gate = event(world.on("d1", unwind.command_done, "api"), "health-gate-requested")
    assert gate.payload.color == "blue" and gate.payload.expected_version == "1.0"
    world.on("d1", unwind.gate_passed, "api")
    assert world.env.desired["api"].color == "blue" and world.env.desired["api"].version == "1.0"


def test_pause_waits_for_a_person_who_retries() -> None:
    plan = copy.deepcopy(DIAMOND)
    plan["services"]["api"]["rollback_policy"] = {"on_failure": "pause"}
    world = World(plan=plan).seed()
    world.request("d1", version="2.0", services=["api"])
    transition = world.failed("d1", "api", "exit 1")
    assert published(transition) == ["deployment-failed", "deployment-paused"]
    assert world.deployments["d1"].phase is Phase.PAUSED and world.env.active is not None
    (again,) = runs(world.on("d1", resume.resume, "retry"))
    assert again.kind == "deploy" and again.job_id == "d1:api:deploy:run2"
    world.finish("d1", "api")
    retried = world.deployments["d1"]  # read again: mypy keeps the PAUSED it narrowed above across the calls
    assert retried.phase is Phase.SUCCEEDED


def test_pause_then_continue_accepts_the_failure() -> None:
    plan = copy.deepcopy(DIAMOND)
    plan["services"]["api"]["rollback_policy"] = {"on_failure": "pause"}
    world = World(plan=plan).seed()
    world.request("d1", version="2.0", services=["api"])
    world.failed("d1", "api", "exit 1")
    transition = world.on("d1", resume.resume, "continue")
    assert published(transition)[-1] == "deployment-succeeded"


def test_freeze_leaves_everything_as_it_is() -> None:
    plan = copy.deepcopy(DIAMOND)
    plan["services"]["migrate"]["rollback_policy"] = {"on_failure": "freeze"}
    world = World(plan=plan).seed()
    world.request("d1", version="2.0")
    transition = world.failed("d1", "migrate", "migration 0042 failed")
    assert published(transition) == ["deployment-failed"] and runs(transition) == []
    assert world.deployments["d1"].phase is Phase.FAILED and world.env.active is None

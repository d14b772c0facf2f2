"""A small world for the state machine tests: a diamond plan, an environment, and a clock that moves on demand."""

from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import yaml

from services.coordinator.domain import ending, intake, lifecycle, progress
from services.coordinator.domain.effects import Publish, RunCommand, SetTimer
from services.coordinator.domain.model import Deployed, Deployment, EnvironmentState
from services.coordinator.domain.transition import Transition
from shared.events import DeployRequested, Event
from shared.events.deployment import DeployRequestedPayload
from shared.plan import ResolvedPlan, parse_plan, resolve_for_environment
from tests.unit.coordinator.persisting import Persisting

EventT = TypeVar("EventT", bound=Event)
DIAMOND: dict[str, Any] = {
    "version": 1,
    "max_parallelism": 5,
    "defaults": {"health": {"gate_timeout": "60s"}, "rollback_policy": {"bake_time": "0s"}},
    "environments": {"staging": {"variables": {"REGION": "eu"}}, "production": {"approval_required": True}},
    "services": {
        "migrate": {"kind": "job", "deploy": ["./migrate.sh", "{version}"]},
        "api": {
            "depends_on": ["migrate"],
            "deploy": ["./deploy.sh", "{service}", "{version}"],
            "health": {"ready": "http://127.0.0.1:1/health/ready"},
        },
        "worker": {
            "depends_on": ["migrate"],
            "deploy": ["./deploy.sh", "{service}", "{version}"],
            "health": {"ready": "http://127.0.0.1:2/health/ready"},
        },
        "web": {
            "depends_on": ["api", "worker"],
            "deploy": ["./deploy.sh", "{service}", "{version}"],
            "health": {"ready": "http://127.0.0.1:3/health/ready"},
        },
    },
}


def resolved(environment: str = "staging", plan: dict[str, Any] | None = None) -> ResolvedPlan:
    return resolve_for_environment(parse_plan(yaml.safe_dump(plan or DIAMOND)), environment)


class World:
    def __init__(self, environment: str = "staging", plan: dict[str, Any] | None = None) -> None:
        self.plan = resolved(environment, plan)
        self.env = EnvironmentState(name=environment)
        self.deployments: dict[str, Deployment] = {}
        self.now = datetime(2026, 1, 1, tzinfo=UTC)
        self.effects: list[object] = []
        self.persisting = Persisting()

    def seed(self, version: str = "1.0") -> "World":
        """Every service already runs `version`, so a rollback has somewhere to go back to."""
        for name in self.plan.services:
            self.env.desired[name] = Deployed(version=version)
        return self

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def _apply(self, transition: Transition) -> Transition:
        lifecycle.promote_next(transition, self.deployments, self.now)
        self.persisting.check(transition.env, *transition.deployments.values())
        self.env = transition.env
        self.deployments.update(transition.deployments)
        self.effects.extend(transition.effects)
        return transition

    def request(self, deployment_id: str, **payload: Any) -> Transition:
        """`payload`: DeployRequestedPayload's fields."""
        asked = DeployRequestedPayload(**payload)
        event = DeployRequested(deployment_id=deployment_id, environment=self.env.name, payload=asked)
        self.persisting.held(self.env, *self.deployments.values())
        return self._apply(intake.requested(self.env, None, event, intake.PinnedPlan(self.plan, 1), self.now))

    def on(self, deployment_id: str, action: Any, *args: Any) -> Transition:
        self.persisting.held(self.env, *self.deployments.values())
        transition = Transition(self.env)
        deployment = transition.keep(self.deployments[deployment_id])
        action(transition, deployment, *args, self.now)
        return self._apply(transition)

    def deployed(self, deployment_id: str, service: str) -> Transition:
        return self.on(deployment_id, progress.deployed, service)

    def passed(self, deployment_id: str, service: str) -> Transition:
        return self.on(deployment_id, progress.passed, service)

    def failed(self, deployment_id: str, service: str, reason: str = "exit 1") -> Transition:
        return self.on(deployment_id, progress.failed, service, reason)

    def finish(self, deployment_id: str, service: str) -> Transition:
        self.deployed(deployment_id, service)
        if self.deployments[deployment_id].specs[service].probed:
            return self.passed(deployment_id, service)
        return Transition(self.env)

    def cancel(self, deployment_id: str) -> Transition:
        return self.on(deployment_id, ending.cancel, "alice", "wrong version")


def published(transition: Transition) -> list[str]:
    return [e.event.type for e in transition.effects if isinstance(e, Publish)]


def first(transition: Transition, kind: type[EventT]) -> EventT:
    """The first event of that class the transition publishes."""
    return next(e.event for e in transition.effects if isinstance(e, Publish) and isinstance(e.event, kind))


def commands(transition: Transition) -> list[str]:
    return [e.service for e in transition.effects if isinstance(e, RunCommand)]


def timers(transition: Transition) -> list[tuple[str, str]]:
    return [(e.kind, e.service) for e in transition.effects if isinstance(e, SetTimer)]

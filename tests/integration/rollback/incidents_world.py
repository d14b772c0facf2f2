"""The incident tests' world: the Incidents of a running in-process service on a real Redis, fed events with explicit
times."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from redis.asyncio import Redis

from services.rollback.app import DEFINITION as ROLLBACK
from services.rollback.incident_inputs import INCIDENT_EVENTS
from services.rollback.incidents import Incidents
from shared.bus.handlers import Handlers
from shared.events import (
    BakeStarted,
    DeploymentFailed,
    DeploymentRolledBack,
    DeploymentStarted,
    Event,
    HealthDegraded,
    HealthGatePassed,
    Payload,
    RollbackCompleted,
    RollbackRequested,
    RollbackStarted,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
)
from shared.events.deployment import (
    BakeStartedPayload,
    DeploymentFailedPayload,
    DeploymentRolledBackPayload,
    DeploymentStartedPayload,
)
from shared.events.health import HealthChangePayload, HealthGatePassedPayload
from shared.events.rollback import (
    RollbackOutcomePayload,
    RollbackRequestedPayload,
    RollbackStartedPayload,
    ServiceRollbackOutcome,
)
from shared.events.stage import ServiceDeployStartedPayload, ServiceDeploySucceededPayload
from shared.keys.rollback import RollbackKeys
from shared.runtime import ServiceContext
from shared.streams import Keys
from tests.support.deploy_world import events
from tests.support.inprocess import part_of, running

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ENV = "production"
REASON = "health-degraded on api (error rate 12%)"
KEYS = RollbackKeys.of(Keys())
E = TypeVar("E", bound=Event)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def ev(cls: type[E], seconds: float, payload: Payload, deployment_id: str | None = "d-7", **envelope: Any) -> E:
    return cls(
        deployment_id=deployment_id,
        environment=ENV,
        occurred_at=at(seconds),
        payload=payload,
        producer="tests",
        **envelope,
    )


@pytest.fixture
async def incidents(redis_url: str) -> AsyncIterator[Incidents]:
    """The Incidents of a running in-process service (settling after 0.2 s), to read what it stored."""
    made: list[Incidents] = []

    def make(context: ServiceContext) -> Handlers:
        made.append(Incidents(context, settle_after_s=0.2))
        context.background.append(made[0].run_forever)
        return made[0].handlers()

    async with running(part_of(ROLLBACK, make, INCIDENT_EVENTS), redis_url):
        yield made[0]


async def incident_events(redis: Redis) -> list[Event]:
    return [e for e in await events(redis) if e.type in ("incident-opened", "incident-resolved")]


def bake_failure() -> tuple[DeploymentStarted, list[Event], list[Event]]:
    """d-7 started (the first event `early` holds), deployed api and began to bake, and api degraded; `later`: the
    rollback policy asked for a rollback and the coordinator carried it out."""
    started = ev(
        DeploymentStarted, 0, DeploymentStartedPayload(versions={"api": "2.0", "web": "5.0"}, waves=[["api"], ["web"]])
    )
    early: list[Event] = [
        started,
        ev(ServiceDeploySucceeded, 30, ServiceDeploySucceededPayload(version="2.0", duration_s=30), service="api"),
        ev(BakeStarted, 60, BakeStartedPayload(duration_s=300, until=at(360))),
        ev(
            HealthDegraded,
            100,
            HealthChangePayload(status="degraded", previous_status="healthy", error_rate=0.12),
            deployment_id=None,
            service="api",
        ),
    ]
    later: list[Event] = [
        ev(
            RollbackRequested,
            130,
            RollbackRequestedPayload(
                reason=REASON, trigger="health", services=["api"], reasons=["error rate 12% > 5% for 3 probes"]
            ),
        ),
        ev(DeploymentFailed, 131, DeploymentFailedPayload(reason=f"rollback requested by flightdeck: {REASON}")),
        ev(RollbackStarted, 131, RollbackStartedPayload(reason=REASON, waves=[["api"]])),
        ev(ServiceDeployStarted, 132, ServiceDeployStartedPayload(version="1.9", step="rollback"), service="api"),
        ev(
            ServiceDeploySucceeded,
            160,
            ServiceDeploySucceededPayload(version="1.9", step="rollback", duration_s=28),
            service="api",
        ),
        ev(HealthGatePassed, 170, HealthGatePassedPayload(version="1.9", waited_s=10), service="api"),
        ev(
            RollbackCompleted,
            175,
            RollbackOutcomePayload(
                outcomes=[ServiceRollbackOutcome(service="api", restored_version="1.9", ok=True)], duration_s=44
            ),
        ),
        ev(DeploymentRolledBack, 175, DeploymentRolledBackPayload(reason=REASON, services={"api": "1.9"})),
    ]
    return started, early, later

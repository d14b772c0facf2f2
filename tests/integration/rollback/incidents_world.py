"""The incident tests' world: the Incidents of a running in-process service on a real Redis, fed events with explicit
times."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from redis.asyncio import Redis

from services.rollback.incident_inputs import INCIDENT_EVENTS
from services.rollback.incidents import Incidents
from shared.bus.handlers import Handlers
from shared.events import Event
from shared.keys.rollback import RollbackKeys
from shared.runtime import ServiceContext
from shared.streams import Keys
from tests.support.deploy_world import events
from tests.support.inprocess import definition, running

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ENV = "production"
REASON = "health-degraded on api (error rate 12%)"
KEYS = RollbackKeys.of(Keys())


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def ev(
    cls: type[Event], seconds: float, payload: dict[str, Any], deployment_id: str | None = "d-7", **envelope: Any
) -> Event:
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

    async with running(definition("rollback", make, INCIDENT_EVENTS), redis_url):
        yield made[0]


async def incident_events(redis: Redis) -> list[Event]:
    return [e for e in await events(redis) if e.type in ("incident-opened", "incident-resolved")]


async def all_handled(redis: Redis) -> bool:
    """Every entry of the stream delivered to the rollback group and acknowledged."""
    last = await redis.xrevrange(Keys().events, count=1)
    group = next(g for g in await redis.xinfo_groups(Keys().events) if g["name"] == b"rollback")
    return bool(last) and group["pending"] == 0 and group["last-delivered-id"] == last[0][0]

"""Watching through the stream: flapping stays quiet, a hard failure reports once and recovers once, blame."""

import asyncio

from redis.asyncio import Redis

from shared.events import HealthDegraded
from tests.integration.monitor.conftest import Watched
from tests.support.alerting import of_class
from tests.support.deploy_world import events
from tests.support.inprocess import eventually


async def _health_events(redis: Redis) -> list[tuple[str, str]]:
    return [(e.type, e.service or "") for e in await events(redis) if e.type.startswith("health-")]


async def test_flapping_below_the_threshold_emits_nothing(watched: Watched, redis_client: Redis) -> None:
    watched.health.flapping.add("api")
    await eventually(lambda: watched.health.hits.get("api", 0) >= 30)
    assert await _health_events(redis_client) == []


async def test_a_hard_failure_reports_once_and_recovers_once(watched: Watched, redis_client: Redis) -> None:
    await eventually(lambda: watched.health.hits.get("api", 0) >= 3)  # known healthy first
    watched.health.status["api"] = 503
    await eventually(lambda: _count(redis_client, "health-degraded", 1))
    seen = watched.health.hits["api"]
    await eventually(lambda: watched.health.hits["api"] >= seen + 10)  # still failing, still probed
    watched.health.status["api"] = 200
    await eventually(lambda: _count(redis_client, "health-recovered", 1))
    await asyncio.sleep(0.3)
    assert await _health_events(redis_client) == [("health-degraded", "api"), ("health-recovered", "api")]
    degraded = (await of_class(redis_client, HealthDegraded))[0]
    assert degraded.payload.status == "unhealthy" and degraded.payload.previous_status == "healthy"
    assert degraded.payload.evidence[-1].reason.startswith("HTTP 503") and (degraded.payload.error_rate or 0) > 0


async def test_a_failing_dependency_is_named_the_root_cause(watched: Watched, redis_client: Redis) -> None:
    await eventually(lambda: watched.health.hits.get("api", 0) >= 3)
    watched.health.status["db"] = 503
    await eventually(lambda: _count(redis_client, "health-degraded", 1))
    watched.health.status["api"] = 503
    await eventually(lambda: _count(redis_client, "health-degraded", 2))
    degraded = {e.service: e for e in await of_class(redis_client, HealthDegraded)}
    assert degraded["db"].payload.root_cause == "db"
    assert degraded["db"].payload.impacted == ["api"], "api depends on db, healthy yet or not"
    assert degraded["api"].payload.root_cause == "db" and degraded["api"].payload.impacted == ["api"]


async def _count(redis: Redis, kind: str, n: int) -> bool:
    return sum(1 for t, _ in await _health_events(redis) if t == kind) >= n

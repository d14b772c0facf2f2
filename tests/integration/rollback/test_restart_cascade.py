"""Root causes first, end to end: a dependent of a degraded root cause waits for it, and is restarted when the root
recovers only if it is still degraded itself."""

from pathlib import Path

import pytest
from redis.asyncio import Redis

from shared.keys.rollback import RollbackKeys
from shared.streams import Keys
from tests.integration.rollback.restarts_world import (
    ENV,
    Restarts,
    attempted,
    degraded,
    not_scheduled,
    recovered,
    restarted,
    restarts_log,
    restarts_service,
)
from tests.support.alerting import publish
from tests.support.inprocess import eventually

pytestmark = pytest.mark.integration
__all__ = ["restarts_log", "restarts_service"]  # fixtures, used by name


async def test_a_dependent_waits_for_its_root_cause_and_is_restarted_if_still_degraded(
    restarts_service: Restarts,
    restarts_log: Path,
    redis_client: Redis,
) -> None:
    deferred = RollbackKeys.of(Keys()).deferred(ENV)
    async with restarts_service(backoff="1h"):
        await publish(redis_client, degraded("db"))
        await eventually(lambda: attempted(redis_client, "db"))
        await publish(redis_client, degraded("api", root_cause="db"))
        await eventually(lambda: redis_client.hget(deferred, "api"))
        assert restarted(restarts_log) == ["db"]
        await publish(redis_client, recovered("db"))  # api is still degraded: now it is restarted
        await eventually(lambda: attempted(redis_client, "api"))
        assert restarted(restarts_log) == ["db", "api"]
        assert await redis_client.hget(deferred, "api") is None


async def test_a_dependent_that_recovered_with_its_root_cause_is_not_restarted(
    restarts_service: Restarts,
    restarts_log: Path,
    redis_client: Redis,
) -> None:
    deferred = RollbackKeys.of(Keys()).deferred(ENV)
    async with restarts_service(backoff="1h"):
        await publish(redis_client, degraded("db", impacted=("api",)))
        await eventually(lambda: attempted(redis_client, "db"))
        await publish(redis_client, degraded("api", root_cause="db"))
        await eventually(lambda: redis_client.hget(deferred, "api"))
        await publish(redis_client, recovered("api"))
        await eventually(lambda: not_scheduled(redis_client, "api"))
        await publish(redis_client, recovered("db"))
        await eventually(lambda: not_scheduled(redis_client, "db"))
        assert not await redis_client.exists(deferred)
        assert await attempted(redis_client, "api") == []
        assert restarted(restarts_log) == ["db"]

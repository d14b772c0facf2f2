"""A restart never runs beside another command of the same service: while a deploy or rollback command holds the
service's command lock, the restarter waits and tries again after its backoff."""

import logging
from pathlib import Path

import pytest
from redis.asyncio import Redis

from shared.command_lock import CommandLock
from shared.streams import Keys
from tests.integration.rollback.restarts_world import ENV, Restarts, degraded, restarts_log, restarts_service
from tests.support.alerting import of_type, publish
from tests.support.inprocess import eventually

__all__ = ["restarts_log", "restarts_service"]  # fixtures, used by name


async def test_no_restart_while_another_command_of_the_service_runs(
    restarts_service: Restarts,
    restarts_log: Path,
    redis_client: Redis,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, "flightdeck.rollback.restarts")
    locks = CommandLock(redis_client, Keys(), ttl_s=30)
    assert await locks.take(ENV, "db", "d9:db:deploy#1") is None  # a deploy command of db runs
    async with restarts_service(backoff="200ms"):
        await publish(redis_client, degraded("db"))

        def refused() -> int:
            return sum("not restarting now: d9:db:deploy#1 runs a command" in r.getMessage() for r in caplog.records)

        await eventually(lambda: refused() >= 2, within=10)  # looked, waited its backoff, looked again
        assert await of_type(redis_client, "restart-attempted") == []
        await locks.release(ENV, "db", "d9:db:deploy#1")
        await eventually(lambda: restarts_log.exists() and "db" in restarts_log.read_text(), within=10)

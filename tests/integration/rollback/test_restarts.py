"""Restarts end to end: the Restarter runs as a real service on a real Redis, and restart commands are real scripts
that append the service's name to a file."""

import logging
from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.rollback.inflight import InFlight
from shared.events import DeploymentStarted, DeploymentSucceeded, RestartLimitReached
from shared.events.deployment import DeploymentStartedPayload, DeploymentSucceededPayload
from shared.streams import Keys
from tests.integration.rollback.restarts_world import (
    ENV,
    TOKEN,
    Restarts,
    attempted,
    degraded,
    not_scheduled,
    restarted,
    restarts_log,
    restarts_service,
)
from tests.support.alerting import of_type, publish
from tests.support.inprocess import eventually

pytestmark = pytest.mark.integration
__all__ = ["restarts_log", "restarts_service"]  # fixtures, used by name


async def test_a_degraded_service_with_a_restart_command_is_restarted(
    restarts_service: Restarts,
    restarts_log: Path,
    redis_client: Redis,
) -> None:
    async with restarts_service(backoff="1h"):
        await publish(redis_client, degraded("api"), degraded("plain"))
        await eventually(lambda: attempted(redis_client, "api"))
        [event] = await attempted(redis_client, "api")
        assert (event.payload.attempt, event.payload.ok, event.payload.exit_code) == (1, True, 0)
        next_allowed_at = event.payload.next_allowed_at
        assert next_allowed_at is not None and next_allowed_at > event.occurred_at  # one backoff (an hour) later
        assert restarted(restarts_log) == ["api"]
        await eventually(lambda: not_scheduled(redis_client, "plain"))
        assert await attempted(redis_client, "plain") == []


async def test_a_restart_loop_is_capped(
    restarts_service: Restarts,
    restarts_log: Path,
    redis_client: Redis,
) -> None:
    async with restarts_service(backoff="100ms", attempts=3):
        await publish(redis_client, degraded("db"))  # and it never recovers
        await eventually(lambda: of_type(redis_client, "restart-limit-reached"))
        await eventually(lambda: not_scheduled(redis_client, "db"))  # nothing more is due for it
        [limit] = await of_type(redis_client, "restart-limit-reached")
        assert isinstance(limit, RestartLimitReached)
        assert (limit.service, limit.payload.attempts, limit.payload.window_s) == ("db", 3, 1800.0)
        assert [e.payload.attempt for e in await attempted(redis_client, "db")] == [1, 2, 3]
        assert restarted(restarts_log) == ["db", "db", "db"]


async def test_no_restart_while_a_deployment_is_in_flight(
    restarts_service: Restarts,
    restarts_log: Path,
    redis_client: Redis,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="flightdeck.rollback.restarts")
    started = DeploymentStarted(
        deployment_id="d-1",
        environment=ENV,
        producer="tests",
        payload=DeploymentStartedPayload(waves=[["api"]], versions={"api": "v2"}),
    )
    async with restarts_service(backoff="100ms"):
        await publish(redis_client, started)
        await eventually(lambda: InFlight(redis_client, Keys()).active(ENV))
        await publish(redis_client, degraded("api"))
        await eventually(lambda: any("in flight" in r.getMessage() for r in caplog.records))
        assert await attempted(redis_client, "api") == []
        assert restarted(restarts_log) == []
        await publish(redis_client, started.caused(DeploymentSucceeded, DeploymentSucceededPayload(duration_s=5.0)))
        await eventually(lambda: attempted(redis_client, "api"))  # looked at again, now that it is over
        assert restarted(restarts_log)[0] == "api"


async def test_a_failed_restart_is_reported_without_the_secret_it_was_given(
    restarts_service: Restarts,
    redis_client: Redis,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="flightdeck.rollback.restarts")
    async with restarts_service(backoff="1h"):
        await publish(redis_client, degraded("leaky"))
        await eventually(lambda: attempted(redis_client, "leaky"))
        [event] = await attempted(redis_client, "leaky")
        assert (event.payload.ok, event.payload.exit_code) == (False, 3)
        assert "bad token ****" in event.payload.detail
        assert TOKEN not in event.model_dump_json()
        assert TOKEN not in caplog.text

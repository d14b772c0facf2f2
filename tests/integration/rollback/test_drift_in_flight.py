"""Drift is not looked for while versions change on purpose: a deployment in flight, or the rollback of one that
failed; once it ended, what runs is compared again."""

from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.rollback.inflight import InFlight
from shared.events import DeploymentFailed, DeploymentRolledBack, DeploymentStarted, RollbackStarted
from shared.events.deployment import DeploymentFailedPayload, DeploymentRolledBackPayload, DeploymentStartedPayload
from shared.events.rollback import RollbackStartedPayload
from shared.streams import Keys
from tests.support.inprocess import eventually

from .drift_world import ENV, Rollback, deployed, drift_watch, of_type, publish, report, scanned

pytestmark = pytest.mark.integration


@pytest.fixture
def rollback(redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Rollback:
    """rollback() runs a drift watch (scanning every 50ms) until the block ends; its in-flight view is fed too."""
    return drift_watch(redis_url, tmp_path, monkeypatch)


async def test_no_drift_is_reported_while_a_deployment_is_in_flight(redis_client: Redis, rollback: Rollback) -> None:
    async with rollback() as watch:
        await deployed(redis_client, {"api": "1.0.0"})
        await publish(
            redis_client,
            DeploymentStarted(
                deployment_id="d-2",
                environment=ENV,
                payload=DeploymentStartedPayload(versions={"api": "2.0.0"}, waves=[["api"]]),
            ),
        )

        async def in_flight() -> bool:
            return await InFlight(redis_client, Keys()).active(ENV) is not None

        await eventually(in_flight)
        await report(redis_client, "api", "2.0.0", "2.0.0")
        await scanned(watch)
        assert await of_type(redis_client, "drift-detected") == []

        # the deployment fails without a rollback: 2.0.0 now runs where 1.0.0 is desired
        await publish(
            redis_client,
            DeploymentFailed(
                deployment_id="d-2",
                environment=ENV,
                payload=DeploymentFailedPayload(reason="verification", failed_services=["api"]),
            ),
        )

        async def detected() -> bool:
            return bool(await of_type(redis_client, "drift-detected"))

        await eventually(detected)


async def test_no_drift_is_reported_while_a_failed_deployment_is_rolled_back(
    redis_client: Redis,
    rollback: Rollback,
) -> None:
    async with rollback() as watch:
        await deployed(redis_client, {"api": "1.0.0"})
        await publish(
            redis_client,
            DeploymentStarted(
                deployment_id="d-2",
                environment=ENV,
                payload=DeploymentStartedPayload(versions={"api": "2.0.0"}, waves=[["api"]]),
            ),
        )
        await publish(
            redis_client,
            DeploymentFailed(
                deployment_id="d-2",
                environment=ENV,
                payload=DeploymentFailedPayload(reason="health", failed_services=["api"]),
            ),
        )
        await publish(
            redis_client,
            RollbackStarted(
                deployment_id="d-2", environment=ENV, payload=RollbackStartedPayload(reason="health", waves=[["api"]])
            ),
        )

        await eventually(lambda: _ended(redis_client, "deployment-failed"))
        await scanned(watch)  # rollback-started, published after the failure, has been taken in too
        await report(redis_client, "api", "2.0.0", "2.0.0")  # the buckets of the bake, newest before the rollback's
        await scanned(watch)
        assert await of_type(redis_client, "drift-detected") == [], "the rollback is restoring 1.0.0 right now"

        await publish(
            redis_client,
            DeploymentRolledBack(
                deployment_id="d-2",
                environment=ENV,
                payload=DeploymentRolledBackPayload(services={"api": "1.0.0"}, reason="health"),
            ),
        )
        await eventually(lambda: _ended(redis_client, "deployment-rolled-back"))
        await report(redis_client, "api", "1.0.0", "1.0.0")
        await scanned(watch)
        assert await of_type(redis_client, "drift-detected") == []


async def _ended(redis: Redis, how: str) -> bool:
    watch = await InFlight(redis, Keys()).get(ENV)
    return watch is not None and watch.ended == how

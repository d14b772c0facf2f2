"""The alerter's record of where services run and what is being deployed, in a real Redis."""

import pytest
from redis.asyncio import Redis

from services.alerter.rollouts import Rollouts
from shared.keys.alerter import AlerterKeys
from shared.streams import Keys
from tests.support.alerting import deployed, deploying, unhealthy_from_the_start

pytestmark = pytest.mark.integration
KEYS = AlerterKeys.of(Keys())


async def test_windows_and_deployed_services_land_per_environment(redis_client: Redis) -> None:
    rollouts = Rollouts(redis_client, KEYS)
    await rollouts.record(deploying("d-1", "api"))
    await rollouts.record(unhealthy_from_the_start("web"))
    opened = await rollouts.known("staging")
    assert opened.deployed == frozenset() and opened.windows["api"].ended_at is None
    for event in deployed("d-1", "api"):
        await rollouts.record(event)
    done = await rollouts.known("staging")
    assert done.deployed == {"api"} and done.windows["api"].ended_at is not None
    assert (await rollouts.known("production")).windows == {}


async def test_a_window_that_does_not_read_is_ignored_not_fatal(redis_client: Redis) -> None:
    await redis_client.hset(KEYS.deploying("staging"), "api", "{not json")
    rollouts = Rollouts(redis_client, KEYS)
    assert (await rollouts.known("staging")).windows == {}
    await rollouts.record(deploying("d-2", "api"))
    assert (await rollouts.known("staging")).windows["api"].deployment_id == "d-2"

"""A Slack webhook's send slots (Lua on real Redis, shared by every replica): one a second, times given exactly."""

import time

import pytest
from redis.asyncio import Redis

from services.alerter.pacing import Pacer
from shared.keys.alerter import AlerterKeys
from shared.streams import Keys

pytestmark = pytest.mark.integration


async def test_one_slot_a_second_per_webhook_and_each_webhook_apart(redis_client: Redis) -> None:
    pacer, t = Pacer(redis_client, AlerterKeys.of(Keys())), time.time()  # now-ish: a slot's key expires in real time
    assert await pacer.reserve("ops", now=t) is None, "free: send now"
    assert await pacer.reserve("ops", now=t + 0.2) == pytest.approx(t + 1, abs=1e-3), "taken for a second"
    assert await pacer.reserve("ops", now=t + 0.9) == pytest.approx(t + 1, abs=1e-3)
    assert await pacer.reserve("other", now=t + 0.2) is None, "another webhook has its own slots"
    # Lua writes the time with 14 significant digits (0.1 ms here): a hair past the second, not on it
    assert await pacer.reserve("ops", now=t + 1.001) is None, "free again a second later"
    assert await pacer.reserve("ops", now=t + 1.5) == pytest.approx(t + 2.001, abs=1e-3)


async def test_slack_saying_wait_holds_the_webhook_until_then(redis_client: Redis) -> None:
    pacer, t = Pacer(redis_client, AlerterKeys.of(Keys())), time.time()
    assert await pacer.reserve("ops", now=t) is None
    await pacer.hold("ops", until=t + 30)  # 429 with Retry-After: 30
    assert await pacer.reserve("ops", now=t + 10) == pytest.approx(t + 30, abs=1e-3)

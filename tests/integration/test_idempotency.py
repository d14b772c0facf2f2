"""Idempotency keys in a real Redis: claims are first-wins; `once` runs an effect until it has succeeded once."""

import asyncio

import pytest
from redis.asyncio import Redis

from shared.bus.idempotency import Idempotency, InProgress
from shared.streams import Keys


@pytest.fixture
def idem(redis_client: Redis) -> Idempotency:
    return Idempotency(redis_client, Keys(), "coordinator", ttl_s=60)


async def test_claim_is_first_wins_per_service(idem: Idempotency, redis_client: Redis) -> None:
    claims = await asyncio.gather(*(idem.claim("evt-1") for _ in range(20)))
    assert claims.count(True) == 1
    other = Idempotency(redis_client, Keys(), "alerter", ttl_s=60)
    assert await other.claim("evt-1") is True
    assert 0 < await redis_client.ttl(idem.key("evt-1")) <= 60


async def test_once_runs_an_effect_once_across_redeliveries(idem: Idempotency) -> None:
    runs: list[str] = []

    async def effect() -> str:
        runs.append("ran")
        return "result"

    assert await idem.once("evt-2", effect) == (True, "result")
    assert await idem.once("evt-2", effect) == (False, None)
    assert runs == ["ran"]


async def test_a_failed_effect_releases_its_claim_for_the_retry(idem: Idempotency) -> None:
    async def broken() -> None:
        raise RuntimeError("smtp down")

    with pytest.raises(RuntimeError, match="smtp down"):
        await idem.once("evt-3", broken)

    async def fixed() -> int:
        return 7

    assert await idem.once("evt-3", fixed) == (True, 7)


async def test_a_concurrent_delivery_sees_the_lease_and_an_expired_lease_is_taken_over(idem: Idempotency) -> None:
    started, release = asyncio.Event(), asyncio.Event()

    async def slow() -> None:
        started.set()
        await release.wait()

    first = asyncio.create_task(idem.once("evt-4", slow, lease_s=0.3))
    await started.wait()
    with pytest.raises(InProgress):
        await idem.once("evt-4", slow)
    first.cancel()  # the worker dies mid-effect: its lease stays until it expires
    with pytest.raises(asyncio.CancelledError):
        await first
    await asyncio.sleep(0.35)

    async def quick() -> str:
        return "took over"

    assert await idem.once("evt-4", quick) == (True, "took over")

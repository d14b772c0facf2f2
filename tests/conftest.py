"""Fixtures every test may use: a real Redis per session, emptied before each test that asks for it."""

from collections.abc import AsyncIterator, Iterator

import pytest
import redis
from redis.asyncio import Redis

from tests.support.redis_server import real_redis


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    with real_redis() as url:
        yield url


@pytest.fixture
def redis_url(redis_server: str) -> str:
    url = f"{redis_server}/0"
    client = redis.Redis.from_url(url)
    client.flushall()
    client.close()
    return url


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()

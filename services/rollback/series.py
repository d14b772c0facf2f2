"""The monitor's series, as the rollback service reads it: one entry per bucket (its start, the version the service
reported, error rate, latency percentiles), newest first. A read-only data product of the monitor
(`Keys.monitor_series`, README "How services are watched"), never written here."""

from typing import cast

from redis.asyncio import Redis

from shared.streams import Keys
from shared.text import texts

StreamRows = list[tuple[bytes, dict[bytes, bytes]]]


async def newest_buckets(
    redis: "Redis", keys: Keys, environment: str, service: str, count: int
) -> list[dict[str, str]]:
    rows = cast(StreamRows, await redis.xrevrange(keys.monitor_series(environment, service), count=count))
    return [texts(fields) for _, fields in rows]

"""A deployment's milestones as the monitor saw them: first probe of the new version, gate passed, bake window.

Kept in the stream {prefix}:monitor:timeline:{deployment_id} (milestone, service, detail, at) for a month, for
the dashboard's timeline and for measuring how long each step took.
"""

import time
from typing import cast

from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

from shared.keys.monitor import MonitorKeys
from shared.streams import Keys
from shared.text import texts

KEEP_S = 30 * 86400


def timeline_key(keys: Keys, deployment_id: str) -> str:
    return MonitorKeys.of(keys).timeline(deployment_id)


async def milestone(
    redis: "Redis",
    keys: Keys,
    deployment_id: str,
    name: str,
    service: str = "",
    detail: str = "",
    at: float | None = None,
) -> None:
    key = timeline_key(keys, deployment_id)
    entry: dict[FieldT, EncodableT] = {
        "milestone": name,
        "service": service,
        "detail": detail,
        "at": f"{at or time.time():.3f}",
    }
    async with redis.pipeline(transaction=False) as pipe:
        pipe.xadd(key, entry)
        pipe.expire(key, KEEP_S)
        await pipe.execute()


async def milestones(redis: "Redis", keys: Keys, deployment_id: str) -> list[dict[str, str]]:
    # redis-py types XRANGE's answer as optional; it is always a list of (id, fields)
    rows = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis.xrange(timeline_key(keys, deployment_id)))
    return [texts(fields) for _, fields in rows]

"""A deployment's milestones as the monitor saw them: first probe of the new version, gate passed, bake window.

Kept in the stream {prefix}:monitor:timeline:{deployment_id} (milestone, service, detail, at) for a month, for
the dashboard's timeline and for measuring how long each step took.
"""

import time

from redis.asyncio import Redis

from shared.streams import Keys
from shared.text import texts

KEEP_S = 30 * 86400


def timeline_key(keys: Keys, deployment_id: str) -> str:
    return f"{keys.prefix}:monitor:timeline:{deployment_id}"


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
    fields = {"milestone": name, "service": service, "detail": detail, "at": f"{at or time.time():.3f}"}
    async with redis.pipeline(transaction=False) as pipe:
        await pipe.xadd(key, fields).expire(key, KEEP_S).execute()  # type: ignore[arg-type]


async def milestones(redis: "Redis", keys: Keys, deployment_id: str) -> list[dict[str, str]]:
    rows = await redis.xrange(timeline_key(keys, deployment_id))
    return [texts(fields) for _, fields in rows]

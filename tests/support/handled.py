"""Whether a consumer group has handled everything on the events stream: every entry delivered to it and
acknowledged (an entry is acknowledged only after its handler returned). A test that waits for one figure only
may look while other deployments' events of the same batch are still being handled side by side."""

from redis.asyncio import Redis

from shared.streams import Keys


async def all_handled(redis: Redis, group: str, keys: Keys | None = None) -> bool:
    stream = (keys or Keys()).events
    last = await redis.xrevrange(stream, count=1)
    if not last:
        return False
    found = [g for g in await redis.xinfo_groups(stream) if g["name"] == group.encode()]
    return bool(found and found[0]["pending"] == 0 and found[0]["last-delivered-id"] == last[0][0])

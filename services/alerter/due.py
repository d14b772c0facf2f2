"""Work that falls due (group flushes, sends, escalations) in one sorted set; a replica leases what it takes.

Taking an entry moves its score to now + lease, atomically, so two replicas never take it together and a replica
that dies mid-work leaves it to be taken again when the lease runs out."""

import asyncio
import time

from redis.asyncio import Redis

_TAKE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], member) end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
table.insert(due, first[2] or '')
return due
"""


class DueWork:
    def __init__(self, redis: "Redis", key: str, lease_s: float = 30.0) -> None:
        self.redis, self.key, self.lease_s = redis, key, lease_s
        self._take = redis.register_script(_TAKE)
        self.wake = asyncio.Event()

    async def take(self, limit: int = 100) -> tuple[list[str], float | None]:
        """Due members, now leased to the caller, and when the earliest remaining entry falls due."""
        now = time.time()
        result = await self._take(keys=[self.key], args=[now, now + self.lease_s, limit])
        *members, first = result
        following = float(first) if first not in (b"", "", None) else None
        return [m.decode() if isinstance(m, bytes) else m for m in members], following

    async def wait(self, following: float | None, poll_s: float) -> None:
        """Sleeps until the next entry is due, something was added for now (wake), or poll_s passed.
        The caller clears `wake` before it takes, so a wake during its work is not lost."""
        delay = poll_s if following is None else min(poll_s, max(0.0, following - time.time()))
        if delay <= 0:
            return
        try:
            await asyncio.wait_for(self.wake.wait(), delay)
        except TimeoutError:
            pass

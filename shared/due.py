"""Work that falls due at a time (timers, rechecks, flushes, sends, restarts) in one Redis sorted set, taken by any
replica under a lease.

Taking an entry moves its score to now + lease, atomically, so two replicas never take it together, and a replica
that dies mid-work leaves it to be taken again when the lease runs out. The worker then says what became of it:
`done` (removed), `later` (due again at a time), or nothing (taken again when its lease ends: a retry)."""

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

from .backoff import Backoff
from .text import text

_TAKE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], member) end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
table.insert(due, first[2] or '')
return due
"""


class DueWork:
    def __init__(self, redis: "Redis", key: str, lease_s: float = 30.0, clock: Callable[[], float] = time.time) -> None:
        self.redis, self.key, self.lease_s, self.clock = redis, key, lease_s, clock
        self._take = redis.register_script(_TAKE)
        self.wake = asyncio.Event()

    async def take(self, limit: int = 100) -> tuple[list[str], float | None]:
        """Due members, now leased to the caller, and when the earliest remaining entry falls due."""
        now = self.clock()
        result = await self._take(keys=[self.key], args=[now, now + self.lease_s, limit])
        *members, first = result
        following = float(first) if first not in (b"", "", None) else None
        return [text(m) for m in members], following

    async def at(self, member: str, when: float) -> None:
        """Makes `member` due at `when` (a new entry, or a new time for one already there); wakes a waiting loop of
        this process when that is now."""
        await self.redis.zadd(self.key, {member: when})
        if when <= self.clock():
            self.wake.set()

    async def later(self, member: str, when: float) -> None:
        await self.redis.zadd(self.key, {member: when})

    async def done(self, member: str) -> None:
        await self.redis.zrem(self.key, member)

    async def wait(self, following: float | None, poll_s: float) -> None:
        """Sleeps until the next entry is due, something was added for now (wake), or poll_s passed.
        The caller clears `wake` before it takes, so a wake during its work is not lost."""
        delay = poll_s if following is None else min(poll_s, max(0.0, following - self.clock()))
        if delay <= 0:
            return
        # asyncio.timeout, not wait_for: Python 3.11's wait_for swallows a cancel that arrives just as what it awaits
        # completes (CPython gh-86296; redis-py's writes have that bug, which is why shared/tasks.py cancels again)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(delay):
                await self.wake.wait()


async def run_due(
    due: DueWork,
    work: Callable[[str], Awaitable[None]],
    *,
    log: logging.Logger,
    poll_s: float = 1.0,
    limit: int = 100,
    unavailable: Backoff | None = None,
) -> None:
    """Takes what falls due and runs `work` on each member in turn, until cancelled. `work` ends each member with
    `due.done` or `due.later`; one that raises is logged and taken again when its lease ends. The loop outlives
    Redis: an error reading or writing waits (1 s, doubling to 30 s) and tries again."""
    backoff = unavailable or Backoff(first=1.0, most=30.0)
    while True:
        due.wake.clear()
        try:
            members, following = await due.take(limit)
            for member in members:
                try:
                    await work(member)
                except RedisError:
                    raise
                except Exception:
                    log.exception("due work %s failed; it runs again when its lease ends", member)
        except RedisError as exc:
            delay = backoff.next()
            # with exc_info, so a service's Outage filter tells a lost Redis once, whoever sees it first
            log.warning(
                "cannot reach Redis for due work (%s); trying again in %.0fs", type(exc).__name__, delay, exc_info=exc
            )
            await asyncio.sleep(delay)
            continue
        backoff.reset()
        await due.wait(following, poll_s)

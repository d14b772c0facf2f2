"""One command at a time per service: a lease in Redis that every runner of a service's commands takes first.

The coordinator's deploy, switch and rollback jobs and the rollback service's restarts all change what a service
runs. Two of them at once race (two scripts binding one port, a rollback undoing half a deploy), whoever asked
for them, so each takes `Keys.command_lock(environment, service)` before it starts its command, renews it while
the command runs and releases it after. A holder that dies stops renewing: the lease expires after `ttl_s`.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from redis.asyncio import Redis

from shared.streams import Keys

log = logging.getLogger("flightdeck.command_lock")

# KEYS: lock. ARGV: holder, ttl ms. The holder after the call: ours when taken or renewed, else the other's.
_TAKE = """
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
return holder
"""
# KEYS: lock. ARGV: holder. Deletes the lock only while it is ours.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class CommandLock:
    def __init__(self, redis: "Redis", keys: Keys, ttl_s: float = 10.0) -> None:
        self.redis, self.keys, self.ttl_s = redis, keys, ttl_s
        self._take = redis.register_script(_TAKE)
        self._release = redis.register_script(_RELEASE)

    async def take(self, environment: str, service: str, holder: str) -> str | None:
        """None when `holder` holds the lock now (taken, or renewed); otherwise who holds it."""
        key = self.keys.command_lock(environment, service)
        current = await self._take(keys=[key], args=[holder, max(1, int(self.ttl_s * 1000))])
        current = current.decode() if isinstance(current, bytes) else str(current)
        return None if current == holder else current

    async def holder(self, environment: str, service: str) -> str | None:
        """Who holds the lock now, if anyone."""
        raw = await self.redis.get(self.keys.command_lock(environment, service))
        return raw.decode() if isinstance(raw, bytes) else raw

    async def release(self, environment: str, service: str, holder: str) -> None:
        await self._release(keys=[self.keys.command_lock(environment, service)], args=[holder])

    async def wait(
        self,
        environment: str,
        service: str,
        holder: str,
        *,
        poll_s: float = 0.2,
        on_wait: Callable[[str], Awaitable[None]] | None = None,
        give_up: asyncio.Event | None = None,
    ) -> bool:
        """Takes the lock, waiting while another holds it; `on_wait(other)` is called once per other holder.
        False when `give_up` was set first (the lock is then not ours)."""
        told: str | None = None
        while True:
            if give_up is not None and give_up.is_set():
                return False
            other = await self.take(environment, service, holder)
            if other is None:
                return True
            if other != told and on_wait is not None:
                told = other
                await on_wait(other)
            if give_up is None:
                await asyncio.sleep(poll_s)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(give_up.wait(), poll_s)

    @contextlib.asynccontextmanager
    async def kept(self, environment: str, service: str, holder: str) -> AsyncIterator[None]:
        """Renews a lock already taken every ttl/3 while the block runs, then releases it."""

        async def renew() -> None:
            while True:
                await asyncio.sleep(self.ttl_s / 3)
                try:
                    other = await self.take(environment, service, holder)
                except Exception:
                    log.warning("could not renew the command lock of %s/%s", environment, service, exc_info=True)
                    continue
                if other is not None:
                    log.warning("the command lock of %s/%s went to %s", environment, service, other)

        task = asyncio.create_task(renew())
        try:
            yield
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            try:
                await self.release(environment, service, holder)
            except Exception:  # it expires by itself
                log.warning("could not release the command lock of %s/%s", environment, service, exc_info=True)

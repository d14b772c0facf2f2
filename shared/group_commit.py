"""Group commit: writes that need no read, from many tasks, land together in one atomic script (shared/cas.py).

A writer that finds no commit in flight commits at once, alone: no wait is added at a low rate. Writers that come
while a commit is in flight wait for it and then land together in the next one, so under load one round trip
carries as many as arrived meanwhile. Each writer's commands run together, with no other client's in between, as
in a MULTI/EXEC of its own; a commit that fails raises in every writer whose commands it carried, so each retries
as it would have alone (a command that errors, as in MULTI/EXEC, does not undo the ones before it)."""

from collections.abc import Callable

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from .batching import Batcher
from .cas import Swap

Queue = Callable[[Pipeline], None]  # queues one writer's commands
MOST_AT_ONCE = 256  # writers per commit: one script's arguments stay bounded


class GroupCommit:
    def __init__(self, redis: "Redis", most_at_once: int = MOST_AT_ONCE) -> None:
        self.swap = Swap(redis)
        self._batcher: Batcher[Queue, None] = Batcher(self._commit, most_at_once)

    async def write(self, queue: Queue) -> None:
        """Returns once the commands `queue` adds have landed (or raises what the commit raised)."""
        await self._batcher.submit(queue)

    async def _commit(self, batch: list[Queue]) -> list[None]:
        writes = self.swap.writes()
        for queue in batch:
            queue(writes)
        await self.swap.apply({}, writes)
        return [None] * len(batch)

"""Group commit: writes that need no read, from many tasks, land together in one atomic script (shared/cas.py).

A writer that finds no commit in flight commits at once, alone: no wait is added at a low rate. Writers that come
while a commit is in flight wait for it and then land together in the next one, so under load one round trip
carries as many as arrived meanwhile. Each writer's commands run together, with no other client's in between, as
in a MULTI/EXEC of its own; a commit that fails raises in every writer whose commands it carried, so each retries
as it would have alone (a command that errors, as in MULTI/EXEC, does not undo the ones before it)."""

import asyncio
from collections.abc import Callable

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from .cas import Swap

Queue = Callable[[Pipeline], None]  # queues one writer's commands
MOST_AT_ONCE = 256  # writers per commit: one script's arguments stay bounded


class GroupCommit:
    def __init__(self, redis: "Redis", most_at_once: int = MOST_AT_ONCE) -> None:
        self.swap, self.most_at_once = Swap(redis), most_at_once
        self._waiting: list[tuple[Queue, asyncio.Future[None]]] = []
        self._committing = False

    async def write(self, queue: Queue) -> None:
        """Returns once the commands `queue` adds have landed (or raises what the commit raised)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((queue, done))
        if not self._committing:
            self._committing = True
            try:
                while self._waiting:
                    batch, self._waiting = self._waiting[: self.most_at_once], self._waiting[self.most_at_once :]
                    await self._commit(batch)
            finally:  # cancelled while committing: the writers still waiting are told, not left hanging
                self._committing = False
                left, self._waiting = self._waiting, []
                for _, waiting in left:
                    waiting.set_exception(RuntimeError("commit cancelled before it was sent"))
        await done

    async def _commit(self, batch: list[tuple[Queue, asyncio.Future[None]]]) -> None:
        writes = self.swap.writes()
        for queue, _ in batch:
            queue(writes)
        try:
            await self.swap.apply({}, writes)
        except BaseException as error:
            for _, done in batch:
                if not done.done():
                    done.set_exception(error if isinstance(error, Exception) else RuntimeError("commit cancelled"))
            if not isinstance(error, Exception):
                raise
            return
        for _, done in batch:
            if not done.done():
                done.set_result(None)

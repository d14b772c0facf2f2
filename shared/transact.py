"""The optimistic-lock loop every read-decide-write on Redis uses: WATCH what you read, queue the writes after
MULTI, and start again from fresh reads when another writer got there first."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import WatchError

T = TypeVar("T")


class TooMuchContention(RuntimeError):
    """Other writers changed the watched keys on every try."""


async def transact(
    redis: "Redis", attempt: Callable[[Pipeline], Awaitable[T]], *, tries: int | None = None, what: str = "it"
) -> T:
    """Runs `attempt` on a transaction pipeline until it returns without a WatchError, and returns what it returned.

    `attempt` calls `pipe.watch(...)` on every key it reads, reads them (the pipeline runs commands at once while
    watching), then `pipe.multi()`, queues its writes and `await pipe.execute()`; or returns without writing. Each
    try starts on a clean pipeline. `tries` bounds the loop (None: until it commits), for writers that contend
    with many others; past it, TooMuchContention says which `what` could not be written."""
    done = 0
    async with redis.pipeline(transaction=True) as pipe:
        while True:
            try:
                return await attempt(pipe)
            except WatchError:
                done += 1
                if tries is not None and done >= tries:
                    raise TooMuchContention(
                        f"could not write {what} after {done} tries: too many writers at once"
                    ) from None
                # execute() reset the pipeline (UNWATCH, empty queue) before it raised: the next try starts clean

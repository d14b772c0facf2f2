"""The read-decide-swap loop over shared/cas.py: read, decide on plain values, swap; on a conflict read again."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

from redis.asyncio.client import Pipeline

from .cas import Swap
from .transact import TooMuchContention

T = TypeVar("T")
Decided = tuple[dict[str, bytes | str | None], Pipeline | None, T]  # what was read, the writes (None: none), result


async def swap_until_done(
    swap: Swap, attempt: Callable[[], Awaitable[Decided[T]]], *, tries: int = 1000, what: str = "it"
) -> T:
    """Runs `attempt` (it reads and queues its writes on `swap.writes()`) until its swap lands or it writes
    nothing; returns its result. Bounded like shared/transact.py: past `tries`, TooMuchContention."""
    for _ in range(tries):
        read, writes, result = await attempt()
        if writes is None or await swap.apply(read, writes):
            return result
    raise TooMuchContention(f"could not write {what} after {tries} tries: too many writers at once")

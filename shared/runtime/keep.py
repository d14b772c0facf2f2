"""Background work that must keep running: one that fails (Redis gone, a bug) starts again with backoff."""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from shared.backoff import Backoff

from .outage import Outage, is_connection_error

log = logging.getLogger("flightdeck.runtime")
RAN_A_WHILE_S = 60  # a failure after this long starts the backoff afresh


async def keep_running(work: Callable[[], Awaitable[None]], outage: Outage) -> None:
    """Runs `work` until it returns, starting it again after each failure; a lost Redis is told once (Outage)."""
    name = getattr(work, "__qualname__", repr(work))
    backoff = Backoff(first=0.5, most=10.0)
    while True:
        began = time.monotonic()
        try:
            await work()
            return
        except Exception as exc:
            if time.monotonic() - began > RAN_A_WHILE_S:
                backoff.reset()
            delay = backoff.next()
            if is_connection_error(exc):
                outage.lost(exc)
            else:
                log.error("background work %s failed; starting it again in %.1fs", name, delay, exc_info=exc)
        await asyncio.sleep(delay)

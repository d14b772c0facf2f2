"""Stopping tasks for good. A component's own tasks (a probe per target, a send per group, a dispatch in flight)
must all have ended before the service closes its clients: one still running would open a new Redis connection or
HTTP session on a closed client, and that one is never closed (a leak, and a ResourceWarning when it is collected)."""

import asyncio
import logging
from collections.abc import Iterable

log = logging.getLogger("flightdeck.tasks")


async def cancel_all(tasks: Iterable["asyncio.Task[object]"], rounds: int = 20) -> None:
    """Cancels the tasks and waits for them. A library that swallows a cancellation (redis-py can, in a command cut
    off mid-flight) would leave a task running for ever: each round cancels what still runs again."""
    tasks = [task for task in tasks if task is not asyncio.current_task()]
    for _ in range(rounds):
        pending = [task for task in tasks if not task.done()]
        if not pending:
            for task in tasks:  # retrieve what a task died of: it was logged when it happened
                if not task.cancelled():
                    task.exception()
            return
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=0.5)
    log.warning("%d tasks still running after %d cancellations", sum(not t.done() for t in tasks), rounds)

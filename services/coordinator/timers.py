"""Durable timers (bake windows, gate and verification timeouts) in a sorted set, fired by any replica.

The set is due work (shared.due): a replica takes a due timer under a lease, fires it, and then it is done. A
replica that dies or fails mid-fire leaves it leased; it fires again when the lease ends. Firing is idempotent
(the state machine ignores a timer whose moment has passed), so firing twice is harmless. The loop outlives Redis:
it waits while Redis is away and fires what fell due once it is back."""

import json
import logging
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

from shared.due import DueWork, run_due

from .domain.effects import ClearTimer, SetTimer

log = logging.getLogger("flightdeck.coordinator.timers")
Fire = Callable[[str, str, str], Awaitable[None]]
LEASE_S = 10.0  # a fire is one transaction; one that has not ended by then failed, and is tried again
POLL_S = 0.2  # timers are written by the store's transactions (of any replica), which wake nobody: look this often


def timer_member(timer: SetTimer | ClearTimer) -> str:
    return json.dumps({"d": timer.deployment_id, "k": timer.kind, "s": timer.service}, sort_keys=True)


def timer_work(due: DueWork, fire: Fire) -> Callable[[str], Awaitable[None]]:
    """Fires one timer, then it is done. One that cannot be read is dropped: it would never fire."""

    async def work(member: str) -> None:
        try:
            timer = json.loads(member)
            deployment_id, kind, service = str(timer["d"]), str(timer["k"]), str(timer["s"])
        except (ValueError, KeyError, TypeError):
            log.error("dropped a timer that cannot be read: %r", member)
            await due.done(member)
            return
        await fire(deployment_id, kind, service)
        await due.done(member)

    return work


async def run_timers(redis: "Redis", key: str, fire: Fire, *, poll_s: float = POLL_S, lease_s: float = LEASE_S) -> None:
    """Fires due timers until cancelled."""
    due = DueWork(redis, key, lease_s)
    await run_due(due, timer_work(due, fire), log=log, poll_s=poll_s)

"""Durable timers (bake windows, gate and verification timeouts) in a sorted set, fired by any replica."""

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

from .domain.effects import ClearTimer, SetTimer

log = logging.getLogger("flightdeck.coordinator.timers")
Fire = Callable[[str, str, str], Awaitable[None]]


def timer_member(timer: SetTimer | ClearTimer) -> str:
    return json.dumps({"d": timer.deployment_id, "k": timer.kind, "s": timer.service}, sort_keys=True)


async def run_timers(redis: "Redis", key: str, fire: Fire, *, poll_s: float = 0.2) -> None:
    """Fires due timers until cancelled. A timer is removed only after it fired, so a crash fires it again;
    firing is idempotent (the state machine ignores a timer whose moment has passed)."""
    while True:
        due = await redis.zrangebyscore(key, "-inf", time.time(), start=0, num=50)
        for member in due:
            timer = json.loads(member)
            try:
                await fire(timer["d"], timer["k"], timer["s"])
            except Exception:
                log.exception("timer failed; it will fire again", extra={"deployment_id": timer["d"]})
                continue
            await redis.zrem(key, member)
        if not due:
            await asyncio.sleep(poll_s)

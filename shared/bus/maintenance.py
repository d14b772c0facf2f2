"""Periodic upkeep of the events stream: safe trimming, and forgetting consumers of replicas that are gone."""

import asyncio
import logging

from redis.asyncio import Redis

from shared.text import text

from .trim import GroupPosition, trim_threshold

log = logging.getLogger("flightdeck.bus.maintenance")


async def group_positions(redis: "Redis", stream: str) -> list[GroupPosition]:
    positions = []
    for info in await redis.xinfo_groups(stream):
        name = info["name"]
        summary = await redis.xpending(stream, name)
        oldest = summary["min"]
        positions.append(
            GroupPosition(
                last_delivered=text(info["last-delivered-id"]),
                oldest_pending=text(oldest) if oldest else None,
            )
        )
    return positions


async def trim_stream(redis: "Redis", stream: str, maxlen: int, *, scan_limit: int = 10_000) -> int:
    """Trims entries beyond `maxlen` that every group has acknowledged; returns how many were removed."""
    overflow = await redis.xlen(stream) - maxlen
    if overflow <= 0:
        return 0
    oldest = await redis.xrange(stream, count=min(overflow, scan_limit))
    last = text(oldest[-1][0]) if oldest and oldest[-1][0] is not None else None
    threshold = trim_threshold(last, await group_positions(redis, stream))
    if threshold is None:
        return 0
    # Exact MINID: an approximate trim may stop early (that is fine) but never goes past the threshold.
    return int(await redis.xtrim(stream, minid=threshold, approximate=False))


async def forget_gone_consumers(redis: "Redis", stream: str, group: str, idle_s: float, me: str) -> list[str]:
    """Deletes consumers with nothing pending that have been silent for `idle_s` (replicas that stopped)."""
    gone = []
    for info in await redis.xinfo_consumers(stream, group):
        name = text(info["name"])
        if name != me and int(info["pending"]) == 0 and int(info["idle"]) >= idle_s * 1000:
            await redis.xgroup_delconsumer(stream, group, name)
            gone.append(name)
    return gone


async def run_maintenance(
    redis: "Redis",
    *,
    stream: str,
    group: str,
    me: str,
    maxlen: int,
    interval_s: float,
    consumer_idle_s: float,
    lock_key: str,
) -> None:
    """Runs until cancelled; one replica at a time trims (a short lock), every replica may forget consumers."""
    while True:
        await asyncio.sleep(interval_s)
        try:
            if await redis.set(lock_key, me, nx=True, px=max(1, int(interval_s * 1000))):
                removed = await trim_stream(redis, stream, maxlen)
                if removed:
                    log.info("trimmed %d acknowledged entries", removed, extra={"stream": stream})
            await forget_gone_consumers(redis, stream, group, consumer_idle_s, me)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("maintenance failed; will try again", extra={"stream": stream})

"""Wires a Dispatcher into FastStream's Redis broker: one consumer group per service, two subscribers each.

FastStream reads new entries (XREADGROUP) and, in a second subscriber of the same group, takes over entries that
stayed pending past the idle time (XAUTOCLAIM): a dead replica's, and ones whose handler failed. We parse and
acknowledge ourselves (AckPolicy.MANUAL): FastStream's own parsing would fail a whole batch on one bad entry.
The broker runs without FastDepends (apply_types=False, shared/runtime/service.py): resolving a handler's
arguments through its model cost about half a millisecond per batch, as much as the rest of a read; the handler
takes the batch from FastStream's context instead.
"""

from collections.abc import Sequence
from typing import Any

from faststream.middlewares import AckPolicy
from faststream.redis import RedisBroker, StreamSub
from faststream.redis.annotations import RedisBatchStreamMessage
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from shared.events import Event, union_of

from .dispatch import Dispatcher


async def ensure_group(redis: "Redis", stream: str, group: str) -> None:
    """Creates the group at the stream's start, so a service started late still sees what was published."""
    try:
        await redis.xgroup_create(stream, group, id="0", mkstream=True)
    except ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


async def _entries_only(message: Any, original: Any) -> Any:
    """Builds FastStream's message without decoding bodies: the Dispatcher parses each entry on its own."""
    parsed = await original({**message, "data": []})
    parsed.raw_message = message
    return parsed


def subscribe(
    broker: RedisBroker,
    dispatcher: Dispatcher,
    *,
    stream: str,
    batch_size: int,
    reclaim_idle_s: float,
    consumes: Sequence[type[Event]],
) -> None:
    group, consumer = dispatcher.service, dispatcher.consumer

    def handler(reclaimed: bool) -> Any:
        async def on_entries(events: list[Any]) -> None:
            message: RedisBatchStreamMessage = broker.context.get_local("message")  # set for each batch it reads
            raw = message.raw_message
            await dispatcher.dispatch(raw["channel"], raw["message_ids"], raw["data"], reclaimed=reclaimed)

        # `events` is always empty (see _entries_only): the annotation documents, in AsyncAPI, what we consume.
        on_entries.__annotations__["events"] = list.__class_getitem__(union_of(consumes))  # list[A | B | ...]
        on_entries.__name__ = f"{group}_{'reclaim' if reclaimed else 'consume'}"
        return on_entries

    fresh = StreamSub(stream, group=group, consumer=consumer, batch=True, max_records=batch_size)
    broker.subscriber(
        stream=fresh,
        parser=_entries_only,
        ack_policy=AckPolicy.MANUAL,
        title=f"{stream}:{group}:consumes",
        description=f"The {group} service's consumer group on the events stream.",
    )(handler(reclaimed=False))
    idle_ms = max(1, int(reclaim_idle_s * 1000))
    stale = StreamSub(
        stream,
        group=group,
        consumer=consumer,
        batch=True,
        min_idle_time=idle_ms,
        polling_interval=max(50, min(1000, idle_ms // 4)),
    )
    broker.subscriber(stream=stale, parser=_entries_only, ack_policy=AckPolicy.MANUAL, include_in_schema=False)(
        handler(reclaimed=True)
    )

"""A service's consumer group on the events stream: made at the stream's start, and declared to FastStream so the
AsyncAPI document says what the service consumes.

FastStream documents; it does not read. Entries are read by our own loops (shared/bus/reader.py), which cost a
fraction of FastStream's consume path per batch, and are parsed one by one by the Dispatcher (FastStream's parsing
would fail a whole batch on one bad entry). The broker is never started, so the handler below is never called.
"""

from collections.abc import Sequence
from typing import Any

from faststream.redis import RedisBroker, StreamSub
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from shared.events import Event, union_of


async def ensure_group(redis: "Redis", stream: str, group: str) -> None:
    """Creates the group at the stream's start, so a service started late still sees what was published."""
    try:
        await redis.xgroup_create(stream, group, id="0", mkstream=True)
    except ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


def document(
    broker: RedisBroker, *, stream: str, group: str, consumer: str, batch_size: int, consumes: Sequence[type[Event]]
) -> None:
    """Declares the group's subscription, with the events it takes, for the AsyncAPI document only."""

    async def consumes_events(events: list[Any]) -> None:
        raise RuntimeError("documentation only: shared/bus/reader.py reads the stream")

    consumes_events.__annotations__["events"] = list.__class_getitem__(union_of(consumes))  # list[A | B | ...]
    consumes_events.__name__ = f"{group}_consume"
    broker.subscriber(
        stream=StreamSub(stream, group=group, consumer=consumer, batch=True, max_records=batch_size),
        title=f"{stream}:{group}:consumes",
        description=f"The {group} service's consumer group on the events stream.",
    )(consumes_events)

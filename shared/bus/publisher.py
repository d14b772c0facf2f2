"""Publishing events to the events stream: one XADD per event, or one round trip for many."""

from collections.abc import Sequence

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared.events import Event, PlanApplied
from shared.events.operations import PlanAppliedPayload
from shared.streams import Keys

from .codec import encode


class EventPublisher:
    """Appends events to the events stream. Trimming is left to maintenance, which never drops pending entries."""

    def __init__(self, redis: "Redis", keys: Keys, producer: str) -> None:
        self._redis = redis
        self._stream = keys.events
        self._producer = producer

    def _stamped(self, event: Event) -> Event:
        if event.producer == "unknown":
            return event.model_copy(update={"producer": self._producer})
        return event

    async def publish(self, event: Event) -> str:
        entry_id = await self._redis.xadd(self._stream, encode(self._stamped(event)))
        return entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)

    def queue(self, pipe: Pipeline, event: Event) -> None:
        """Adds the event's XADD to a pipeline or transaction of the caller's: published if and when it runs."""
        pipe.xadd(self._stream, encode(self._stamped(event)))

    async def publish_many(self, events: Sequence[Event]) -> list[str]:
        if not events:
            return []
        pipe = self._redis.pipeline(transaction=False)
        for event in events:
            pipe.xadd(self._stream, encode(self._stamped(event)))
        ids = await pipe.execute()
        return [i.decode() if isinstance(i, bytes) else str(i) for i in ids]


async def publish_plan_applied(
    redis: "Redis", revision: int, source: str, services: list[str], prefix: str = "flightdeck"
) -> None:
    """Tells every service that a new plan revision is current."""
    event = PlanApplied(payload=PlanAppliedPayload(revision=revision, source=source, services=services))
    await EventPublisher(redis, Keys(prefix), producer="cli").publish(event)

"""One live client's frames: what it missed since its last id (or the read model, when that is gone from the stream),
then live events, in stream order, with no gap and no duplicate.

No gap: the client subscribes to the hub before it reads the stream's history, so every event is either on the
stream when the history is read or read by the hub after the subscription (the hub fans out synchronously). No
duplicate: an event is sent only when its id is past the last one sent, and ids only grow.

After a snapshot, the events from the read model's own position on (the dashboard group's oldest unacknowledged
entry, else its last delivered one) follow, so nothing between the snapshot and the live events is lost; some of
them may already be reflected in the snapshot, which is why a client treats a snapshot as a fresh start."""

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator
from typing import cast

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from services.dashboard.readmodel.queries import ReadModel
from shared.text import text

from .frames import Frame, LiveEvent, Notice, live_event, stream_id
from .hub import Hub, Subscriber
from .interest import Interest, Start, StreamState, start_of

PAGE = 500


class Feed:
    def __init__(self, hub: Hub, model: ReadModel, group: str) -> None:
        self.hub, self.model, self.group = hub, model, group
        self.redis: Redis = hub.redis

    async def subscribe(self, interest: Interest, transport: str) -> Subscriber:
        """The client's place in the hub, once the hub knows where it reads from; pass it to frames()."""
        await self.hub.ready.wait()
        return self.hub.subscribe(interest, transport)

    async def frames(
        self, subscriber: Subscriber, last_id: str | None, *, snapshot: bool = False, idle_s: float = 1.0
    ) -> AsyncGenerator[Frame | None, None]:
        """The client's frames; None after `idle_s` with nothing to send (SSE writes a keep-alive then). Ends after a
        `dropped` notice when the client fell too far behind. Unsubscribes when it ends or is closed."""
        interest = subscriber.interest
        try:
            start = await self.start(last_id)
            if start == "live" and snapshot:
                start = "snapshot"
            after = last_id or "-"
            if start == "snapshot":
                since, inclusive = await self.read_model_position()
                yield await self.snapshot(interest, last_id, since)
                after = _before(since) if inclusive else since
            sent = stream_id(after) if start != "live" else None
            if start != "live":
                async for event in self.history(interest, after):
                    sent = event.position
                    yield event
            while subscriber.dropped is None:
                try:
                    async with asyncio.timeout(idle_s):
                        event = await subscriber.queue.get()
                except TimeoutError:
                    yield None
                    continue
                if sent is None or event.position > sent:
                    sent = event.position
                    yield event
            yield Notice("dropped", {"reason": subscriber.dropped})
        finally:
            self.hub.unsubscribe(subscriber)

    async def start(self, last_id: str | None) -> Start:
        if last_id is None:
            return "live"
        try:
            info = await self.redis.xinfo_stream(self.hub.stream)
        except ResponseError:  # no stream yet: nothing was ever trimmed
            return "replay"
        first, deleted, added = info.get("first-entry"), info.get("max-deleted-entry-id"), info.get("entries-added")
        stream = StreamState(
            first_kept=stream_id(text(first[0])) if first else None,
            removed=added is None or int(added) > int(info["length"]),
            last_deleted=stream_id(text(deleted)) if deleted is not None else None,
        )
        kept = bool(await self.redis.xrange(self.hub.stream, min=last_id, max=last_id)) if last_id != "-" else False
        return start_of(stream_id(last_id), kept, stream)

    async def read_model_position(self) -> tuple[str, bool]:
        """Where the read model's group stands: (its oldest pending entry, inclusive), else (its last delivered
        entry, exclusive); ("-", True) before the group exists."""
        try:
            groups = cast(list[dict[str, object]], await self.redis.xinfo_groups(self.hub.stream))
        except ResponseError:
            return "-", True
        group = next((g for g in groups if text(cast(bytes, g["name"])) == self.group), None)
        if group is None:
            return "-", True
        if int(cast(int, group["pending"])):
            pending = await self.redis.xpending(self.hub.stream, self.group)
            if pending.get("min"):
                return text(pending["min"]), True
        return text(cast(bytes, group["last-delivered-id"])), False

    async def snapshot(self, interest: Interest, last_id: str | None, since: str) -> Notice:
        model = await self.model.snapshot(interest.environment, interest.deployment)
        reason = (
            f"the events after {last_id} were trimmed from the stream: the read model as it stands, then events"
            if last_id is not None
            else "the read model as it stands, then events"
        )
        return Notice("snapshot", {"reason": reason, "from": since, "snapshot": model.model_dump(mode="json")})

    async def history(self, interest: Interest, after: str) -> AsyncIterator[LiveEvent]:
        """The stream's entries after `after` that the client wants, oldest first, a page at a time."""
        low = after if after == "-" else f"({after}"
        while True:
            page = cast(
                list[tuple[bytes, dict[bytes, bytes]]], await self.redis.xrange(self.hub.stream, min=low, count=PAGE)
            )
            for entry_id, fields in page:
                event = live_event(entry_id, fields)
                if event is not None and interest.wants(event):
                    yield event
            if len(page) < PAGE:
                return
            low = f"({text(page[-1][0])}"


def _before(entry: str) -> str:
    """The id just before `entry`, so reading after it includes `entry`."""
    if entry == "-":
        return "-"
    ms, seq = stream_id(entry)
    return f"{ms}-{seq - 1}" if seq else (f"{ms - 1}-{2**64 - 1}" if ms else "-")

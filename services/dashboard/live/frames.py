"""An event as live clients receive it: read from its stream entry once, framed once for WebSocket and once for
Server-Sent Events, and the same text handed to every client that watches it (the per-client cost of an event is
a filter and a write, never a parse or a serialisation)."""

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from shared.bus.codec import entry_data
from shared.events import EVENT_CLASSES
from shared.text import text

StreamId = tuple[int, int]


def stream_id(value: str) -> StreamId:
    """The id's place in the stream, comparable; ValueError for what is no stream id ("1-0", "1"; "-" is 0-0)."""
    if value == "-":
        return (0, 0)
    ms, _, seq = value.partition("-")
    if not ms.isdigit() or (seq and not seq.isdigit()):
        raise ValueError(f"{value!r} is not a stream id (like 1700000000000-0)")
    return (int(ms), int(seq or 0))


@dataclass(frozen=True)
class LiveEvent:
    id: str  # the stream id
    type: str
    deployment_id: str | None
    environment: str | None
    data: str  # the event's JSON, as it was published

    @cached_property
    def position(self) -> StreamId:
        return stream_id(self.id)

    @cached_property
    def ws_text(self) -> str:
        return f'{{"kind":"event","id":"{self.id}","type":{json.dumps(self.type)},"event":{self.data}}}'

    @cached_property
    def sse_text(self) -> str:
        return f"id: {self.id}\nevent: {self.type}\ndata: {self.data}\n\n"  # compact JSON holds no newline


def live_event(entry_id: bytes | str, fields: dict[bytes, bytes]) -> LiveEvent | None:
    """The entry's event; None for an entry that is no event of ours (the services dead-letter those; a live
    client has nothing to show for it)."""
    raw = entry_data(fields)
    if raw is None:
        return None
    try:
        found = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(found, dict) or found.get("type") not in EVENT_CLASSES:
        return None
    deployment, environment = found.get("deployment_id"), found.get("environment")
    return LiveEvent(
        id=text(entry_id),
        type=found["type"],
        deployment_id=deployment if isinstance(deployment, str) else None,
        environment=environment if isinstance(environment, str) else None,
        data=raw.decode(),
    )


@dataclass(frozen=True)
class Notice:
    """What the server says to a live client besides events: `snapshot` (the read model, sent first when the
    events after the client's last id are gone from the stream, or when it asked for one) and `dropped` (why the
    server is closing the connection)."""

    kind: str  # snapshot or dropped
    body: dict[str, Any]

    @property
    def ws_text(self) -> str:
        return json.dumps({"kind": self.kind, **self.body}, default=str)

    @property
    def sse_text(self) -> str:
        return f"event: {self.kind}\ndata: {json.dumps(self.body, default=str)}\n\n"


Frame = LiveEvent | Notice
KEEP_ALIVE = ": keep-alive\n\n"

"""Writing a live client's frames to its connection until it leaves or is dropped, for WebSocket and SSE alike.

A client that stops reading fills its socket's buffers, and a write to it then waits forever; meanwhile the hub
drops it once its queue is full. So the writer runs as its own task, raced against the client leaving and against
being dropped: a dropped client's blocked write is cancelled, and the connection closed with the reason."""

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable

from .frames import Frame, Notice
from .hub import Subscriber

Write = Callable[[Frame | None], Awaitable[None]]


async def deliver(
    frames: AsyncGenerator[Frame | None, None], write: Write, subscriber: Subscriber, left: Awaitable[object]
) -> Notice | None:
    """Writes every frame until the frames end, the client leaves (`left` completes) or the hub drops it. The
    `dropped` notice when the hub dropped it and it is not written yet (the caller tries once, briefly)."""

    async def pump() -> bool:
        async for frame in frames:
            await write(frame)
            if isinstance(frame, Notice) and frame.kind == "dropped":
                return True
        return False

    writer = asyncio.ensure_future(pump())
    leaving = asyncio.ensure_future(left)
    dropped = asyncio.ensure_future(subscriber.gone.wait())
    try:
        await asyncio.wait({writer, leaving, dropped}, return_when=asyncio.FIRST_COMPLETED)
        if writer.done():
            writer.result()  # a failed write: the connection is gone; raised for the caller to log
            return None
        if dropped.done() and not leaving.done():
            return Notice("dropped", {"reason": subscriber.dropped})
        return None
    finally:
        for task in (writer, leaving, dropped):
            task.cancel()
        await asyncio.gather(writer, leaving, dropped, return_exceptions=True)
        await frames.aclose()  # the feed unsubscribes


async def briefly(attempt: Awaitable[object], seconds: float = 1.0) -> None:
    """A last write to a client that may not read any more: tried, never waited on for long."""
    try:
        async with asyncio.timeout(seconds):
            await attempt
    except (TimeoutError, OSError, RuntimeError):
        pass

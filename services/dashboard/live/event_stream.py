"""The SSE response: a raw ASGI response (Starlette's StreamingResponse cannot cancel a write blocked on a client
that stopped reading), writing frames through the same delivery as the WebSocket."""

from collections.abc import AsyncGenerator

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .delivery import briefly, deliver
from .frames import KEEP_ALIVE, Frame
from .hub import Subscriber

RETRY_MS = 2000  # how long a browser's EventSource waits before it reconnects (with Last-Event-ID)


class EventStream(Response):
    media_type = "text/event-stream"

    def __init__(self, frames: AsyncGenerator[Frame | None, None], subscriber: Subscriber) -> None:
        super().__init__(headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}, media_type=self.media_type)
        self.raw_headers = [(k, v) for k, v in self.raw_headers if k != b"content-length"]  # it streams on
        self.frames, self.subscriber = frames, subscriber

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": f"retry: {RETRY_MS}\n\n".encode(), "more_body": True})

        async def write(frame: Frame | None) -> None:
            chunk = KEEP_ALIVE if frame is None else frame.sse_text
            await send({"type": "http.response.body", "body": chunk.encode(), "more_body": True})

        async def left() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass

        try:
            notice = await deliver(self.frames, write, self.subscriber, left())
        except OSError:
            return
        if notice is not None:
            await briefly(write(notice))
        await briefly(send({"type": "http.response.body", "body": b"", "more_body": False}))

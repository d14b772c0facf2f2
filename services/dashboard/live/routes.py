"""The live endpoints: a WebSocket (/api/v1/live, one per browser tab) and Server-Sent Events (/api/v1/events, for
scripts and command-line clients). Both push every event of what the client watches (everything, one environment
or one deployment) with its stream id, read on from the client's last id (`last_id`, or SSE's Last-Event-ID), and
need the viewer role; the WebSocket handshake's Origin must be the dashboard's own."""

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, WebSocket
from starlette.responses import JSONResponse
from starlette.websockets import WebSocketDisconnect

from services.dashboard.auth.guard import Auth
from services.dashboard.domain.origins import handshake_allowed
from services.dashboard.domain.roles import Allowed, authorize

from .delivery import briefly, deliver
from .event_stream import EventStream
from .feed import Feed
from .frames import Frame
from .interest import Interest

ID = r"^\d+(-\d+)?$"
TOO_SLOW = 4008  # the WebSocket close code of a client dropped for falling behind
LastId = Annotated[str | None, Query(pattern=ID, description="the last stream id seen: read on after it")]
Watch = Annotated[str | None, Query(max_length=200)]


def live_router(auth: Auth, feed: Feed, own_url: str) -> APIRouter:
    api = APIRouter(tags=["live updates"])

    @api.websocket("/live")
    async def live(
        websocket: WebSocket,
        environment: Watch = None,
        deployment: Watch = None,
        last_id: LastId = None,
        snapshot: bool = False,
    ) -> None:
        """Messages are JSON: {"kind": "event", "id", "type", "event"}, {"kind": "snapshot", "reason", "from",
        "snapshot"} (the read model, a fresh start), {"kind": "dropped", "reason"} before a close with 4008."""
        secure = websocket.url.scheme == "wss"
        origin, host = websocket.headers.get("origin"), websocket.headers.get("host")
        if not handshake_allowed(origin, host, secure, own_url):
            await _deny(websocket, 403, f"a live connection from {origin} is refused: open the dashboard's own page")
            return
        verdict = authorize(await auth.principal(websocket), "read")
        if not isinstance(verdict, Allowed):
            await _deny(websocket, verdict.status, verdict.why, verdict.needed)
            return
        await websocket.accept()
        subscriber = await feed.subscribe(Interest(environment, deployment), "websocket")
        frames = feed.frames(subscriber, last_id, snapshot=snapshot, idle_s=30.0)

        async def write(frame: Frame | None) -> None:
            if frame is not None:
                await websocket.send_text(frame.ws_text)

        async def left() -> None:
            while (await websocket.receive())["type"] != "websocket.disconnect":
                pass  # the client has nothing to say; its messages are read only to notice it leaving

        try:
            notice = await deliver(frames, write, subscriber, left())
        except (WebSocketDisconnect, OSError, RuntimeError):
            return
        if subscriber.dropped is not None:
            if notice is not None:
                await briefly(websocket.send_text(notice.ws_text))
            await briefly(websocket.close(TOO_SLOW, "too slow: reconnect with the last id you saw"))

    @api.get(
        "/events",
        response_model=None,
        status_code=200,
        responses={200: {"description": "a stream of events", "content": {"text/event-stream": {}}}},
    )
    async def events(
        request: Request,
        environment: Watch = None,
        deployment: Watch = None,
        last_id: LastId = None,
        snapshot: bool = False,
        last_event_id: Annotated[str | None, Header(pattern=ID)] = None,
    ) -> EventStream:
        """Server-Sent Events: `id` is the stream id, `event` the event's type, `data` its JSON; `: keep-alive`
        comments while quiet; `event: snapshot` and `event: dropped` as on the WebSocket."""
        await auth.require(request, "read")
        subscriber = await feed.subscribe(Interest(environment, deployment), "sse")
        frames = feed.frames(subscriber, last_event_id or last_id, snapshot=snapshot, idle_s=1.0)
        return EventStream(frames, subscriber)

    return api


async def _deny(websocket: WebSocket, status: int, why: str, needed: str | None = None) -> None:
    """Refuses the handshake with an HTTP answer saying why, where the server can send one; else a policy close."""
    body = {"error": why, **({"needed_role": needed} if needed else {})}
    try:
        await websocket.send_denial_response(JSONResponse(body, status_code=status))
    except RuntimeError:
        await websocket.close(1008, why[:120])

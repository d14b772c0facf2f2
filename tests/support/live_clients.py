"""Live clients for the dashboard's tests: a WebSocket reader and a Server-Sent Events reader, each keeping every
frame it received (kind, stream id, event type), so a test compares what arrived with what the stream holds; and
followers that read on until the connection breaks (a replica killed), for a test to reconnect elsewhere."""

import asyncio
import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, cast

import httpx
from redis.asyncio import Redis
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from shared.streams import Keys
from shared.text import text


@dataclass
class Received:
    frames: list[dict[str, Any]] = field(default_factory=list)  # every frame: {"kind", "id"?, "type"?, ...}

    def ids(self) -> list[str]:
        return [f["id"] for f in self.frames if f["kind"] == "event"]

    def kinds(self) -> list[str]:
        return [f["kind"] for f in self.frames]


async def stream_ids(redis: Redis, deployment: str | None = None) -> list[str]:
    """The ids of the events stream's entries (of one deployment), in order: what a client should have seen."""
    entries = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis.xrange(Keys().events))
    found = []
    for entry_id, fields in entries:
        data = json.loads(fields[b"__data__"])
        if deployment is None or data.get("deployment_id") == deployment:
            found.append(text(entry_id))
    return found


async def read_ws(socket: ClientConnection, into: Received, until: int, within: float = 15) -> None:
    """Reads frames until `until` events have arrived in all (counting earlier connections' too)."""
    async with asyncio.timeout(within):
        while len(into.ids()) < until:
            into.frames.append(json.loads(await socket.recv()))


@asynccontextmanager
async def websocket(url: str, headers: Mapping[str, str], **query: str) -> AsyncIterator[ClientConnection]:
    address = url.replace("http://", "ws://") + "/api/v1/live"
    if query:
        address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    async with connect(address, additional_headers=dict(headers), open_timeout=10) as socket:
        yield socket


async def read_sse(
    response: httpx.Response, into: Received, until: int | None = None, *, frames: int | None = None
) -> None:
    """Parses the response's frames into `into` until `until` events (or `frames` frames of any kind) arrived in
    all; with neither, until the stream ends."""
    frame: dict[str, str] = {}
    async for line in response.aiter_lines():
        if line.startswith(":"):
            continue
        if line:
            name, _, value = line.partition(": ")
            frame[name] = value
            continue
        if "event" in frame:
            data = json.loads(frame["data"])
            kind = frame["event"] if frame["event"] in ("snapshot", "dropped") else "event"
            into.frames.append({"kind": kind, "id": frame.get("id"), "type": frame["event"], "data": data})
            if (until is not None and len(into.ids()) >= until) or (frames is not None and len(into.frames) >= frames):
                return
        frame = {}


async def follow_ws(url: str, headers: Mapping[str, str], into: Received, last_id: str | None = None) -> None:
    """Reads every frame into `into` until the connection closes, however it closes."""
    query = {"last_id": last_id} if last_id else {}
    async with websocket(url, headers, **query) as socket:
        try:
            async for message in socket:
                into.frames.append(json.loads(message))
        except ConnectionClosed:
            return


async def follow_sse(url: str, headers: Mapping[str, str], into: Received, last_id: str | None = None) -> None:
    """Follows /api/v1/events into `into` (from Last-Event-ID `last_id`) until the stream ends or breaks."""
    resume = {"Last-Event-ID": last_id} if last_id else {}
    async with httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(10, read=None)) as client:
        try:
            async with client.stream("GET", "/api/v1/events", headers={**headers, **resume}) as response:
                assert response.status_code == 200, response.status_code
                await read_sse(response, into)
        except (httpx.RemoteProtocolError, httpx.ReadError):
            return


async def metric(url: str, sample: str) -> float:
    """The value of one sample of the dashboard's /metrics (`name{label="value"}`); 0 when it is not there yet."""
    async with httpx.AsyncClient(base_url=url) as client:
        for line in (await client.get("/metrics")).text.splitlines():
            name, _, value = line.rpartition(" ")
            if name == sample:
                return float(value)
    return 0.0

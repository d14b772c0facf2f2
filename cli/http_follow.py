"""Following a deployment over the dashboard's Server-Sent Events (GET /api/v1/events?deployment=ID&last_id=...).
A reader task holds the connection and hands the deployment's events over; the generator yields them, and None
when nothing came within block_ms (the caller checks its deadline). A broken connection, or the server dropping
a client that fell behind, is followed by a new one from the last id seen, so nothing is missed or seen twice; only
connections that fail RECONNECTS times in a row make the stream unreachable."""

import asyncio
from collections.abc import AsyncIterator, Callable

import httpx

from shared.backoff import Backoff
from shared.events import Event, EventError, parse_event

from .http_api import Api
from .http_errors import answered, unreachable
from .http_sse import SseDecoder
from .transport import TransportError

RECONNECTS = 8
STREAM_TIMEOUT = httpx.Timeout(10.0, connect=5.0)  # keep-alives come every second: 10 s of nothing is a dead line
BACKLOG = 1000  # events read and not yet taken; past that the reader waits (and the server may drop it)
Translate = Callable[[Event], Event]


async def follow(
    api: Api, deployment_id: str, since: str, block_ms: int, translate: Translate
) -> AsyncIterator[Event | None]:
    found: asyncio.Queue[Event | TransportError] = asyncio.Queue(BACKLOG)
    reader = asyncio.create_task(_read(api, deployment_id, since, found, translate))
    try:
        while True:
            try:
                async with asyncio.timeout(block_ms / 1000):
                    item = await found.get()
            except TimeoutError:
                if reader.done() and found.empty():  # it ended without a word: a bug, said rather than hidden
                    reader.result()
                    raise TransportError("the event stream ended") from None
                yield None
                continue
            if isinstance(item, TransportError):
                raise item
            yield item
    finally:
        reader.cancel()
        await asyncio.gather(reader, return_exceptions=True)


async def _read(
    api: Api, deployment_id: str, since: str, found: asyncio.Queue[Event | TransportError], translate: Translate
) -> None:
    decoder = SseDecoder(last_id=since)
    backoff = Backoff(first=0.25, most=5.0)
    while True:
        try:
            await _stream(api, deployment_id, decoder, found, translate, backoff)
        except httpx.HTTPError as error:
            if backoff.failures + 1 >= RECONNECTS:
                await found.put(unreachable(type(error).__name__, str(error), api.config))
                return
        except TransportError as error:
            await found.put(error)
            return
        await asyncio.sleep(backoff.next())


async def _stream(
    api: Api,
    deployment_id: str,
    decoder: SseDecoder,
    found: asyncio.Queue[Event | TransportError],
    translate: Translate,
    backoff: Backoff,
) -> None:
    """One connection, until it ends or breaks; the decoder keeps the last id for the next one."""
    params = {"deployment": deployment_id, "last_id": decoder.last_id}
    async with api.client.stream("GET", "/events", params=params, timeout=STREAM_TIMEOUT) as response:
        if response.status_code != 200:
            await response.aread()
            try:
                body = response.json()
            except ValueError:
                body = None
            raise answered(response.status_code, body, api.config, response.headers.get("location"))
        backoff.reset()
        async for line in response.aiter_lines():
            message = decoder.feed(line)
            if message is None or message.event == "snapshot":  # a snapshot is for pages; events follow it
                continue
            if message.event == "dropped":  # too slow: the server closes; a new connection reads on
                return
            try:
                event = parse_event(message.data)
            except EventError:  # another version's event: skipped, as the Redis transport skips it
                continue
            if event.deployment_id == deployment_id:
                await found.put(translate(event))

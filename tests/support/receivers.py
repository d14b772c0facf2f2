"""A real HTTP server on 127.0.0.1 (aiohttp) that records every request and answers what the test queued.

async with receiver() as hook:
    hook.respond(Reply(503), Reply(200))
    ... post to hook.url ...
    await wait_for_requests(hook, 2)
    await hook.stop()   # down: connections are refused
    await hook.start()  # up again, on the same port
"""

import asyncio
import json
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Reply:
    status: int = 200
    body: str | bytes = "ok"
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # answer late, for timeouts


@dataclass
class Received:
    path: str
    headers: dict[str, str]  # lowercase names
    body: bytes
    at: float = field(default_factory=time.time)
    method: str = "POST"

    def json(self) -> Any:
        return json.loads(self.body)


class Receiver:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.port = 0
        self._replies: deque[Reply] = deque()
        self._runner: web.AppRunner | None = None
        self._arrived = asyncio.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def respond(self, *replies: Reply) -> None:
        """Answers for the next requests, in order; once they are used up, requests get Reply()."""
        self._replies.extend(replies)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        headers = {name.lower(): value for name, value in request.headers.items()}
        self.received.append(Received(request.path_qs, headers, body, method=request.method))
        self._arrived.set()
        reply = self._replies.popleft() if self._replies else Reply()
        if reply.delay_s:
            await asyncio.sleep(reply.delay_s)
        raw = reply.body.encode() if isinstance(reply.body, str) else reply.body
        return web.Response(status=reply.status, body=raw, headers=reply.headers)

    async def wait(self, count: int) -> None:
        while len(self.received) < count:
            self._arrived.clear()
            await self._arrived.wait()

    async def start(self) -> None:
        """Listen (again): the first start picks a free port, later ones reuse it."""
        if self._runner is not None:
            return
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", self.port, reuse_address=True)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        if not self.port:
            self.port = runner.addresses[0][1]

    async def stop(self) -> None:
        """Stop listening: new connections are refused until start()."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()


@asynccontextmanager
async def receiver() -> AsyncIterator[Receiver]:
    made = Receiver()
    await made.start()
    try:
        yield made
    finally:
        await made.stop()


async def wait_for_requests(receiver: Receiver, count: int, within: float = 10) -> list[Received]:
    """Until receiver has at least count requests; fails the test after `within` seconds."""
    try:
        async with asyncio.timeout(within):
            await receiver.wait(count)
    except TimeoutError:
        raise AssertionError(f"expected {count} requests within {within}s, got {len(receiver.received)}") from None
    return receiver.received

"""The SSE follower as an adapter, on httpx's MockTransport: a connection that breaks, or a server that drops the
client for being slow, is followed by one from the last id seen (nothing missed, nothing twice); other
deployments' events and keep-alives are skipped; quiet is None; a refusal ends it with the server's word, and a
dashboard that stays unreachable ends it as one."""

import asyncio
from collections.abc import AsyncGenerator
from typing import cast

import httpx
import pytest

from cli import http_follow
from cli.http_api import Api
from cli.http_config import HttpConfig
from cli.http_follow import follow
from cli.transport import TransportError
from shared.events import DeployRequested, Event
from shared.events.deployment import DeployRequestedPayload

CONFIG = HttpConfig("http://fd.test", "fd_0123456789abcdef_" + "s" * 43)


def frame(stream_id: str, deployment_id: str) -> str:
    event = DeployRequested(
        deployment_id=deployment_id, environment="staging", payload=DeployRequestedPayload(version=stream_id)
    )
    return f"id: {stream_id}\nevent: {event.type}\ndata: {event.model_dump_json()}\n\n"


async def taken(api: Api, count: int, block_ms: int = 2000) -> list[Event | None]:
    stream = cast(AsyncGenerator[Event | None, None], follow(api, "d-1", "0-0", block_ms, lambda e: e))
    try:
        return [await anext(stream) for _ in range(count)]
    finally:
        await stream.aclose()
        await api.close()


async def test_a_broken_or_dropped_connection_reads_on_from_the_last_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_follow, "Backoff", lambda **_: _NoWait())
    asked: list[str] = []
    answers = [
        ": keep-alive\n\n" + frame("1-0", "d-1") + frame("2-0", "d-other"),  # then the connection ends
        frame("3-0", "d-1") + 'event: dropped\ndata: {"reason": "too slow"}\n\n',
        frame("4-0", "d-1"),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.params["last_id"])
        assert request.headers["authorization"] == f"Bearer {CONFIG.token}"
        said = answers[len(asked) - 1] if len(asked) <= len(answers) else ": keep-alive\n\n"
        return httpx.Response(200, text=said, headers={"content-type": "text/event-stream"})

    followed = await taken(Api(CONFIG, httpx.MockTransport(handler)), 3)
    assert [e.payload.model_dump()["version"] for e in followed if e is not None] == ["1-0", "3-0", "4-0"]
    assert asked[:3] == ["0-0", "2-0", "3-0"]


async def test_quiet_is_none_and_a_refusal_ends_it() -> None:
    gate = asyncio.Event()

    async def quiet(request: httpx.Request) -> httpx.Response:
        await gate.wait()
        return httpx.Response(403, json={"error": "read needs the viewer role"})

    api = Api(CONFIG, httpx.MockTransport(quiet))
    stream = cast(AsyncGenerator[Event | None, None], follow(api, "d-1", "0-0", 50, lambda e: e))
    assert await anext(stream) is None
    gate.set()
    with pytest.raises(TransportError) as refused:
        while True:
            await anext(stream)
    assert "refused: read needs the viewer role" in str(refused.value) and refused.value.exit_code == 4
    await api.close()


async def test_a_dashboard_that_stays_unreachable_ends_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_follow, "Backoff", lambda **_: _NoWait())
    tries: list[int] = []

    def down(request: httpx.Request) -> httpx.Response:
        tries.append(1)
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(TransportError) as unreachable:
        await taken(Api(CONFIG, httpx.MockTransport(down)), 100, block_ms=5000)
    assert "cannot reach Flightdeck at FLIGHTDECK_URL=http://fd.test (ConnectError)" in str(unreachable.value)
    assert len(tries) == http_follow.RECONNECTS


class _NoWait:
    """A backoff without delays, counting as the real one does."""

    failures = 0

    def next(self) -> float:
        self.failures += 1
        return 0.0

    def reset(self) -> None:
        self.failures = 0

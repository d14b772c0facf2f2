"""Live updates over real WebSockets and SSE from the dashboard process: a client that reconnects with its last id
gets exactly what it missed, then live events, in order, with no gap and no duplicate; one whose events were trimmed
gets a snapshot first; strangers and other sites' pages are refused; connected clients are counted."""

import asyncio
from pathlib import Path

import pytest
from redis.asyncio import Redis
from websockets.exceptions import InvalidStatus

from shared.events import Event
from shared.streams import Keys
from tests.support.alerting import publish
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import DashboardWorld, Token, User, dashboard_world
from tests.support.inprocess import eventually
from tests.support.live_clients import Received, read_sse, read_ws, stream_ids, websocket

PLAN = """
version: 1
environments: {staging: {}, production: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
VIEWER: list[User] = [("vi", "viewer", ("*",))]
TOKEN: list[Token] = [("watch", "vi", "viewer", ("*",))]


def stories() -> list[Event]:
    return [e for n in range(1, 5) for e in story(n, "staging" if n % 2 else "production", "ana", ["api"])]


async def connected(world: DashboardWorld, transport: str, count: int) -> bool:
    """The dashboard's gauge of live clients says `count` on `transport`."""
    metrics = (await world.client.get("/metrics")).text
    return f'flightdeck_dashboard_live_clients{{transport="{transport}"}} {count}.0' in metrics


async def test_a_websocket_reconnecting_with_its_last_id_misses_nothing_and_repeats_nothing(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    events = stories()
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=VIEWER, tokens=TOKEN) as world:
        seen = Received()
        async with websocket(world.url, world.bearer("watch")) as socket:
            await eventually(lambda: connected(world, "websocket", 1))
            await publish(redis_client, *events[:5])
            await read_ws(socket, seen, until=5)
        await publish(redis_client, *events[5:9])  # while it is away
        async with websocket(world.url, world.bearer("watch"), last_id=seen.ids()[-1]) as socket:
            await publish(redis_client, *events[9:])
            await read_ws(socket, seen, until=len(events))
            with pytest.raises(TimeoutError):  # and nothing more: no event twice
                async with asyncio.timeout(0.3):
                    await socket.recv()
        assert seen.ids() == await stream_ids(redis_client)
        assert len(set(seen.ids())) == len(events) and seen.kinds() == ["event"] * len(events)
        assert [f["event"]["event_id"] for f in seen.frames] == [e.event_id for e in events]


async def test_a_deployments_watcher_gets_its_events_only_and_a_snapshot_when_they_were_trimmed(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    events = stories()
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=VIEWER, tokens=TOKEN) as world:
        await publish(redis_client, *events[:6])
        first = (await stream_ids(redis_client))[0]
        watching = {"deployment": "d-002", "last_id": first}
        seen = Received()
        async with world.client.stream("GET", "/api/v1/events", params=watching, headers=world.bearer("watch")) as r:
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
            await read_sse(r, seen, until=3)
        assert seen.ids() == await stream_ids(redis_client, "d-002")
        assert {f["data"]["deployment_id"] for f in seen.frames} == {"d-002"}

        await eventually(lambda: _folded(world, "d-002"))
        await redis_client.xtrim(Keys().events, maxlen=2, approximate=False)
        trimmed, again = Received(), {"deployment": "d-002", "last_id": first}
        async with world.client.stream("GET", "/api/v1/events", params=again, headers=world.bearer("watch")) as r:
            await publish(redis_client, *events[6:])
            async with asyncio.timeout(15):
                await read_sse(r, trimmed, frames=1)
        (snapshot,) = trimmed.frames
        assert snapshot["kind"] == "snapshot" and "trimmed" in snapshot["data"]["reason"]
        assert [v["id"] for v in snapshot["data"]["snapshot"]["deployments"]] == ["d-002"]


async def _folded(world: DashboardWorld, deployment: str) -> bool:
    answer = await world.client.get(f"/api/v1/deployments/{deployment}", headers=world.bearer("watch"))
    return answer.status_code == 200 and answer.json()["status"] == "succeeded"


async def test_strangers_and_other_sites_are_refused_a_live_socket(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=VIEWER, tokens=TOKEN) as world:
        with pytest.raises(InvalidStatus) as anonymous:
            async with websocket(world.url, {}):
                pass
        assert anonymous.value.response.status_code == 401 and b"viewer" in anonymous.value.response.body
        forged = {**world.bearer("watch"), "Origin": "http://evil.example"}
        with pytest.raises(InvalidStatus) as elsewhere:
            async with websocket(world.url, forged):
                pass
        assert elsewhere.value.response.status_code == 403 and b"evil.example" in elsewhere.value.response.body
        own = {**world.bearer("watch"), "Origin": world.url}
        async with websocket(world.url, own) as socket:
            await publish(redis_client, *story(1, "staging", "ana", ["api"])[:1])
            seen = Received()
            await read_ws(socket, seen, until=1)
        assert (await world.client.get("/api/v1/events")).status_code == 401
        bad = await world.client.get("/api/v1/events", params={"last_id": "x"}, headers=world.bearer("watch"))
        assert bad.status_code == 422 and bad.json()["fields"][0]["field"] == "last_id"

"""Two dashboard replicas as real processes on one Redis: a live client following replica A over SSE (with a token)
or over a WebSocket (with a browser's session cookie) while events are published, A killed with SIGKILL mid-stream,
reconnects to replica B with its last id and ends up with every entry of the stream, in order, none twice; the
session signed in on A still works on B."""

import asyncio
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
from redis.asyncio import Redis

from services.dashboard.auth.guard import COOKIE
from services.dashboard.auth.tokens import TokenStore
from services.dashboard.auth.users import UserStore
from shared.events import Event
from shared.keys.auth import AuthKeys
from shared.streams import Keys
from tests.support.alerting import publish
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import PASSWORD
from tests.support.inprocess import eventually
from tests.support.live_clients import Received, follow_sse, follow_ws, metric, stream_ids
from tests.support.processes import Worker, worker_process

PLAN = """
version: 1
environments: {staging: {}, production: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
OWN_URL = "http://dashboard.example"  # both replicas behind one address, as a load balancer shows them
EVENTS = [e for n in range(1, 31) for e in story(n, "staging" if n % 2 else "production", "ana", ["api"])]


@contextmanager
def replica(redis_url: str, plan: Path, log: Path) -> Iterator[Worker]:
    with worker_process(
        redis_url, "services.dashboard", log, FLIGHTDECK_PLAN_FILE=str(plan), FLIGHTDECK_DASHBOARD_URL=OWN_URL
    ) as process:
        yield process


def url_of(process: Worker) -> str:
    return f"http://127.0.0.1:{process.port}"


async def token_and_user(redis: Redis) -> str:
    """Makes the viewer `vi` (password PASSWORD) and its token; the token's secret."""
    keys, now = AuthKeys.of(Keys()), datetime.now(UTC)
    await UserStore(redis, keys).add("vi", "viewer", PASSWORD, now, ("*",))
    return (await TokenStore(redis, keys).create("watch", "vi", "viewer", ("*",), now, None)).secret


async def signed_in(url: str) -> str:
    """Signs `vi` in on the replica at `url` as the dashboard's page does; the session cookie's value."""
    async with httpx.AsyncClient(base_url=url, headers={"Origin": OWN_URL}) as client:
        answer = await client.post("/api/v1/login", json={"name": "vi", "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        session = client.cookies.get(COOKIE)
    assert session, f"no {COOKIE} cookie after signing in"
    return session


async def published_slowly(redis: Redis, events: list[Event]) -> None:
    for event in events:
        await publish(redis, event)
        await asyncio.sleep(0.02)  # a steady trickle, so the kill falls between two events


async def test_a_replica_killed_mid_stream_loses_no_event_and_no_session(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    plan = tmp_path / "flightdeck.yaml"
    plan.write_text(PLAN)
    bearer = {"Authorization": f"Bearer {await token_and_user(redis_client)}"}
    with replica(redis_url, plan, tmp_path / "a.log") as a, replica(redis_url, plan, tmp_path / "b.log") as b:
        await asyncio.gather(a.ready(), b.ready())
        browser = {"Cookie": f"{COOKIE}={await signed_in(url_of(a))}", "Origin": OWN_URL}
        over_sse, over_ws = Received(), Received()
        on_a = [
            asyncio.create_task(follow_sse(url_of(a), bearer, over_sse)),
            asyncio.create_task(follow_ws(url_of(a), browser, over_ws)),
        ]

        async def both_connected() -> bool:
            sse = await metric(url_of(a), 'flightdeck_dashboard_live_clients{transport="sse"}')
            ws = await metric(url_of(a), 'flightdeck_dashboard_live_clients{transport="websocket"}')
            return sse == ws == 1

        await eventually(both_connected)
        publisher = asyncio.create_task(published_slowly(redis_client, EVENTS))
        await eventually(lambda: len(over_sse.ids()) >= 15 and len(over_ws.ids()) >= 15)
        os.kill(a.pid, signal.SIGKILL)
        a.wait(timeout=10)
        on_stream_at_kill = len(await stream_ids(redis_client))
        async with asyncio.timeout(15):
            await asyncio.gather(*on_a)  # each saw its connection break

        on_b = [
            asyncio.create_task(follow_sse(url_of(b), bearer, over_sse, last_id=over_sse.ids()[-1])),
            asyncio.create_task(follow_ws(url_of(b), browser, over_ws, last_id=over_ws.ids()[-1])),
        ]
        try:
            await publisher
            await eventually(lambda: len(over_sse.ids()) >= len(EVENTS) and len(over_ws.ids()) >= len(EVENTS))
            await asyncio.sleep(0.3)  # room for a duplicate to show itself
        finally:
            for task in on_b:
                task.cancel()
            await asyncio.gather(*on_b, return_exceptions=True)

        async with httpx.AsyncClient(base_url=url_of(b)) as client:
            me = await client.get("/api/v1/me", headers={"Cookie": browser["Cookie"]})
        assert me.status_code == 200 and me.json()["name"] == "vi" and me.json()["via"] == "session"

    entries = await stream_ids(redis_client)
    assert len(entries) == len(EVENTS) and on_stream_at_kill < len(EVENTS)
    for seen in (over_sse, over_ws):
        assert seen.ids() == entries
        assert seen.kinds() == ["event"] * len(entries)

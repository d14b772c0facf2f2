"""A live client that stops reading, over a WebSocket and over SSE, on a real dashboard process: once its bounded
queue is full it is dropped (its connection closed, the WebSocket with 4008 and the reason; the dropped counter up;
a log line saying why), while the clients that keep up beside it on the same replica get every event, in order."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from redis.asyncio import Redis

from services.dashboard.auth.tokens import TokenStore
from services.dashboard.auth.users import UserStore
from shared.events import DeploymentFailed, Event
from shared.events.deployment import DeploymentFailedPayload
from shared.keys.auth import AuthKeys
from shared.streams import Keys
from tests.support.alerting import publish
from tests.support.dashboard_world import PASSWORD
from tests.support.inprocess import eventually
from tests.support.live_clients import Received, follow_sse, follow_ws, metric, stream_ids
from tests.support.processes import worker_process
from tests.support.slow_client import ClosedWebSocket, Done, read_rest, slow_client, sse_ids

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
QUEUE = 500  # the smallest the settings allow: a few MB of these events fill it
BATCH = 100
MOST = 60  # batches: 6,000 events of 4 kB, far more than the queue and every buffer on the way hold
REASON = "too slow: reconnect with the last id you saw"


def big_event(n: int) -> Event:
    reason = f"exit 3 after attempt {n}: " + "the deploy script wrote this much " * 120  # about 4 kB
    return DeploymentFailed(
        deployment_id="d-slow", environment="staging", payload=DeploymentFailedPayload(reason=reason)
    )


async def bearer_of(redis: Redis) -> dict[str, str]:
    keys, now = AuthKeys.of(Keys()), datetime.now(UTC)
    await UserStore(redis, keys).add("vi", "viewer", PASSWORD, now, ("*",))
    made = await TokenStore(redis, keys).create("watch", "vi", "viewer", ("*",), now, None)
    return {"Authorization": f"Bearer {made.secret}"}


def sample(name: str, transport: str) -> str:
    return f'flightdeck_dashboard_live_{name}{{transport="{transport}"}}'


async def test_a_client_that_stops_reading_is_dropped_while_the_others_get_every_event(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    plan, log = tmp_path / "flightdeck.yaml", tmp_path / "dashboard.log"
    plan.write_text(PLAN)
    bearer = await bearer_of(redis_client)
    settings = {"FLIGHTDECK_PLAN_FILE": str(plan), "FLIGHTDECK_LIVE_QUEUE": str(QUEUE)}
    with worker_process(redis_url, "services.dashboard", log, **settings) as dashboard:
        await dashboard.ready()
        url = f"http://127.0.0.1:{dashboard.port}"
        slow_ws = await slow_client(dashboard.port, "/api/v1/live", bearer, websocket=True)
        slow_sse = await slow_client(dashboard.port, "/api/v1/events", bearer, websocket=False)
        assert slow_ws.head.startswith(b"HTTP/1.1 101 ") and slow_sse.head.startswith(b"HTTP/1.1 200 ")
        over_sse, over_ws = Received(), Received()
        normal = [
            asyncio.create_task(follow_sse(url, bearer, over_sse)),
            asyncio.create_task(follow_ws(url, bearer, over_ws)),
        ]

        async def connected(count: int) -> bool:
            return (
                await metric(url, sample("clients", "sse"))
                == await metric(url, sample("clients", "websocket"))
                == count
            )

        async def both_dropped() -> bool:
            return (
                await metric(url, sample("dropped_total", "sse"))
                == 1
                == await metric(url, sample("dropped_total", "websocket"))
            )

        def received(count: int) -> Callable[[], bool]:
            return lambda: len(over_sse.ids()) == count == len(over_ws.ids())

        try:
            await eventually(lambda: connected(2))
            published = 0
            while not await both_dropped():  # the hub fanned out all published: the counter is up to date
                assert published < MOST * BATCH, f"{published} events published and the slow clients not dropped"
                await publish(redis_client, *(big_event(published + n) for n in range(BATCH)))
                published += BATCH
                await eventually(received(published))
            await eventually(lambda: connected(1))  # the slow ones are gone, the others still there
            await publish(redis_client, *(big_event(published + n) for n in range(BATCH)))
            published += BATCH
            await eventually(received(published))
        finally:
            for task in normal:
                task.cancel()
            await asyncio.gather(*normal, return_exceptions=True)

        closed = ClosedWebSocket()
        await read_rest(slow_ws, closed)
        await read_rest(slow_sse, Done())  # to the end of the connection: the server closed it
        slow_ws.sock.close()
        slow_sse.sock.close()

    entries = await stream_ids(redis_client)
    assert len(entries) == published >= 2 * BATCH
    assert over_sse.ids() == entries and over_ws.ids() == entries
    assert over_sse.kinds() == over_ws.kinds() == ["event"] * published

    assert closed.close == (4008, REASON)
    *events, notice = closed.messages()
    assert notice["kind"] == "dropped" and notice["reason"].startswith("too slow: ")
    got = [m["id"] for m in events]
    assert got == entries[: len(got)] and len(got) < published
    got = sse_ids(slow_sse.body)
    assert got == entries[: len(got)] and len(got) < published

    said = log.read_text()
    for transport in ("sse", "websocket"):
        assert f"dropped a live {transport} client watching everything: too slow: " in said, said[-2000:]

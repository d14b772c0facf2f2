"""Readiness while the read model is rebuilt, over real HTTP on a real Redis: a replica whose model is missing or half
rebuilt says so on /health/ready (503, check `read_model`, how many events so far), and is ready once built; a
readiness probe that finds the marker gone starts the rebuild at once. A service's own checks join the runtime's."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from redis.asyncio import Redis

from services.dashboard.readmodel.rebuild import keep_model_built
from services.dashboard.readmodel.store import ReadModelWriter
from shared.bus.handlers import Handlers
from shared.events import Event
from shared.keys.dashboard import DashboardKeys
from shared.runtime import ServiceContext
from shared.runtime.http import health_app
from shared.runtime.service import VERSION
from shared.streams import Keys
from tests.support.alerting import publish
from tests.support.asgi_server import serving
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import dashboard_world
from tests.support.inprocess import definition, eventually, running

KEYS = DashboardKeys.of(Keys())
PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""


class HeldWriter:
    """Folds nothing for real: keeps the events, and holds the rebuild after `hold_after` of them until released."""

    def __init__(self, hold_after: int) -> None:
        self.applied: list[Event] = []
        self.hold_after = hold_after
        self.release = asyncio.Event()

    async def apply(self, event: Event) -> None:
        if len(self.applied) >= self.hold_after:
            await self.release.wait()
        self.applied.append(event)


@asynccontextmanager
async def health_of(redis_url: str, make: Callable[[ServiceContext], Handlers]) -> AsyncIterator[httpx.AsyncClient]:
    """A service built by `make`, its /health served by real uvicorn; a client on it."""
    async with running(definition("readiness", make), redis_url) as runtime:
        app = health_app("readiness", VERSION, runtime.checks)
        async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
            yield client


def outputs(answer: httpx.Response) -> dict[str, str]:
    body: dict[str, Any] = answer.json()
    return {name: results[0]["output"] for name, results in body["checks"].items()}


async def test_not_ready_while_rebuilding_with_how_far_it_is_then_ready(redis_url: str, redis_client: Redis) -> None:
    await publish(redis_client, *story(1, "staging", "ana", ["api"]))  # three events; no marker yet: a new replica
    writer = HeldWriter(hold_after=2)

    def make(context: ServiceContext) -> Handlers:
        keep_model_built(context, writer)
        return Handlers()

    async with health_of(redis_url, make) as client:
        await eventually(lambda: len(writer.applied) == 2)
        held = await client.get("/health/ready")
        assert held.status_code == 503 and held.json()["status"] == "fail"
        checks = outputs(held)
        assert checks["read_model"] == "rebuilding from the stream: 2 events so far"
        assert checks["redis"] == checks["consumer"] == ""  # those pass: only the model holds it back
        writer.release.set()
        await eventually(lambda: _ready(client))
        assert len(writer.applied) == 3 and await redis_client.exists(KEYS.built)

        await redis_client.delete(KEYS.built)  # keys lost; the keeper would look again only in 30 s
        lost = await client.get("/health/ready")
        assert lost.status_code == 503 and outputs(lost)["read_model"] != ""
        await eventually(lambda: _ready(client))  # the probe woke the keeper: rebuilt long before its next look
        assert len(writer.applied) == 6


async def test_a_check_that_fails_is_named_without_its_message(redis_url: str, redis_client: Redis) -> None:
    async def broken() -> dict[str, str]:
        raise ConnectionError("redis://:hunter2@cache:6380 refused")

    async def fine() -> dict[str, str]:
        return {"cache": "pass"}

    def make(context: ServiceContext) -> Handlers:
        context.checks.extend([broken, fine])
        return Handlers()

    async with health_of(redis_url, make) as client:
        answer = await client.get("/health/ready")
    assert answer.status_code == 503
    assert outputs(answer) == {"broken": "the check failed: ConnectionError", "cache": "", "redis": "", "consumer": ""}
    assert "hunter2" not in answer.text


async def test_the_dashboard_is_not_ready_when_its_model_is_lost_and_ready_once_rebuilt(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=[("ana", "viewer", ("*",))]) as world:
        await eventually(lambda: _ready(world.client))
        await publish(redis_client, *story(2, "staging", "ana", ["api"]))
        await world.sign_in("ana")
        await eventually(lambda: _found(world.client, "d-002"))
        await ReadModelWriter(redis_client, KEYS).clear()  # as a flush or a cleanup would, marker and all
        lost = await world.client.get("/health/ready")
        assert lost.status_code == 503 and "read_model" in lost.json()["checks"]
        await eventually(lambda: _ready(world.client))
        assert await _found(world.client, "d-002"), "rebuilt from the stream, history and all"


async def _ready(client: httpx.AsyncClient) -> bool:
    return (await client.get("/health/ready")).status_code == 200


async def _found(client: httpx.AsyncClient, deployment: str) -> bool:
    return (await client.get(f"/api/v1/deployments/{deployment}")).status_code == 200

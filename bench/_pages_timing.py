"""Server time of the pages bench: signed-in GETs of the History and Analytics pages, one at a time on one keep-alive
connection (the whole answer read), each next to the API read that fetches the same data as JSON (the baseline in
the same run: what the page adds to the read model's answer is its rendering); and the Analytics page right after
each of a run of new deployments has ended and been folded (the history changed since the last answer)."""

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from redis.asyncio import Redis

from bench._dashboard_history import deployment
from bench._figures import Spread, say
from services.dashboard.readmodel.analytics import AnalyticsKeys
from shared.bus.codec import encode
from shared.keys.dashboard import DashboardKeys
from shared.streams import Keys

QUERIES = 200  # requests per kind
CHANGES = 40  # deployments ended, one before each timed Analytics page

Kind = tuple[str, str, dict[str, str]]
PAGES: tuple[Kind, ...] = (
    ("history page", "/history", {}),
    ("history filtered", "/history", {"environment": "production", "status": "failed"}),
    ("history search", "/history", {"q": "migration"}),
    ("analytics page", "/analytics", {}),
    ("analytics production", "/analytics", {"environment": "production"}),
)
BASELINES: tuple[Kind, ...] = (
    ("api deployments", "/api/v1/deployments", {"limit": "50"}),
    ("api analytics", "/api/v1/analytics", {}),
)


@dataclass(frozen=True)
class Timed:
    label: str
    ms: Spread
    kb: float  # the answer's size, on average


async def _timed(client: httpx.AsyncClient, label: str, path: str, params: dict[str, str], count: int) -> Timed:
    for _ in range(3):  # warm: the first answer makes the figures the next ones remember
        (await client.get(path, params=params)).raise_for_status()
    took, sizes = [], []
    for _ in range(count):
        started = time.perf_counter()
        answer = await client.get(path, params=params)
        body = answer.content
        took.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise RuntimeError(f"{path} {params} answered {answer.status_code}: {body[:200]!r}")
        sizes.append(len(body) / 1024)
    timed = Timed(label, Spread.of(took), sum(sizes) / len(sizes))
    say(f"  {label:<22} {timed.ms.line()}  ({timed.kb:.1f} KB)")
    return timed


async def server_times(url: str, cookie: str, count: int = QUERIES) -> list[Timed]:
    async with httpx.AsyncClient(base_url=url, headers={"Cookie": cookie}, timeout=60) as client:
        return [await _timed(client, *kind, count) for kind in (*PAGES, *BASELINES)]


async def after_changes(url: str, cookie: str, redis: Redis, changes: int = CHANGES) -> Timed:
    """The Analytics page timed right after each of `changes` new deployments ended and was folded."""
    keys, took = Keys(), []
    async with httpx.AsyncClient(base_url=url, headers={"Cookie": cookie}, timeout=60) as client:
        for n in range(changes):
            made = deployment(n, datetime.now(UTC), seed=99, prefix="new-")
            pipe = redis.pipeline(transaction=False)
            for event in made.events:
                pipe.xadd(keys.events, encode(event.model_copy(update={"producer": "coordinator"})))
            await pipe.execute()
            await _folded(redis, made.id)
            started = time.perf_counter()
            answer = await client.get("/analytics")
            answer.raise_for_status()
            took.append((time.perf_counter() - started) * 1000)
    timed = Timed("analytics after a change", Spread.of(took), len(answer.content) / 1024)
    say(f"  {timed.label:<22} {timed.ms.line()}  ({changes} deployments, each folded before the page)")
    return timed


async def _folded(redis: Redis, deployment_id: str, within_s: float = 30) -> None:
    """Until the deployment's summary is stored: the projector writes it once the ended view is."""
    key = AnalyticsKeys(DashboardKeys.of(Keys())).summary(deployment_id)
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if await redis.exists(key):
            return
        await asyncio.sleep(0.01)
    raise RuntimeError(f"{deployment_id} was not folded as ended within {within_s:g} s")

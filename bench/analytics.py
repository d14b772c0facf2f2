"""How long GET /api/v1/analytics takes with 10,000 deployments in the history (4-20 of 30 services each, over the
90 days asked): a private redis-server, the summaries written by the projector's own writer from 10,000 stored
views, the analytics router served by uvicorn, timed over HTTP from a client on the same machine. It times the
first requests, requests while the history stands still, and requests each right after another deployment ended.

    .venv/bin/python -m bench.analytics [deployments] [requests]
"""

import asyncio
import random
import sys
import time
from datetime import UTC, datetime, timedelta

import httpx
from redis.asyncio import Redis

from services.dashboard.auth.guard import Auth
from services.dashboard.auth.tokens import TokenStore
from services.dashboard.auth.users import UserStore
from services.dashboard.domain.stats import percentile
from services.dashboard.domain.views import Attempt, DeploymentView, IncidentView, RollbackView, ServiceSteps
from services.dashboard.readmodel.analytics import AnalyticsWriter
from services.dashboard.readmodel.analytics_reader import AnalyticsReader
from services.dashboard.web.analytics import analytics_router
from services.dashboard.web.analytics_figures import AnalyticsFigures
from services.dashboard.web.api import build_api
from shared.keys.auth import AuthKeys
from shared.keys.dashboard import DashboardKeys
from shared.redis_process import redis_server
from shared.streams import Keys
from tests.support.asgi_server import serving

ENVIRONMENTS = ("production", "staging", "qa", "dev")
SERVICES = tuple(f"svc-{n:02}" for n in range(30))
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def view(n: int, rng: random.Random) -> DeploymentView:
    created = NOW - timedelta(seconds=rng.uniform(0, 90 * 86400))
    started = created + timedelta(seconds=5)
    names = rng.sample(SERVICES, rng.randint(4, 20))
    steps = {}
    for name in names:
        at = started + timedelta(seconds=rng.uniform(0, 60))
        attempt = Attempt(attempt=1, step="deploy", version=f"1.{n}", started_at=at, outcome="succeeded")
        attempt = attempt.model_copy(update={"ended_at": at + timedelta(seconds=rng.uniform(10, 300))})
        steps[name] = ServiceSteps(service=name, to_version=f"1.{n}", attempts=[attempt])
    status = rng.choices(["succeeded", "failed", "rolled-back", "cancelled"], [80, 8, 10, 2])[0]
    ended = started + timedelta(seconds=rng.uniform(120, 1800))
    rollback = RollbackView(trigger="health", reasons=["p95 900ms > 500ms"]) if status == "rolled-back" else None
    incident = IncidentView(incident_id=f"i-{n}", outcome="rolled-back", time_to_recover_s=600) if rollback else None
    return DeploymentView(
        id=f"d-{n:05}",
        environment=rng.choice(ENVIRONMENTS),
        status=status,  # type: ignore[arg-type]
        created_at=created,
        updated_at=ended,
        started_at=started,
        ended_at=ended,
        commit_time=created - timedelta(seconds=rng.uniform(-60, 86400)),
        versions={name: f"1.{n}" for name in names},
        services=steps,
        rollback=rollback,
        incident=incident,
    )


async def run(deployments: int, requests: int) -> None:
    with redis_server() as url:
        redis = Redis.from_url(f"{url}/0")
        keys = DashboardKeys.of(Keys())
        writer, rng = AnalyticsWriter(redis, keys), random.Random(16)
        for n in range(deployments):
            await redis.set(keys.deployment(f"d-{n:05}"), view(n, rng).model_dump_json())
            await writer.summarize(f"d-{n:05}")
        await UserStore(redis, AuthKeys.of(Keys())).add("bench", "viewer", "a long bench password", NOW, ("*",))
        made = await TokenStore(redis, AuthKeys.of(Keys())).create("bench", "bench", "viewer", ("*",), NOW, None)
        app = build_api(
            [analytics_router(Auth(redis, AuthKeys.of(Keys())), AnalyticsFigures(AnalyticsReader(redis, keys)))],
            "bench",
        )
        params = {"from": (NOW - timedelta(days=90)).isoformat(), "to": NOW.isoformat()}
        async with serving(app) as base, httpx.AsyncClient(base_url=base, timeout=30) as client:
            headers = {"Authorization": f"Bearer {made.secret}"}

            async def timed(asked: dict[str, str]) -> float:
                start = time.perf_counter()
                answer = await client.get("/api/v1/analytics", params=asked, headers=headers)
                assert answer.status_code == 200, answer.text
                return (time.perf_counter() - start) * 1000

            production = {**params, "environment": "production"}
            cold = [await timed(production), await timed(params)]
            quiet = [(await timed(params), await timed(production)) for _ in range(requests)]
            churn = []  # a deployment ends before every request: the history changed since the last one
            for n in range(deployments, deployments + requests):
                await redis.set(keys.deployment(f"d-{n:05}"), view(n, rng).model_dump_json())
                await writer.summarize(f"d-{n:05}")
                churn.append(await timed(params))
        await redis.aclose()
    print(f"{deployments} deployments; the first requests: {cold[0]:.0f} ms (production), {cold[1]:.0f} ms (all)")
    for label, values in (
        ("all environments, history unchanged", [a for a, _ in quiet]),
        ("production only, history unchanged", [p for _, p in quiet]),
        ("all environments, a deployment ended before each", churn),
    ):
        p50, p99 = percentile(values, 0.5) or 0, percentile(values, 0.99) or 0
        print(f"{label}: p50 {p50:.1f} ms, p99 {p99:.1f} ms over {len(values)} requests")


if __name__ == "__main__":
    asyncio.run(run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000, int(sys.argv[2]) if len(sys.argv) > 2 else 100))

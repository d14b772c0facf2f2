"""A DriftWatch in the test's loop on real Redis, fed the monitor's series by hand (XADD in the monitor's bucket
format) and deployment events on the events stream: the drift tests' world."""

import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from redis.asyncio import Redis

from services.rollback.app import DEFINITION as ROLLBACK
from services.rollback.drift import DriftWatch
from services.rollback.inflight import InFlight
from shared.bus.handlers import Handlers
from shared.bus.publisher import EventPublisher
from shared.events import DeploymentSucceeded, Event
from shared.events.deployment import DeploymentSucceededPayload
from shared.keys.rollback import RollbackKeys
from shared.runtime import ServiceContext
from shared.streams import Keys
from tests.support.deploy_world import events
from tests.support.inprocess import eventually, part_of, running

ENV = "production"
Rollback = Callable[[], AbstractAsyncContextManager[DriftWatch]]


def drift_plan(tmp_path: Path) -> str:
    """api may be corrected (recovery.correct_drift), web only reported."""

    def service(correct: bool) -> dict[str, Any]:
        return {
            "deploy": ["true"],
            "health": {"ready": "http://127.0.0.1:9/health/ready"},
            "recovery": {"correct_drift": correct},
        }

    plan = {"version": 1, "environments": {ENV: {}}, "services": {"api": service(True), "web": service(False)}}
    path = tmp_path / "flightdeck.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False))
    return str(path)


def drift_watch(redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Rollback:
    """rollback() runs a drift watch (scanning every 50ms) until the block ends; its in-flight view is fed too."""
    monkeypatch.setenv("FLIGHTDECK_DRIFT_INTERVAL", "50ms")
    plan = drift_plan(tmp_path)

    @asynccontextmanager
    async def start() -> AsyncIterator[DriftWatch]:
        made: list[DriftWatch] = []

        def make(context: ServiceContext) -> Handlers:
            inflight = InFlight(context.redis, context.keys)
            watch = DriftWatch(context, inflight)
            made.append(watch)
            context.background.append(watch.run_forever)
            return Handlers().include(inflight.handlers(), watch.handlers())

        async with running(part_of(ROLLBACK, make), redis_url, plan_file=plan):
            yield made[0]

    return start


async def publish(redis: Redis, event: Event) -> None:
    await EventPublisher(redis, Keys(), producer="tests").publish(event)


async def deployed(redis: Redis, versions: dict[str, str], deployment_id: str = "d-1") -> None:
    """A deployment succeeded, and the watch has recorded its versions as desired."""
    await publish(
        redis,
        DeploymentSucceeded(
            deployment_id=deployment_id,
            environment=ENV,
            payload=DeploymentSucceededPayload(duration_s=5, versions=versions),
        ),
    )

    async def recorded() -> bool:
        return bool(await redis.hlen(RollbackKeys.of(Keys()).desired(ENV)))

    await eventually(recorded)


async def report(redis: Redis, service: str, *versions: str) -> None:
    """The monitor's closed buckets, oldest first, in its format (services/monitor/domain/series.py)."""
    start = math.ceil(time.time())
    for i, version in enumerate(versions):
        await redis.xadd(
            Keys().monitor_series(ENV, service),
            {
                "start": str(start + 10 * i),
                "version": version,
                "count": "6",
                "errors": "0",
                "error_rate": "0.0000",
                "p50_ms": "12.00",
                "p95_ms": "20.00",
                "p99_ms": "24.00",
            },
        )


async def scanned(watch: DriftWatch, more: int = 3) -> None:
    """Waits for `more` complete scans after now: what was going to be published has been."""
    target = watch.scans + more
    await eventually(lambda: watch.scans >= target)


async def of_type(redis: Redis, event_type: str) -> list[Event]:
    return [event for event in await events(redis) if event.type == event_type]

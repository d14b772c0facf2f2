"""Drift is detected and corrected: a DriftWatch in the test's loop on real Redis, fed the monitor's series by hand
(XADD in the monitor's bucket format) and deployment events on the events stream."""

import math
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from redis.asyncio import Redis

from services.rollback.drift import DriftWatch
from services.rollback.inflight import TRACKED, InFlight
from shared.bus.dispatch import Handler
from shared.bus.publisher import EventPublisher
from shared.events import DeploymentFailed, DeploymentStarted, DeploymentSucceeded, Event
from shared.runtime import ServiceContext
from shared.streams import Keys
from tests.support.deploy_world import events
from tests.support.inprocess import definition, eventually, running

pytestmark = pytest.mark.integration
ENV = "production"
Rollback = Callable[[], AbstractAsyncContextManager[DriftWatch]]


def drift_plan(tmp_path: Path) -> str:
    """api may be corrected (recovery.correct_drift), web only reported."""
    def service(correct: bool) -> dict[str, Any]:
        return {"deploy": ["true"], "health": {"ready": "http://127.0.0.1:9/health/ready"},
                "recovery": {"correct_drift": correct}}

    plan = {"version": 1, "environments": {ENV: {}}, "services": {"api": service(True), "web": service(False)}}
    path = tmp_path / "flightdeck.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False))
    return str(path)


@pytest.fixture
def rollback(redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Rollback:
    """rollback() runs a drift watch (scanning every 50ms) until the block ends; its in-flight view is fed too."""
    monkeypatch.setenv("FLIGHTDECK_DRIFT_INTERVAL", "50ms")
    plan = drift_plan(tmp_path)

    @asynccontextmanager
    async def start() -> AsyncIterator[DriftWatch]:
        made: list[DriftWatch] = []

        def make(context: ServiceContext) -> Mapping[str, Handler]:
            inflight = InFlight(context.redis, context.keys)
            watch = DriftWatch(context, inflight)
            made.append(watch)
            context.background.append(watch.run_forever)
            desired = watch.handlers()

            async def handle(event: Event) -> None:
                await inflight.observe(event)
                if event.type in desired:
                    await desired[event.type](event)

            return dict.fromkeys({*TRACKED, *desired}, handle)

        async with running(definition("rollback", make), redis_url, plan_file=plan):
            yield made[0]

    return start


async def publish(redis: Redis, event: Event) -> None:
    await EventPublisher(redis, Keys(), producer="tests").publish(event)


async def deployed(redis: Redis, versions: dict[str, str], deployment_id: str = "d-1") -> None:
    """A deployment succeeded, and the watch has recorded its versions as desired."""
    await publish(redis, DeploymentSucceeded(deployment_id=deployment_id, environment=ENV,
                                             payload={"duration_s": 5, "versions": versions}))

    async def recorded() -> bool:
        return bool(await redis.hlen(f"flightdeck:rollback:desired:{ENV}"))  # type: ignore[misc]

    await eventually(recorded)


async def report(redis: Redis, service: str, *versions: str) -> None:
    """The monitor's closed buckets, oldest first, in its format (services/monitor/domain/series.py)."""
    start = math.ceil(time.time())
    for i, version in enumerate(versions):
        await redis.xadd(f"flightdeck:monitor:metrics:{ENV}:{service}", {
            "start": str(start + 10 * i), "version": version, "count": "6", "errors": "0", "error_rate": "0.0000",
            "p50_ms": "12.00", "p95_ms": "20.00", "p99_ms": "24.00",
        })


async def scanned(watch: DriftWatch, more: int = 3) -> None:
    """Waits for `more` complete scans after now: what was going to be published has been."""
    target = watch.scans + more
    await eventually(lambda: watch.scans >= target)


async def of_type(redis: Redis, event_type: str) -> list[Event]:
    return [event for event in await events(redis) if event.type == event_type]


async def test_drift_is_detected_and_corrected_once(redis_client: Redis, rollback: Rollback) -> None:
    async with rollback() as watch:
        await deployed(redis_client, {"api": "1.0.0", "web": "3.1.0"})
        await report(redis_client, "api", "2.0.0-hotfix", "2.0.0-hotfix")

        async def corrected() -> bool:
            return bool(await of_type(redis_client, "deploy-requested"))

        await eventually(corrected)
        await scanned(watch)
        [drift] = await of_type(redis_client, "drift-detected")
        [request] = await of_type(redis_client, "deploy-requested")

    assert (drift.service, drift.environment) == ("api", ENV)
    assert drift.payload.model_dump() == {"desired_version": "1.0.0", "reported_version": "2.0.0-hotfix",
                                          "desired_by": "d-1", "action": "redeploy"}
    assert request.environment == ENV and request.causation_id == drift.event_id
    assert request.payload.services == ["api"] and request.payload.versions == {"api": "1.0.0"}  # type: ignore[attr-defined]
    assert request.payload.requested_by == "flightdeck (drift correction)"  # type: ignore[attr-defined]
    assert "2.0.0-hotfix" in request.payload.reason  # type: ignore[attr-defined]


async def test_a_restarted_watch_does_not_report_the_same_drift_again(redis_client: Redis, rollback: Rollback) -> None:
    async with rollback():
        await deployed(redis_client, {"api": "1.0.0"})
        await report(redis_client, "api", "2.0.0", "2.0.0")

        async def detected() -> bool:
            return bool(await of_type(redis_client, "drift-detected"))

        await eventually(detected)
    async with rollback() as restarted:
        await scanned(restarted)
    assert len(await of_type(redis_client, "drift-detected")) == 1
    assert len(await of_type(redis_client, "deploy-requested")) == 1


async def test_without_correct_drift_it_is_only_reported(redis_client: Redis, rollback: Rollback) -> None:
    async with rollback() as watch:
        await deployed(redis_client, {"api": "1.0.0", "web": "3.1.0"})
        await report(redis_client, "web", "3.0.9", "3.0.9")

        async def detected() -> bool:
            return bool(await of_type(redis_client, "drift-detected"))

        await eventually(detected)
        await scanned(watch)
        [drift] = await of_type(redis_client, "drift-detected")
    assert drift.service == "web" and drift.payload.action == "report"  # type: ignore[attr-defined]
    assert drift.payload.reported_version == "3.0.9"  # type: ignore[attr-defined]
    assert await of_type(redis_client, "deploy-requested") == []


async def test_no_drift_is_reported_while_a_deployment_is_in_flight(redis_client: Redis, rollback: Rollback) -> None:
    async with rollback() as watch:
        await deployed(redis_client, {"api": "1.0.0"})
        await publish(redis_client, DeploymentStarted(deployment_id="d-2", environment=ENV,
                                                      payload={"versions": {"api": "2.0.0"}, "waves": [["api"]]}))

        async def in_flight() -> bool:
            return await InFlight(redis_client, Keys()).active(ENV) is not None

        await eventually(in_flight)
        await report(redis_client, "api", "2.0.0", "2.0.0")
        await scanned(watch)
        assert await of_type(redis_client, "drift-detected") == []

        # the deployment fails without a rollback: 2.0.0 now runs where 1.0.0 is desired
        await publish(redis_client, DeploymentFailed(deployment_id="d-2", environment=ENV,
                                                     payload={"reason": "verification", "failed_services": ["api"]}))

        async def detected() -> bool:
            return bool(await of_type(redis_client, "drift-detected"))

        await eventually(detected)


async def test_a_single_odd_bucket_is_not_drift(redis_client: Redis, rollback: Rollback) -> None:
    async with rollback() as watch:
        await deployed(redis_client, {"api": "1.0.0"})
        await report(redis_client, "api", "1.0.0", "unknown", "1.0.0", "0.9.0")
        await scanned(watch)
        assert await of_type(redis_client, "drift-detected") == []

        await report(redis_client, "api", "unknown", "0.9.0")  # the second known report in a row: now it is drift

        async def detected() -> bool:
            return bool(await of_type(redis_client, "drift-detected"))

        await eventually(detected)
    [drift] = await of_type(redis_client, "drift-detected")
    assert drift.payload.reported_version == "0.9.0"  # type: ignore[attr-defined]

"""The watcher through what goes wrong around it: a report that cannot be published, a target another replica
takes over while its probe is in flight."""

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from services.monitor.domain.samples import Status
from services.monitor.metrics import Recorder
from services.monitor.plans import MonitorPlans
from services.monitor.probing import ProbeResult
from services.monitor.watcher import Watcher
from shared.bus.publisher import EventPublisher
from shared.events import Event
from shared.keys.monitor import MonitorKeys
from shared.plan import FilePlanSource
from shared.plan.cache import PlanCache
from shared.streams import Keys
from shared.tasks import cancel_all
from tests.support.deploy_world import events
from tests.support.health_server import HealthServer
from tests.support.inprocess import eventually

from .conftest import plan


class Flaky(EventPublisher):
    """Refuses the next `refusals` publishes as a Redis gone away would."""

    refusals = 0

    async def publish(self, event: Event) -> str:
        if self.refusals:
            self.refusals -= 1
            raise RedisConnectionError("Connection refused (on purpose)")
        return await super().publish(event)


class Fleet:
    """Answers probes by the service named in the URL; `held` ones answer only once released."""

    def __init__(self) -> None:
        self.status: dict[str, int] = {}
        self.hits: Counter[str] = Counter()
        self.held: dict[str, asyncio.Event] = {}

    async def probe(self, url: str, timeout_s: float) -> ProbeResult:
        service = url.split("/")[3]
        self.hits[service] += 1
        if service in self.held:
            await self.held[service].wait()
        code = self.status.get(service, 200)
        status: Status = "pass" if code == 200 else "fail"
        return ProbeResult(status, 1.0, code, None, (), "" if code == 200 else f"HTTP {code}", time.time())


@asynccontextmanager
async def watching(redis_url: str, tmp_path: Path, fleet: Fleet) -> AsyncIterator[Flaky]:
    """A watcher of the conftest plan probing `fleet`, on a Redis client of its own; yields its publisher."""
    server = HealthServer()
    server.port = 1  # the URLs only name the service: the fleet answers them
    plan_file = tmp_path / "flightdeck.yaml"
    plan_file.write_text(plan(server))
    plans = MonitorPlans(PlanCache(FilePlanSource(plan_file)))
    redis = Redis.from_url(redis_url)
    publisher = Flaky(redis, Keys(), producer="monitor")
    watcher = Watcher(redis, Keys(), publisher, plans, fleet.probe, "replica-a", Recorder(redis, Keys(), publisher))
    task = asyncio.create_task(watcher.run_forever(tick_s=0.02))
    try:
        yield publisher
    finally:  # cancel_all: redis-py may swallow a cancellation that cuts a command off
        await cancel_all([task])
        await redis.aclose()


async def test_a_degradation_that_could_not_be_published_is_published_by_the_next_probe(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    """It was lost: the tracker had turned unhealthy already, so no later probe made the transition again."""
    fleet = Fleet()
    async with watching(redis_url, tmp_path, fleet) as publisher:
        await eventually(lambda: fleet.hits["api"] >= 3)
        publisher.refusals = 1
        fleet.status["api"] = 503

        async def degraded() -> bool:
            return [e.type for e in await events(redis_client) if e.service == "api"] == ["health-degraded"]

        await eventually(degraded, within=30)
    assert publisher.refusals == 0, "the first try was refused"


async def test_a_target_another_replica_took_does_not_stop_the_others_being_watched(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    """Its probe, in flight when the other replica took it, marked it for saving; the save then found no tracker
    for it and failed every tick, so no target of this replica was probed again."""
    fleet = Fleet()
    fleet.held["api"] = asyncio.Event()
    async with watching(redis_url, tmp_path, fleet):
        await eventually(lambda: fleet.hits["api"] >= 1 and fleet.hits["db"] >= 3)
        await redis_client.set(MonitorKeys.of(Keys()).lease("staging/api"), "replica-b", px=60_000)
        fleet.held["api"].set()
        seen = fleet.hits["db"]
        await eventually(lambda: fleet.hits["db"] >= seen + 20, within=30)
    assert fleet.hits["api"] == 1, "replica-b probes it now"

"""A running service sees a newly applied plan without restarting, and pinned revisions stay as they were."""

from pathlib import Path

from redis.asyncio import Redis

from shared.bus.handlers import Handlers
from shared.plan.store import PlanStore
from shared.runtime import ServiceContext
from tests.support.inprocess import definition, running
from tests.unit.plan.helpers import base, dump


async def test_service_context_follows_applied_revisions(redis_url: str, redis_client: Redis) -> None:
    contexts: list[ServiceContext] = []

    def make(context: ServiceContext) -> Handlers:
        contexts.append(context)
        return Handlers()

    store = PlanStore(redis_client)
    first = base()
    async with running(definition("planned", make), redis_url):
        plans = contexts[0].plans
        assert await plans.current() is None
        assert await store.apply(dump(first)) == 1
        current = await plans.current()
        assert current is not None and current.revision == 1 and set(current.plan.services) == {"api"}
        second = base()
        second["services"]["worker"] = {"kind": "job", "deploy": ["./run.sh", "worker"]}
        assert await store.apply(dump(second)) == 2
        current = await plans.current()
        assert current is not None and current.revision == 2 and set(current.plan.services) == {"api", "worker"}
        pinned = await plans.revision(1)
        assert pinned is not None and set(pinned.plan.services) == {"api"}


async def test_a_service_can_be_pointed_at_a_file(redis_url: str, tmp_path: Path) -> None:
    contexts: list[ServiceContext] = []

    def make(context: ServiceContext) -> Handlers:
        contexts.append(context)
        return Handlers()

    plan_file = tmp_path / "flightdeck.yaml"
    plan_file.write_text(dump(base()))
    async with running(definition("from-file", make), redis_url, plan_file=str(plan_file)):
        current = await contexts[0].plans.current()
        assert current is not None and current.revision == 0 and current.source == str(plan_file)

"""Each service runs on its own as a process: it connects, creates its group, serves health and metrics."""

import httpx
import pytest
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from cli.services import definition
from shared.bus.publisher import EventPublisher
from shared.streams import SERVICES, Keys
from tests.support.inprocess import eventually
from tests.support.processes import worker_process
from tests.support.samples import sample


@pytest.mark.parametrize("name", SERVICES)
async def test_service_runs_alone_and_reports_health(name: str, redis_url: str, redis_client: Redis) -> None:
    with worker_process(redis_url, module=f"services.{name}") as service:
        await service.ready()
        consumes = definition(name).consumes
        groups = [g["name"].decode() for g in await redis_client.xinfo_groups(Keys().events)] if consumes else []
        assert groups == ([name] if consumes else []), "a group exactly when the service consumes events"
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{service.port}") as http:
            live = await http.get("/health/live")
            ready = await http.get("/health/ready")
            assert live.status_code == 200 and live.headers["content-type"] == "application/health+json"
            assert ready.json()["status"] == "pass" and ready.json()["serviceId"] == name
            if not consumes:  # the dashboard, until its read model consumes the events (issue 15)
                return
            event = sample(consumes[0])
            await EventPublisher(redis_client, Keys(), producer="tests").publish(event)
            counter = f'flightdeck_events_consumed_total{{service="{name}",type="{event.type}"}} 1.0'

            async def consumed() -> bool:
                return counter in (await http.get("/metrics")).text.splitlines()

            await eventually(consumed)
            await eventually(lambda: _acked(redis_client, name))


async def _acked(redis: Redis, group: str) -> bool:
    last = (await redis.xinfo_stream(Keys().events))["last-generated-id"]
    info = next(g for g in await redis.xinfo_groups(Keys().events) if g["name"].decode() == group)
    pending: int = info["pending"]
    delivered: bytes = info["last-delivered-id"]
    return pending == 0 and delivered == last  # entries-read is None for a new group


async def test_a_service_whose_group_vanished_makes_it_again_and_goes_on(redis_url: str, redis_client: Redis) -> None:
    """Redis flushed under a running service: it stays up, makes its group again and consumes what comes next."""
    with worker_process(redis_url, module="services.monitor") as service:
        await service.ready()
        await redis_client.flushall()

        async def group_again() -> bool:
            try:
                return [g["name"].decode() for g in await redis_client.xinfo_groups(Keys().events)] == ["monitor"]
            except ResponseError:  # no stream yet
                return False

        await eventually(group_again, within=20)
        await EventPublisher(redis_client, Keys(), producer="tests").publish(sample(definition("monitor").consumes[0]))
        await eventually(lambda: _acked(redis_client, "monitor"), within=20)
        assert service.poll() is None

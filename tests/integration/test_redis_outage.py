"""Redis going away under a running service: it stays up (/health/live 200, /health/ready 503), says so once,
and resumes by itself when Redis is back, with its data or without (the group is then made again)."""

import asyncio
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from cli.services import definition
from shared.bus.publisher import EventPublisher
from shared.redis_process import LocalRedis
from shared.streams import Keys
from tests.support.inprocess import eventually
from tests.support.processes import worker_process
from tests.support.samples import sample

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def _status(port: int, path: str) -> int | None:
    async with httpx.AsyncClient(timeout=3) as client:
        try:
            return (await client.get(f"http://127.0.0.1:{port}{path}")).status_code
        except httpx.TransportError:
            return None


@pytest.mark.parametrize("keeps_data", [True, False])
async def test_a_service_stays_up_while_redis_is_gone_and_resumes_when_it_is_back(
    tmp_path: Path,
    keeps_data: bool,
) -> None:
    local = LocalRedis(data_dir=tmp_path / "redis" if keeps_data else None)
    url = f"{local.start()}/0"
    log = tmp_path / "monitor.log"
    try:
        with worker_process(url, module="services.monitor", log=log) as service:
            await service.ready()
            local.stop()

            async def not_ready_but_live() -> bool:
                return (
                    await _status(service.port, "/health/ready") == 503
                    and await _status(service.port, "/health/live") == 200
                )

            await eventually(not_ready_but_live, within=15)
            await asyncio.sleep(3)  # a few seconds down: every loop of the service fails many times meanwhile
            assert await _status(service.port, "/health/live") == 200 and service.poll() is None
            local.start()
            await service.ready(within=30)
            client = Redis.from_url(url)
            try:
                event = sample(definition("monitor").consumes[0])
                await EventPublisher(client, Keys(), producer="tests").publish(event)

                async def consumed() -> bool:  # the group (made again when Redis came back empty) consumes
                    last = (await client.xinfo_stream(Keys().events))["last-generated-id"]
                    groups = {g["name"].decode(): g for g in await client.xinfo_groups(Keys().events)}
                    group = groups.get("monitor")
                    return group is not None and group["last-delivered-id"] == last and group["pending"] == 0

                await eventually(consumed, within=20)
            finally:
                await client.aclose()
            assert service.poll() is None, "the service never exited"
    finally:
        local.stop()
    text = log.read_text()
    assert "Traceback" not in text, text[-3000:]
    assert text.count("cannot reach Redis") == 1 and text.count("answers again") == 1, text[-3000:]

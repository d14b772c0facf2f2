"""Redis going away under a running alerter: a group that falls due while Redis is gone is flushed, and its
message delivered, once Redis is back; the outage is told once, with no traceback."""

import asyncio
from pathlib import Path
from typing import cast

import pytest
from redis.asyncio import Redis

from shared.keys.alerter import AlerterKeys
from shared.redis_process import LocalRedis
from shared.streams import Keys
from tests.support.alerting import SECRET, alerting_plan, failed, of_type, publish, webhook
from tests.support.inprocess import eventually
from tests.support.processes import worker_process
from tests.support.receivers import Receiver, wait_for_requests

pytestmark = [pytest.mark.integration, pytest.mark.slow]
KEYS = AlerterKeys.of(Keys())
GROUP_WAIT_S = 2.0


async def test_an_alert_due_while_redis_is_gone_is_delivered_when_it_is_back(tmp_path: Path, hook: Receiver) -> None:
    local = LocalRedis(data_dir=tmp_path / "redis")
    url = f"{local.start()}/0"
    log = tmp_path / "alerter.log"
    plan = alerting_plan(tmp_path, {"hook": webhook(f"{hook.url}/hook")}, group_wait=f"{GROUP_WAIT_S}s")
    client = Redis.from_url(url)
    try:
        with worker_process(
            url, "services.alerter", log=log, FLIGHTDECK_PLAN_FILE=plan, FLIGHTDECK_ALERT_LEASE="2", HOOK_SECRET=SECRET
        ) as alerter:
            await alerter.ready()
            await publish(client, failed("d-1"))

            async def waiting_for_its_group() -> bool:
                members = cast(list[bytes], await client.zrange(KEYS.due, 0, -1))  # a client that does not decode
                return any(m.startswith(b"g:") for m in members)

            await eventually(waiting_for_its_group)
            await client.aclose()
            local.stop()
            await asyncio.sleep(GROUP_WAIT_S + 3)  # the group fell due meanwhile: every take failed
            assert hook.received == [] and alerter.poll() is None
            local.start()
            client = Redis.from_url(url)
            (message,) = await wait_for_requests(hook, 1, within=40)
            assert message.json()["kind"] == "new" and message.json()["deployment_id"] == "d-1"

            async def reported() -> bool:
                return len(await of_type(client, "alert-sent")) == 1

            await eventually(reported, within=10)
            await asyncio.sleep(1)
            assert len(hook.received) == 1 and alerter.poll() is None
    finally:
        await client.aclose()
        local.stop()
    text = log.read_text()
    assert "Traceback" not in text, text[-3000:]
    assert text.count("cannot reach Redis") == 1 and text.count("answers again") == 1, text[-3000:]

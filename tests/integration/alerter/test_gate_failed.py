"""A failed health gate reaches on-call (it used to raise in its rule, be retried and end on the dead-letter stream)."""

import pytest
from redis.asyncio import Redis

from shared.events import HealthGateFailed, ProbeEvidence
from shared.events.health import HealthGateFailedPayload
from shared.streams import Keys
from tests.support.alerting import publish, webhook
from tests.support.receivers import Receiver, wait_for_requests

from .conftest import Alerter

pytestmark = pytest.mark.integration


async def test_a_failed_health_gate_is_told(alerter: Alerter, hook: Receiver, redis_client: Redis) -> None:
    gate = HealthGateFailed(
        deployment_id="d-7",
        environment="staging",
        service="api",
        producer="tests",
        payload=HealthGateFailedPayload(
            reason="HTTP 500 three times in a row", waited_s=4, evidence=[ProbeEvidence(ok=False, reason="HTTP 500")]
        ),
    )
    async with alerter({"hook": webhook(f"{hook.url}/hook")}):
        await publish(redis_client, gate)
        (received,) = await wait_for_requests(hook, 1)
    (alert,) = received.json()["alerts"]
    assert alert["name"] == "health-gate-failed" and alert["service"] == "api" and alert["status"] == "firing"
    assert alert["summary"] == "Health gate of api failed in staging: HTTP 500 three times in a row"
    assert await redis_client.xlen(Keys().dead_letters) == 0

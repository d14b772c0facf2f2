"""Escalation end to end: it fires when nobody acknowledges, and an acknowledgement (event or signed link) stops it."""

import asyncio

import httpx
import pytest
from redis.asyncio import Redis

from shared.events import AlertAcknowledged, AlertEscalated
from shared.events.alerting import AlertAcknowledgedPayload
from shared.runtime.http import health_app
from shared.runtime.service import ServiceRuntime
from tests.support.alerting import failed, of_class, of_type, publish, webhook
from tests.support.receivers import Receiver, wait_for_requests

from .conftest import Alerter

pytestmark = pytest.mark.integration


def channels(hook: Receiver) -> dict[str, object]:
    return {"team": webhook(f"{hook.url}/team"), "pager": webhook(f"{hook.url}/pager")}


def paths(hook: Receiver) -> list[str]:
    return [r.path for r in hook.received]


ESCALATION = {
    "routes": [{"channels": ["team"]}],
    "escalation": [{"after": "400ms", "channels": ["pager"], "repeat": 1}],
}


async def test_an_unacknowledged_critical_alert_escalates_and_repeats_up_to_its_limit(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
) -> None:
    async with alerter(channels(hook), **ESCALATION):
        await publish(redis_client, failed("d-1"))
        await wait_for_requests(hook, 3, within=10)
        await asyncio.sleep(1.2)  # the chain had one step, repeated once: nothing more
        assert paths(hook) == ["/team", "/pager", "/pager"]
        page = hook.received[1].json()
        assert page["kind"] == "escalation" and page["alerts"][0]["name"] == "deployment-failed"
    escalated = await of_class(redis_client, AlertEscalated)
    assert [e.payload.level for e in escalated] == [1, 1]
    assert escalated[0].deployment_id == "d-1"


async def test_an_acknowledgement_stops_the_chain(alerter: Alerter, hook: Receiver, redis_client: Redis) -> None:
    async with alerter(
        channels(hook), routes=[{"channels": ["team"]}], escalation=[{"after": "1500ms", "channels": ["pager"]}]
    ):
        await publish(redis_client, failed("d-2"))
        (message,) = await wait_for_requests(hook, 1)
        fingerprint = message.json()["alerts"][0]["fingerprint"]
        await publish(
            redis_client,
            AlertAcknowledged(
                producer="tests", payload=AlertAcknowledgedPayload(fingerprint=fingerprint, by="ana", via="cli")
            ),
        )
        await asyncio.sleep(2.5)
        assert paths(hook) == ["/team"]
        assert not await of_type(redis_client, "alert-escalated")


async def test_the_signed_link_in_a_message_acknowledges(alerter: Alerter, hook: Receiver, redis_client: Redis) -> None:
    async with alerter(
        channels(hook), routes=[{"channels": ["team"]}], escalation=[{"after": "1500ms", "channels": ["pager"]}]
    ) as runtime:
        await publish(redis_client, failed("d-3"))
        (message,) = await wait_for_requests(hook, 1)
        link = message.json()["alerts"][0]["acknowledge_url"]
        async with _client(runtime) as client:
            forged = await client.post(link.replace("signature=", "signature=0"), data={"by": "mallory"})
            assert forged.status_code == 403 and "flightdeck alerts ack" in forged.text
            page = await client.get(link)  # a mail scanner following the link changes nothing
            assert page.status_code == 200 and "Acknowledge" in page.text
            await asyncio.sleep(0.2)
            assert not await of_type(redis_client, "alert-acknowledged")
            done = await client.post(link, data={"by": "ana"})
            assert done.status_code == 200 and "ana" in done.text
        acks = await of_class(redis_client, AlertAcknowledged)
        assert [(a.payload.by, a.payload.via) for a in acks] == [("ana", "link")]
        await asyncio.sleep(2)
        assert paths(hook) == ["/team"]


def _client(runtime: ServiceRuntime) -> httpx.AsyncClient:
    async def checks() -> dict[str, str]:
        return {}

    app = health_app("alerter", "test", checks, runtime.context.routes)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=runtime.settings.alerter_url)

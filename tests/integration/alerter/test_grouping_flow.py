"""Grouping end to end: group wait, joins at the next interval, resolved messages, repeats, never twice."""

import asyncio
from typing import Any

import pytest
from redis.asyncio import Redis

from services.alerter.channels import verify
from shared.events import AlertSent
from tests.support.alerting import SECRET, degraded, of_class, publish, recovered, webhook
from tests.support.receivers import Receiver, wait_for_requests

from .conftest import Alerter

pytestmark = pytest.mark.integration


def summary(body: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((a["service"], a["status"]) for a in body["alerts"])


async def test_a_group_is_told_when_it_fires_when_alerts_join_resolve_and_repeat(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
) -> None:
    channels = {"hook": webhook(f"{hook.url}/hook")}
    async with alerter(
        channels, group_by=["environment"], group_wait="400ms", group_interval="400ms", repeat_interval="2s"
    ):
        await publish(redis_client, degraded("api"), degraded("web"))  # both arrive within group_wait
        first = (await wait_for_requests(hook, 1))[0]
        assert first.json()["kind"] == "new"
        assert summary(first.json()) == [("api", "firing"), ("web", "firing")]
        assert verify(first.body, first.headers["x-flightdeck-signature"], SECRET)

        await publish(redis_client, degraded("db"))
        joined = (await wait_for_requests(hook, 2))[1].json()
        assert joined["kind"] == "update" and len(joined["alerts"]) == 3

        await publish(redis_client, recovered("api"))
        resolved = (await wait_for_requests(hook, 3))[2].json()
        assert summary(resolved) == [("api", "resolved"), ("db", "firing"), ("web", "firing")]

        repeat = (await wait_for_requests(hook, 4, within=6))[3].json()
        assert repeat["kind"] == "repeat" and summary(repeat) == [("db", "firing"), ("web", "firing")]

        await publish(redis_client, recovered("db"), recovered("web"))
        last = (await wait_for_requests(hook, 5))[4].json()
        assert last["status"] == "resolved" and summary(last) == [("db", "resolved"), ("web", "resolved")]
        await asyncio.sleep(1.5)  # several group intervals: nothing left to say, so nothing is said
        assert len(hook.received) == 5
    ids = [r.headers["x-flightdeck-notification-id"] for r in hook.received]
    assert len(set(ids)) == 5
    sent = await of_class(redis_client, AlertSent)
    assert sorted(e.payload.notification_id for e in sent) == sorted(ids)


async def test_groups_are_separate_per_environment_and_deployment_by_default(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
) -> None:
    async with alerter({"hook": webhook(f"{hook.url}/hook")}):
        await publish(redis_client, degraded("api", "production"), degraded("api", "staging"))
        received = await wait_for_requests(hook, 2)
        severities = sorted((r.json()["environment"], r.json()["severity"]) for r in received)
        assert severities == [("production", "critical"), ("staging", "warning")]


async def test_a_repeated_event_is_handled_once(alerter: Alerter, hook: Receiver, redis_client: Redis) -> None:
    event = degraded("api")
    async with alerter({"hook": webhook(f"{hook.url}/hook")}):
        await publish(redis_client, event, event)  # the same event delivered twice (at-least-once)
        await wait_for_requests(hook, 1)
        await asyncio.sleep(1)
        assert len(hook.received) == 1

"""The resolution of an alert already told goes out within group_wait, not group_interval: the end of a story
(recovered, rolled back) is not held for minutes. New firing alerts still wait group_interval, as in Alertmanager."""

import time
from typing import Any

import pytest
from redis.asyncio import Redis

from services.alerter.domain.grouping import Group
from shared.events import DeploymentRolledBack, Event, RollbackCompleted
from shared.events.deployment import DeploymentRolledBackPayload
from shared.events.rollback import RollbackOutcomePayload, ServiceRollbackOutcome
from shared.keys.alerter import AlerterKeys
from shared.streams import Keys
from tests.support.alerting import degraded, failed, publish, recovered, rolling_back, webhook
from tests.support.inprocess import eventually
from tests.support.receivers import Receiver, wait_for_requests

from .conftest import Alerter

pytestmark = pytest.mark.integration
KEYS = AlerterKeys.of(Keys())
SLOW = {"group_wait": "200ms", "group_interval": "1h"}  # a message held for group_interval never comes in a test


def told(body: dict[str, Any]) -> list[tuple[str, str | None, str]]:
    return sorted((a["name"], a["service"], a["status"]) for a in body["alerts"])


async def handled(redis: Redis, event: Event) -> None:
    async def seen() -> bool:
        return bool(await redis.exists(KEYS.seen(event.event_id)))

    await eventually(seen)


async def test_a_recovery_is_told_within_group_wait(alerter: Alerter, hook: Receiver, redis_client: Redis) -> None:
    async with alerter({"hook": webhook(f"{hook.url}/hook")}, group_by=["environment"], **SLOW):
        await publish(redis_client, degraded("api"), degraded("web"))
        await wait_for_requests(hook, 1)
        await publish(redis_client, recovered("api"))
        second = (await wait_for_requests(hook, 2))[1].json()
    assert second["kind"] == "update"
    assert told(second) == [("health-degraded", "api", "resolved"), ("health-degraded", "web", "firing")]


async def test_a_rollback_that_ends_the_story_is_told_within_group_wait(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
) -> None:
    async with alerter({"hook": webhook(f"{hook.url}/hook")}, **SLOW):
        await publish(redis_client, failed("d-1"), rolling_back("d-1", "api"))
        first = (await wait_for_requests(hook, 1))[0].json()
        assert told(first) == [("deployment-failed", None, "firing"), ("rollback-started", None, "firing")]
        await publish(
            redis_client,
            RollbackCompleted(
                deployment_id="d-1",
                environment="production",
                producer="tests",
                payload=RollbackOutcomePayload(
                    outcomes=[ServiceRollbackOutcome(service="api", ok=True, restored_version="1.0")], reason="health"
                ),
            ),
            DeploymentRolledBack(
                deployment_id="d-1",
                environment="production",
                producer="tests",
                payload=DeploymentRolledBackPayload(reason="health", services={"api": "1.0"}),
            ),
        )
        second = (await wait_for_requests(hook, 2))[1].json()
    assert told(second) == [("deployment-failed", None, "resolved"), ("rollback-completed", None, "firing")]
    assert "Rolled back d-1 in production: api 1.0" in [a["summary"] for a in second["alerts"]]


async def test_a_group_that_only_gained_firing_alerts_waits_group_interval(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
) -> None:
    async with alerter({"hook": webhook(f"{hook.url}/hook")}, group_by=["environment"], **SLOW):
        await publish(redis_client, degraded("api"))
        await wait_for_requests(hook, 1)
        joined = degraded("web")
        await publish(redis_client, joined)
        await handled(redis_client, joined)
        (raw,) = [await redis_client.get(key) for key in await redis_client.keys(KEYS.group("*"))]
        assert raw is not None  # listed just now, and this group still holds a firing alert
        group = Group.model_validate_json(raw)
        assert "web" in {a.service for a in group.alerts.values()}
        assert group.next_flush > time.time() + 1800, "a new firing alert is held for group_interval"
        await publish(redis_client, recovered("api"))  # the resolution brings the held alert along
        second = (await wait_for_requests(hook, 2))[1].json()
    assert told(second) == [("health-degraded", "api", "resolved"), ("health-degraded", "web", "firing")]
    assert len(hook.received) == 2

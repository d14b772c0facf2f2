"""Silences and inhibition end to end, and the resolved message of an alert that was muted after it was told."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis

from shared.events import Matcher, PerformanceDegraded, SilenceCreated, SilenceExpired
from shared.events.alerting import SilenceCreatedPayload, SilenceExpiredPayload
from shared.events.health import PerformanceDegradedPayload
from tests.support.alerting import degraded, failed, publish, recovered, rolling_back, webhook
from tests.support.receivers import Receiver, wait_for_requests

from .conftest import Alerter

pytestmark = pytest.mark.integration


def silence(silence_id: str, **labels: str) -> SilenceCreated:
    now = datetime.now(UTC)
    return SilenceCreated(
        producer="tests",
        payload=SilenceCreatedPayload(
            silence_id=silence_id,
            created_by="ana",
            starts_at=now - timedelta(seconds=1),
            ends_at=now + timedelta(hours=1),
            matchers=[Matcher.model_validate({"label": k, "value": v}) for k, v in labels.items()],  # label: a str
        ),
    )


def slow(service: str, environment: str = "staging") -> PerformanceDegraded:
    return PerformanceDegraded(
        environment=environment,
        service=service,
        producer="tests",
        payload=PerformanceDegradedPayload(
            metric="latency_p95", value=900, threshold=800, version="2.0", bucket_start=0
        ),
    )


def told(hook: Receiver, index: int) -> list[tuple[str, str | None, str]]:
    return sorted((a["name"], a["service"], a["status"]) for a in hook.received[index].json()["alerts"])


async def test_a_silenced_alert_is_not_sent_but_its_resolution_is_where_its_firing_was(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
) -> None:
    async with alerter({"hook": webhook(f"{hook.url}/hook")}, group_by=["environment"]):
        await publish(redis_client, degraded("db", "staging"))
        await wait_for_requests(hook, 1)
        await publish(redis_client, silence("quiet-db", service="db"))
        await publish(redis_client, recovered("db", "staging"))
        await wait_for_requests(hook, 2)
        assert told(hook, 1) == [("health-degraded", "db", "resolved")]

        await publish(redis_client, degraded("db", "staging"))  # silenced: never told
        await asyncio.sleep(1)
        assert len(hook.received) == 2

        await publish(
            redis_client,
            SilenceExpired(producer="tests", payload=SilenceExpiredPayload(silence_id="quiet-db", by="ana")),
        )
        await wait_for_requests(hook, 3)  # the silence ended while it still fires: now it is told
        assert told(hook, 2) == [("health-degraded", "db", "firing")]


async def test_a_critical_root_cause_mutes_the_warnings_it_explains(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
) -> None:
    async with alerter({"hook": webhook(f"{hook.url}/hook")}, group_by=["environment"], group_wait="300ms"):
        # d-9 failed on api: web depends on api, so web's slowness is explained; db's is not
        await publish(redis_client, failed("d-9", "staging"), slow("web"), slow("db"))
        await wait_for_requests(hook, 1)
        assert told(hook, 0) == [("deployment-failed", None, "firing"), ("performance-degraded", "db", "firing")]
        await asyncio.sleep(1)
        assert len(hook.received) == 1


async def test_a_rollback_in_progress_mutes_the_health_alerts_of_what_it_rolls_back(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
) -> None:
    async with alerter({"hook": webhook(f"{hook.url}/hook")}, group_by=["environment"]):
        await publish(redis_client, rolling_back("d-3", "api"))
        await wait_for_requests(hook, 1)
        assert told(hook, 0) == [("rollback-started", None, "firing")]
        await publish(redis_client, degraded("api"), degraded("web"))  # api is being rolled back, web is not
        await wait_for_requests(hook, 2)
        assert told(hook, 1) == [("health-degraded", "web", "firing")]
        await asyncio.sleep(1)
        assert len(hook.received) == 2

"""The rollback decision with every service running: one noisy sample does not roll back, signals that agree do,
two signals at once give one rollback, and a rollback that fails is a critical alert."""

import asyncio
from pathlib import Path
from typing import Any, Literal

import pytest
from redis.asyncio import Redis

from services.alerter.app import DEFINITION as ALERTER
from shared.events import HealthDegraded, PerformanceDegraded, ProbeEvidence, RollbackFailed, RollbackRequested
from shared.events.health import HealthChangePayload, PerformanceDegradedPayload
from tests.support.alerting import webhook
from tests.support.deploy_world import events, wait_for
from tests.support.inprocess import eventually
from tests.support.receivers import receiver
from tests.support.rollback_world import baking, publish

pytestmark = [pytest.mark.integration, pytest.mark.slow]
METRICS: dict[str, Any] = {"signals": ["health-degraded", "error-rate", "latency"], "agreement": 2}


def slow(
    service: str, metric: Literal["latency_p95", "error_rate"] = "latency_p95", bucket: float = 1000
) -> PerformanceDegraded:
    return PerformanceDegraded(
        environment="staging",
        service=service,
        producer="monitor",
        payload=PerformanceDegradedPayload(
            metric=metric,
            value=950 if metric == "latency_p95" else 0.09,
            threshold=800 if metric == "latency_p95" else 0.05,
            version="2.0.0",
            bucket_start=bucket,
        ),
    )


def degraded(service: str) -> HealthDegraded:
    return HealthDegraded(
        environment="staging",
        service=service,
        producer="monitor",
        payload=HealthChangePayload(
            status="unhealthy",
            previous_status="healthy",
            evidence=[ProbeEvidence(ok=False, version="2.0.0", http_status=500, reason="HTTP 500")],
        ),
    )


async def requested(redis: Redis) -> list[str]:
    return [e.payload.requested_by for e in await events(redis, "d2") if isinstance(e, RollbackRequested)]


async def test_one_noisy_sample_does_not_roll_back_but_agreeing_findings_do(
    redis_url: str,
    redis_client: Redis,
    tmp_path: Path,
) -> None:
    async with baking(redis_url, redis_client, tmp_path, **METRICS):
        await publish(redis_client, slow("api"))
        await asyncio.sleep(1.5)
        assert await requested(redis_client) == [], "one latency sample over the threshold is not enough"
        await publish(redis_client, slow("api", "error_rate", bucket=1010))
        done = await wait_for(redis_client, "d2", "deployment-rolled-back", "rollback-failed", within=30)
    assert done.type == "deployment-rolled-back"
    (request,) = [e for e in await events(redis_client, "d2") if isinstance(e, RollbackRequested)]
    assert request.payload.trigger == "metrics" and "2 metric findings agree" in request.payload.reasons[0]


async def test_signals_at_once_give_one_rollback(redis_url: str, redis_client: Redis, tmp_path: Path) -> None:
    async with baking(redis_url, redis_client, tmp_path, **METRICS):
        await asyncio.gather(
            *(
                publish(redis_client, signal)
                for signal in (
                    degraded("api"),
                    degraded("worker"),
                    degraded("web"),
                    slow("api"),
                    slow("api", "error_rate"),
                )
            )
        )
        await wait_for(redis_client, "d2", "deployment-rolled-back", "rollback-failed", within=30)
        await asyncio.sleep(0.5)
    trail = [e.type for e in await events(redis_client, "d2")]
    assert await requested(redis_client) == ["rollback-policy"]
    assert trail.count("rollback-started") == 1 and trail.count("deployment-rolled-back") == 1


async def test_a_failing_rollback_is_a_critical_alert(
    redis_url: str,
    redis_client: Redis,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FAIL_ACTIONS", "rollback:api")
    monkeypatch.setenv("HOOK_SECRET", "s3cret-for-tests")
    async with receiver() as hook:
        async with baking(
            redis_url,
            redis_client,
            tmp_path,
            ALERTER,
            alerting={"channels": {"hook": webhook(f"{hook.url}/hook")}, "group_wait": "0s", "group_interval": "300ms"},
        ):
            await publish(redis_client, degraded("api"))
            failed = await wait_for(redis_client, "d2", "rollback-failed", "deployment-rolled-back", within=30)
            assert failed.type == "rollback-failed"
            assert isinstance(failed, RollbackFailed)
            outcomes = {o.service: o for o in failed.payload.outcomes}
            assert not outcomes["api"].ok and outcomes["web"].ok and outcomes["worker"].ok

            async def critical() -> bool:
                return any(
                    a["name"] == "rollback-failed" and a["severity"] == "critical" and a["status"] == "firing"
                    for r in hook.received
                    for a in r.json()["alerts"]
                )

            await eventually(critical, within=15)

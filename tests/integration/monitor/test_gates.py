"""Health gates answered by the monitor: pass once ready, fail at the timeout with evidence, drive a deployment."""

from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.events import HealthGateFailed, HealthGatePassed, HealthGateRequested
from shared.events.health import HealthGateRequestedPayload
from shared.streams import Keys
from tests.integration.monitor.conftest import Watched
from tests.support.deploy_world import wait_for
from tests.support.inprocess import eventually


async def _open(redis: Redis, deployment_id: str, timeout_s: float) -> None:
    event = HealthGateRequested(
        deployment_id=deployment_id,
        environment="staging",
        service="api",
        payload=HealthGateRequestedPayload(timeout_s=timeout_s, consecutive_passes=2),
    )
    await EventPublisher(redis, Keys(), producer="coordinator").publish(event)


async def _answer(redis: Redis, deployment_id: str) -> HealthGatePassed | HealthGateFailed:
    """The gate's answer, typed so `.type ==` narrows it."""
    answer = await wait_for(redis, deployment_id, "health-gate-passed", "health-gate-failed")
    assert isinstance(answer, HealthGatePassed | HealthGateFailed), answer
    return answer


async def test_a_gate_passes_once_the_endpoint_turns_ready(watched: Watched, redis_client: Redis) -> None:
    watched.health.status["api"] = 503
    await _open(redis_client, "g-1", 20)
    await eventually(lambda: watched.health.hits.get("api", 0) >= 3)
    watched.health.status["api"] = 200
    passed = await _answer(redis_client, "g-1")
    assert passed.type == "health-gate-passed" and passed.service == "api"
    assert [e.ok for e in passed.payload.evidence][-2:] == [True, True]


async def test_a_gate_fails_at_its_timeout_with_the_last_failures(watched: Watched, redis_client: Redis) -> None:
    watched.health.status["api"] = 503
    await _open(redis_client, "g-2", 0.5)
    failed = await _answer(redis_client, "g-2")
    assert failed.type == "health-gate-failed"
    assert failed.payload.reason.startswith("not ready after 0.5s; last: HTTP 503")
    assert failed.payload.evidence and failed.payload.evidence[-1].http_status == 503


async def test_a_service_answering_500_fails_its_gate_long_before_the_timeout(
    watched: Watched, redis_client: Redis
) -> None:
    """Issue 12: a known-bad service (500 from its first probe) no longer holds its gate for the whole timeout."""
    watched.health.status["api"] = 500
    await _open(redis_client, "g-4", 20)
    failed = await _answer(redis_client, "g-4")
    assert failed.type == "health-gate-failed"
    assert failed.payload.reason == (
        "3 failed probes in a row (the plan's failures_to_degraded), not waiting out "
        "the 20s timeout; last: HTTP 500; status 'fail'"
    )
    assert [e.http_status for e in failed.payload.evidence][-3:] == [500, 500, 500]
    assert failed.payload.waited_s < 20 / 2, "decided on the evidence, not at the deadline"


async def test_a_gate_for_an_unknown_service_fails_with_the_reason(watched: Watched, redis_client: Redis) -> None:
    event = HealthGateRequested(
        deployment_id="g-3", environment="staging", service="ghost", payload=HealthGateRequestedPayload(timeout_s=5)
    )
    await EventPublisher(redis_client, Keys(), producer="coordinator").publish(event)
    failed = await _answer(redis_client, "g-3")
    assert failed.type == "health-gate-failed" and "'ghost' is not in the current plan" in failed.payload.reason

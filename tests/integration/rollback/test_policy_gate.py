"""A health finding about a service whose own health gate still runs waits for that gate, so one fault gets one
verdict: the gate's. Once the gate passed, the finding held counts and the policy asks for the rollback."""

from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.rollback.app import DEFINITION as ROLLBACK
from shared.events import HealthDegraded, HealthGatePassed, ProbeEvidence, RollbackRequested
from shared.events.health import HealthChangePayload, HealthGatePassedPayload
from shared.keys.rollback import RollbackKeys
from shared.streams import Keys
from tests.support.deploy_world import events, wait_for
from tests.support.fleet import fleet
from tests.support.handled import all_handled
from tests.support.inprocess import eventually, running
from tests.support.rollback_world import Ids, api_deployed, fleet_plan, publish

pytestmark = pytest.mark.integration


async def test_a_finding_while_the_gate_runs_waits_for_it_then_counts(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    ids: Ids = {"deployment_id": "d7", "environment": "staging", "producer": "coordinator"}
    deployed = api_deployed(ids, "2.0.0", previous="1.0.0", gated=False)
    unhealthy = HealthDegraded(  # after the new version went live
        environment="staging",
        service="api",
        producer="monitor",
        payload=HealthChangePayload(
            status="unhealthy",
            previous_status="healthy",
            evidence=[ProbeEvidence(ok=False, version="2.0.0", http_status=500, reason="HTTP 500")],
        ),
    )
    findings = RollbackKeys.of(Keys()).findings("d7")
    with fleet(tmp_path) as world:
        plan = fleet_plan(tmp_path / "flightdeck.yaml", world, bake="10m")
        async with running(ROLLBACK, redis_url, plan_file=plan):
            await publish(redis_client, *deployed, unhealthy)
            await eventually(lambda: all_handled(redis_client, "rollback"), within=15)
            assert await redis_client.exists(findings), "the finding is kept for when the gate passed"
            assert [e for e in await events(redis_client, "d7") if isinstance(e, RollbackRequested)] == []
            passed = HealthGatePassed(
                **ids, service="api", payload=HealthGatePassedPayload(version="2.0.0", waited_s=1)
            )
            await publish(redis_client, passed)
            request = await wait_for(redis_client, "d7", "rollback-requested", within=15)
    assert isinstance(request, RollbackRequested)
    assert request.payload.requested_by == "rollback-policy" and request.causation_id == passed.event_id
    assert request.payload.reasons == ["api: api is unhealthy (HTTP 500)"]

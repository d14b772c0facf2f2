"""Incidents on a real Redis: the handlers run in-process and fold a realistic stream of events with explicit times;
incident-opened and incident-resolved appear on the stream once, however often the events are delivered."""

import pytest
from redis.asyncio import Redis

from services.rollback.incidents import Incidents
from services.rollback.inflight import InFlight
from shared.bus.publisher import EventPublisher
from shared.events import DeploymentFailed, ServiceDeployFailed
from shared.events.deployment import DeploymentFailedPayload
from shared.events.stage import ServiceDeployFailedPayload
from shared.streams import Keys
from tests.integration.rollback.incidents_world import (
    ENV,
    KEYS,
    REASON,
    at,
    bake_failure,
    ev,
    incident_events,
    incidents,
)
from tests.support.handled import all_handled
from tests.support.inprocess import eventually

pytestmark = pytest.mark.integration
__all__ = ["incidents"]  # a fixture, used by name


async def test_a_rolled_back_deployment_opens_and_resolves_one_incident(
    incidents: Incidents, redis_client: Redis
) -> None:
    started, early, later = bake_failure()
    await InFlight(redis_client, Keys()).observe(started)  # what places the monitor's health signals
    publisher = EventPublisher(redis_client, Keys(), producer="tests")
    await publisher.publish_many(early)
    evidence = KEYS.incident_evidence("d-7")

    async def evidence_kept() -> bool:
        return await redis_client.llen(evidence) == len(early)

    await eventually(evidence_kept)
    assert 0 < await redis_client.ttl(evidence) <= 3 * 86400
    assert await incidents.get("inc-d-7") is None and await incident_events(redis_client) == []

    await publisher.publish_many(later)

    async def announced() -> bool:
        return len(await incident_events(redis_client)) == 2

    await eventually(announced)
    opened, resolved = await incident_events(redis_client)
    assert opened.type == "incident-opened" and resolved.type == "incident-resolved"
    assert (opened.deployment_id, opened.environment, opened.producer) == ("d-7", ENV, "rollback")
    assert opened.payload.model_dump() == {
        "incident_id": "inc-d-7",
        "title": f"d-7 in {ENV}: {REASON}",
        "trigger": "rollback-requested",
        "services": ["api"],
        "detected_at": at(130),
        "began_at": at(100),
    }
    assert resolved.payload.model_dump() == {
        "incident_id": "inc-d-7",
        "outcome": "rolled-back",
        "decision": f"roll back api: {REASON}",
        "reasons": [REASON, "error rate 12% > 5% for 3 probes"],
        "time_to_detect_s": 30.0,
        "time_to_recover_s": 45.0,
    }
    assert resolved.causation_id == later[-2].event_id  # rollback-completed resolved it

    async def whole_timeline() -> bool:  # deployment-rolled-back comes after what resolved it, and joins its timeline
        record = await incidents.get("inc-d-7")
        return record is not None and len(record.timeline) >= len(early + later)

    await eventually(whole_timeline)
    record = await incidents.get("inc-d-7")
    assert record is not None and (record.status, record.outcome, record.resolved_at) == (
        "resolved",
        "rolled-back",
        at(175),
    )
    assert [e.event_id for e in record.timeline] == [e.event_id for e in early + later]
    assert record.timeline[3].summary == "api degraded (error rate 12.0%)"
    assert await redis_client.exists(evidence) == 0
    assert await incidents.recent(10) == [record]
    assert await redis_client.zscore(KEYS.incidents, "inc-d-7") == at(130).timestamp()

    await publisher.publish_many(early + later)  # delivered again: the same event ids
    await eventually(lambda: all_handled(redis_client, "rollback"))
    assert len(await incident_events(redis_client)) == 2
    assert await incidents.get("inc-d-7") == record


async def test_a_failure_with_no_rollback_closes_once_none_came(incidents: Incidents, redis_client: Redis) -> None:
    failed = [
        ev(
            ServiceDeployFailed,
            10,
            ServiceDeployFailedPayload(version="2.0", reason="exit code 1", exit_code=1),
            "d-8",
            service="api",
        ),
        ev(DeploymentFailed, 12, DeploymentFailedPayload(reason="api: exit code 1", failed_services=["api"]), "d-8"),
    ]
    await EventPublisher(redis_client, Keys(), producer="tests").publish_many(failed)

    async def closed() -> bool:
        return [e.type for e in await incident_events(redis_client)] == ["incident-opened", "incident-resolved"]

    await eventually(closed)
    resolved = (await incident_events(redis_client))[1]
    assert resolved.payload.model_dump() == {
        "incident_id": "inc-d-8",
        "outcome": "closed",
        "decision": "no rollback: left as it failed",
        "reasons": ["api: exit code 1"],
        "time_to_detect_s": 2.0,
        "time_to_recover_s": None,
    }
    record = await incidents.get("inc-d-8")
    assert record is not None and record.resolved_at == at(12) and record.began_at == at(10)
    assert await redis_client.zcard(KEYS.incidents_settling) == 0
    assert await incidents.settle_due() == 0

"""A rebuild folds each deployment's consecutive events at once (Projector.apply_run); the read model it leaves is
the one folding the same events one by one leaves, key for key: views, indexes, timelines, services' state, search
index and in-flight set, analytics summaries; with deployments interleaved, an event again, a late event after the
end, one still in flight and an event of no deployment between."""

from datetime import timedelta
from typing import cast

from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

from services.dashboard.readmodel.analytics import AnalyticsKeys
from services.dashboard.readmodel.projector import Projector
from services.dashboard.readmodel.rebuild import rebuild, runs
from shared.events import (
    DeploymentRolledBack,
    Event,
    HealthDegraded,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
)
from shared.events import deployment as d
from shared.events import health as h
from shared.events import stage as s
from shared.keys.dashboard import DashboardKeys
from shared.streams import Keys
from shared.text import text
from tests.support.alerting import publish
from tests.support.dashboard_stories import T0, story

KEYS = DashboardKeys.of(Keys())


def _with_service_steps(events: list[Event], service: str) -> list[Event]:
    """The story's events with the service's deploy started and succeeded between its start and its end."""
    first = events[1]
    deployment_id, environment = str(first.deployment_id), str(first.environment)
    started = ServiceDeployStarted(
        occurred_at=first.occurred_at + timedelta(seconds=1),
        payload=s.ServiceDeployStartedPayload(version="1.1"),
        deployment_id=deployment_id,
        environment=environment,
        service=service,
    )
    done = ServiceDeploySucceeded(
        occurred_at=first.occurred_at + timedelta(seconds=3),
        payload=s.ServiceDeploySucceededPayload(version="1.1", duration_s=2),
        deployment_id=deployment_id,
        environment=environment,
        service=service,
    )
    return [*events[:2], started, done, *events[2:]]


def history() -> list[Event]:
    one = _with_service_steps(story(1, "staging", "ana", ["api"]), "api")
    late = DeploymentRolledBack(
        occurred_at=one[-1].occurred_at + timedelta(minutes=1),
        payload=d.DeploymentRolledBackPayload(reason="error rate", services={"api": "1.0"}),
        deployment_id="d-001",
        environment="staging",
    )
    two, three = story(2, "production", "bo", ["api", "db"], ok=False), story(3, "production", "chen", ["web"])
    interleaved = [event for pair in zip(two, three, strict=True) for event in pair]
    health = HealthDegraded(
        occurred_at=T0 + timedelta(minutes=5),
        service="api",
        environment="production",
        payload=h.HealthChangePayload(status="degraded", previous_status="healthy"),
    )
    flying = story(4, "staging", "dee", ["web", "api"])[:2]
    return [*one, one[-1], late, *interleaved, health, *flying]


class OneByOne:
    """The projector as a writer that folds one event at a time (what the consumer group does)."""

    def __init__(self, projector: Projector) -> None:
        self.projector = projector

    async def apply(self, event: Event) -> object:
        return await self.projector.apply(event)


async def _model(redis: Redis) -> dict[str, object]:
    """Every key of the read model with what it holds (the rebuild's marker left out)."""
    found: dict[str, object] = {}
    async for raw in redis.scan_iter(match=f"{KEYS.base}:*", count=1000):
        key, kind = text(raw), text(await redis.type(raw))
        if key == KEYS.built:
            continue
        if kind == "string":
            found[key] = await redis.get(key)
        elif kind == "hash":
            found[key] = await redis.hgetall(key)
        elif kind == "set":
            found[key] = await redis.smembers(key)
        elif kind == "zset":
            found[key] = await redis.zrange(key, 0, -1, withscores=True)
        else:
            found[key] = kind
    return found


async def test_a_rebuild_by_runs_leaves_the_model_folding_one_by_one_leaves(redis_client: Redis) -> None:
    events = history()
    fields: dict[FieldT, EncodableT] = {"service": "api", "stream": "stdout", "line": "pulling api 1.1", "ts": "t"}
    await redis_client.xadd(Keys().deployment_log("d-001"), fields)
    await publish(redis_client, *events)
    projector = Projector(redis_client, KEYS)
    assert await rebuild(redis_client, Keys(), OneByOne(projector)) == len(events)
    one_by_one = await _model(redis_client)
    await projector.clear()
    assert await _model(redis_client) == {}

    assert await rebuild(redis_client, Keys(), projector) == len(events)

    by_runs = await _model(redis_client)
    assert by_runs.keys() == one_by_one.keys()
    tokens = AnalyticsKeys(KEYS).days  # a random token per day, set anew when a summary changes: the same days
    for key, held in one_by_one.items():
        if key == tokens:
            assert cast(dict[bytes, bytes], by_runs[key]).keys() == cast(dict[bytes, bytes], held).keys()
        else:
            assert by_runs[key] == held, key
    assert cast(set[bytes], by_runs[KEYS.in_flight]) == {b"d-004"}


def test_runs_are_cut_where_the_deployment_changes() -> None:
    events = history()
    cut = runs(events)
    assert [len(run) for run in cut][:2] == [7, 1]  # d-001 with its repeat and late event, then d-002 alone
    assert [event for run in cut for event in run] == events
    assert all(len({event.deployment_id for event in run}) == 1 for run in cut)

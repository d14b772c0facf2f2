"""The read model as the dashboard's consumer group builds it on a real Redis: views from the events, history
filtered and paged on the server, timelines, and redelivered events applied once."""

from datetime import timedelta

import pytest
from redis.asyncio import Redis

from services.dashboard.app import DEFINITION
from services.dashboard.domain.query import CursorError, DeploymentQuery
from services.dashboard.readmodel.queries import ReadModel
from services.dashboard.readmodel.store import ReadModelWriter
from shared.keys.dashboard import DashboardKeys
from shared.streams import Keys
from tests.support.alerting import publish
from tests.support.dashboard_stories import T0, story
from tests.support.inprocess import eventually, running

KEYS = DashboardKeys.of(Keys())


async def test_the_consumer_group_folds_every_deployment_into_its_view(redis_url: str, redis_client: Redis) -> None:
    events = [*story(1, "staging", "ana", ["api", "web"]), *story(2, "production", "bo", ["api"], ok=False)]
    async with running(DEFINITION, redis_url):
        await publish(redis_client, *events)
        model = ReadModel(redis_client, KEYS)

        async def both_ended() -> bool:
            views = [await model.deployment("d-001"), await model.deployment("d-002")]
            return all(v is not None and v.ended_at is not None for v in views)

        await eventually(both_ended)
    first, second = await model.deployment("d-001"), await model.deployment("d-002")
    assert first is not None and second is not None
    assert (first.status, first.requested_by, first.versions) == ("succeeded", "ana", {"api": "1.1", "web": "1.1"})
    assert (second.status, second.failure, second.environment) == ("failed", "exit 3", "production")
    assert [e.type for e in await model.timeline("d-002")] == [
        "deploy-requested",
        "deployment-started",
        "deployment-failed",
    ]


async def fill(redis: Redis, count: int) -> ReadModel:
    writer = ReadModelWriter(redis, KEYS)
    for n in range(count):
        environment = "production" if n % 3 == 0 else "staging"
        for event in story(
            n, environment, "ana" if n % 2 else "bo", ["api", "web"] if n % 4 else ["db"], ok=n % 5 != 0
        ):
            await writer.apply(event)
    return ReadModel(redis, KEYS)


async def test_filters_intersect_on_the_server_over_the_whole_history(redis_client: Redis) -> None:
    model = await fill(redis_client, 40)
    query = DeploymentQuery(environment="production", who="bo", status="succeeded", service="api", limit=200)
    page = await model.deployments(query)
    expected = [n for n in reversed(range(40)) if n % 3 == 0 and n % 2 == 0 and n % 5 != 0 and n % 4]
    assert [v.id for v in page.items] == [f"d-{n:03}" for n in expected] and page.next_cursor is None
    since = await model.deployments(DeploymentQuery(since=T0 + timedelta(minutes=30), until=T0 + timedelta(minutes=35)))
    assert [v.id for v in since.items] == [f"d-{n:03}" for n in (34, 33, 32, 31, 30)]


async def test_pages_follow_the_cursor_with_no_gap_or_repeat_while_new_deployments_arrive(redis_client: Redis) -> None:
    model = await fill(redis_client, 25)
    seen: list[str] = []
    page = await model.deployments(DeploymentQuery(limit=10))
    seen += [v.id for v in page.items]
    writer = ReadModelWriter(redis_client, KEYS)
    for event in story(99, "staging", "cy", ["api"]):  # newer than all: at the top, not in the pages after
        await writer.apply(event)
    while page.next_cursor:
        page = await model.deployments(DeploymentQuery(limit=10, cursor=page.next_cursor))
        seen += [v.id for v in page.items]
    assert seen == [f"d-{n:03}" for n in reversed(range(25))]
    with pytest.raises(CursorError, match="not one this dashboard gave out"):
        await model.deployments(DeploymentQuery(cursor="bm9wZQ"))


async def test_an_event_applied_twice_is_in_the_timeline_once_and_the_indexes_follow_the_status(
    redis_client: Redis,
) -> None:
    writer = ReadModelWriter(redis_client, KEYS)
    events = story(7, "staging", "ana", ["api"])
    for event in [*events, *events]:
        await writer.apply(event)
    model = ReadModel(redis_client, KEYS)
    assert len(await model.timeline("d-007")) == 3
    running_now = await model.deployments(DeploymentQuery(status="running"))
    done = await model.deployments(DeploymentQuery(status="succeeded"))
    assert running_now.items == [] and [v.id for v in done.items] == ["d-007"]

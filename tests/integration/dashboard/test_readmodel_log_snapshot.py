"""A deployment's command log read on, the snapshot a live client starts from, and the whole read model (search
index and silences included) rebuilt from the events stream by the projector."""

from datetime import timedelta

from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

from services.dashboard.domain.query import DeploymentQuery
from services.dashboard.readmodel.projector import Projector
from services.dashboard.readmodel.queries import ReadModel
from services.dashboard.readmodel.rebuild import rebuild
from shared.events import SilenceCreated
from shared.events import alerting as a
from shared.keys.dashboard import DashboardKeys
from shared.streams import Keys
from tests.support.alerting import publish
from tests.support.dashboard_stories import T0, story

KEYS = DashboardKeys.of(Keys())


async def test_the_log_is_read_on_from_the_last_line_seen(redis_client: Redis) -> None:
    for n in range(5):
        fields: dict[FieldT, EncodableT] = {"service": "api", "stream": "stdout", "line": f"line {n}", "ts": "t"}
        await redis_client.xadd(Keys().deployment_log("d-001"), fields)
    model = ReadModel(redis_client, KEYS)
    first = await model.log("d-001", limit=3)
    assert [line.line for line in first] == ["line 0", "line 1", "line 2"] and first[0].service == "api"
    rest = await model.log("d-001", since=first[-1].id)
    assert [line.line for line in rest] == ["line 3", "line 4"]
    assert await model.log("d-404") == []


async def test_a_snapshot_has_what_the_client_watches(redis_client: Redis) -> None:
    projector, model = Projector(redis_client, KEYS), ReadModel(redis_client, KEYS)
    for event in [*story(1, "staging", "ana", ["api"]), *story(2, "production", "bo", ["api"])]:
        await projector.apply(event)
    for event in story(3, "staging", "ana", ["web"])[:2]:  # still running
        await projector.apply(event)
    everything = await model.snapshot()
    assert [v.id for v in everything.deployments] == ["d-003", "d-002", "d-001"]
    staging = await model.snapshot(environment="staging")
    assert [v.id for v in staging.deployments] == ["d-003", "d-001"]
    assert {s.environment for s in staging.services} == {"staging"}
    one = await model.snapshot(deployment="d-002")
    assert [v.id for v in one.deployments] == ["d-002"] and one.environment == "production"
    assert (await model.snapshot(deployment="d-404")).deployments == []


async def test_a_rebuild_from_the_stream_gives_back_search_and_silences(redis_client: Redis) -> None:
    await redis_client.xadd(Keys().deployment_log("d-004"), {"service": "db", "line": "vacuum took 9s"})
    ends = T0 + timedelta(days=365)
    created = a.SilenceCreatedPayload(
        silence_id="s1", matchers=[a.Matcher(label="service", value="db")], starts_at=T0, ends_at=ends, created_by="bo"
    )
    await publish(redis_client, *story(4, "staging", "ana", ["db"]), SilenceCreated(occurred_at=T0, payload=created))
    projector = Projector(redis_client, KEYS)
    assert await rebuild(redis_client, Keys(), projector) == 4
    model = ReadModel(redis_client, KEYS)
    before = (await model.search("vacuum", DeploymentQuery()), await model.silences(now=T0))
    await projector.clear()
    assert (await model.search("vacuum", DeploymentQuery())).items == []
    await rebuild(redis_client, Keys(), projector)
    after = (await model.search("vacuum", DeploymentQuery()), await model.silences(now=T0))
    assert after == before and [h.deployment.id for h in after[0].items] == ["d-004"]
    assert [s.silence_id for s in after[1]] == ["s1"] and await model.services("staging")

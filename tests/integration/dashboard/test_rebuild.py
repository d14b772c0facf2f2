"""The read model rebuilt from the events stream alone: from scratch, and again after its keys were lost."""

import asyncio

from redis.asyncio import Redis

from services.dashboard.readmodel.queries import ReadModel
from services.dashboard.readmodel.rebuild import keep_built, rebuild
from services.dashboard.readmodel.store import ReadModelWriter
from shared.keys.dashboard import DashboardKeys
from shared.streams import Keys
from shared.tasks import cancel_all
from tests.support.alerting import publish
from tests.support.dashboard_stories import story
from tests.support.inprocess import eventually

KEYS = DashboardKeys.of(Keys())


async def test_a_rebuild_folds_every_event_on_the_stream_and_skips_what_is_not_one(redis_client: Redis) -> None:
    for n in range(1, 4):
        await publish(redis_client, *story(n, "staging", "ana", ["api"]))
    await redis_client.xadd(Keys().events, {"data": b"{not json"})
    applied = await rebuild(redis_client, Keys(), ReadModelWriter(redis_client, KEYS))
    assert applied == 9
    model = ReadModel(redis_client, KEYS)
    views = [await model.deployment(f"d-00{n}") for n in range(1, 4)]
    assert [v.status if v else None for v in views] == ["succeeded"] * 3
    assert await redis_client.exists(KEYS.built)


async def test_lost_keys_are_noticed_and_the_model_is_built_again(redis_client: Redis) -> None:
    await publish(redis_client, *story(5, "staging", "bo", ["api"]))
    writer = ReadModelWriter(redis_client, KEYS)
    watching = asyncio.create_task(keep_built(redis_client, Keys(), writer, every_s=0.05))
    model = ReadModel(redis_client, KEYS)
    try:
        await eventually(lambda: model.deployment("d-005"))
        await writer.clear()  # as a flush or a cleanup would
        assert await model.deployment("d-005") is None and await redis_client.exists(Keys().events)
        await eventually(lambda: model.deployment("d-005"))
    finally:
        await cancel_all([watching])
    view = await model.deployment("d-005")
    assert view is not None and view.requested_by == "bo" and len(await model.timeline("d-005")) == 3

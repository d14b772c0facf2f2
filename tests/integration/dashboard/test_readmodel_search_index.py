"""The search index on a real Redis: a deployment in flight found by its log so far, then by the index once it
ended; a word most of the history has kept as a bitmap past the real threshold, paged through filters; and indexing
again leaving every key as it was."""

from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

from services.dashboard.domain.query import DeploymentQuery
from services.dashboard.domain.search import BITMAP_FROM, bucket_of
from services.dashboard.readmodel.projector import Projector
from services.dashboard.readmodel.queries import ReadModel
from shared.keys.dashboard import DashboardKeys
from shared.streams import Keys
from tests.support.dashboard_stories import story

KEYS = DashboardKeys.of(Keys())


async def log(redis: Redis, deployment_id: str, service: str, *lines: str) -> None:
    for line in lines:
        fields: dict[FieldT, EncodableT] = {"service": service, "stream": "stdout", "line": line}
        await redis.xadd(Keys().deployment_log(deployment_id), fields)


async def ids(model: ReadModel, text: str, query: DeploymentQuery | None = None) -> list[str]:
    page = await model.search(text, query or DeploymentQuery(limit=200))
    return [hit.deployment.id for hit in page.items]


async def test_a_deployment_in_flight_is_found_by_its_log_so_far_then_by_the_index(redis_client: Redis) -> None:
    projector, model = Projector(redis_client, KEYS), ReadModel(redis_client, KEYS)
    requested, started, ended = story(7, "production", "ana", ["api"])
    await projector.apply(requested)
    await projector.apply(started)
    await log(redis_client, "d-007", "api", "waiting for rollout of api-v2")
    assert await ids(model, "rollout") == ["d-007"]
    assert await redis_client.sismember(KEYS.in_flight, "d-007")
    await log(redis_client, "d-007", "api", "rollout finished")
    await projector.apply(ended)
    assert not await redis_client.sismember(KEYS.in_flight, "d-007")
    assert await ids(model, "rollout finished") == ["d-007"]
    assert await redis_client.hexists(KEYS.postings(bucket_of("finished")), "finished")  # the index's now


async def test_search_pages_through_filters_and_common_words_become_bitmaps(redis_client: Redis) -> None:
    projector, model = Projector(redis_client, KEYS), ReadModel(redis_client, KEYS)
    count = BITMAP_FROM + 44
    for n in range(count):
        for event in story(n, "staging" if n % 3 else "production", "ana" if n % 2 else "bo", ["api"]):
            await projector.apply(event)
    assert await redis_client.exists(KEYS.term_bits("api")) and not await redis_client.exists(KEYS.term("api"))
    assert await redis_client.exists(KEYS.term("production"))  # a third of them: still a set
    seen, cursor = [], None
    while True:
        query = DeploymentQuery(environment="staging", who="ana", cursor=cursor, limit=17)
        page = await model.search("api", query)
        seen += [hit.deployment.id for hit in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [f"d-{n:03}" for n in reversed(range(count)) if n % 3 and n % 2]
    assert await ids(model, "api production", DeploymentQuery(who="bo", limit=200)) == [
        f"d-{n:03}" for n in reversed(range(count)) if n % 3 == 0 and n % 2 == 0
    ]


async def dump(redis: Redis, key: bytes) -> bytes | None:
    """The key's value, serialized by Redis (so two equal values compare equal, whatever their type)."""
    return await redis.dump(key)


async def test_indexing_again_changes_nothing(redis_client: Redis) -> None:
    projector, model = Projector(redis_client, KEYS), ReadModel(redis_client, KEYS)
    await log(redis_client, "d-003", "db", "migration 0042 applied")
    events = story(3, "staging", "ana", ["db"])
    for event in [*events, *events, events[-1]]:
        await projector.apply(event)
    before = {key: await dump(redis_client, key) async for key in redis_client.scan_iter(match=f"{KEYS.base}:*")}
    view = await model.deployment("d-003")
    assert view is not None
    await projector.index.index(view)
    after = {key: await dump(redis_client, key) async for key in redis_client.scan_iter(match=f"{KEYS.base}:*")}
    assert after == before and await redis_client.get(KEYS.seq_counter) == b"1"
    assert await ids(model, "migration 0042") == ["d-003"]

"""The history's text search on a real Redis: words of the reasons, failures and command logs found through the
inverted index (sets, then bitmaps), the ones in flight read as they are, filters and pages, and a snippet of the
matching line; the same however often the events are applied, and the same after a rebuild."""

from datetime import UTC, datetime
from typing import cast

import pytest
from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

from services.dashboard.domain import search
from services.dashboard.domain.query import DeploymentQuery
from services.dashboard.domain.terms import SearchTextError
from services.dashboard.readmodel import log_scan, search_filters
from services.dashboard.readmodel.projector import Projector
from services.dashboard.readmodel.queries import ReadModel
from services.dashboard.readmodel.rebuild import rebuild
from shared.events import Event
from shared.keys.dashboard import DashboardKeys
from shared.streams import Keys
from tests.support.alerting import publish
from tests.support.dashboard_stories import story

KEYS = DashboardKeys.of(Keys())


async def log(redis: Redis, deployment_id: str, *lines: tuple[str, str]) -> None:
    for service, line in lines:
        fields: dict[FieldT, EncodableT] = {"service": service, "stream": "stdout", "line": line}
        await redis.xadd(Keys().deployment_log(deployment_id), fields)


async def deploy(projector: Projector, events: list[Event]) -> None:
    for event in events:
        await projector.apply(event)


async def history(redis: Redis) -> tuple[Projector, ReadModel]:
    """d-001..d-006 ended, each with a log; d-007 in flight, its log so far."""
    projector = Projector(redis, KEYS)
    for n in range(1, 7):
        environment = "production" if n % 2 else "staging"
        await log(redis, f"d-{n:03}", ("api", f"pulling image api:1.{n}"), ("api", "health check passed"))
        if n in (2, 5):
            await log(redis, f"d-{n:03}", ("web", "ERROR connection refused by db-primary after 3 tries"))
        await deploy(projector, story(n, environment, "ana", ["api", "web"], ok=n != 5))
    await log(redis, "d-007", ("api", "waiting on db-primary: connection refused"))
    await deploy(projector, story(7, "staging", "bo", ["api"])[:2])
    return projector, ReadModel(redis, KEYS)


async def test_words_of_the_log_find_the_deployment_with_the_line_that_has_them(redis_client: Redis) -> None:
    _, model = await history(redis_client)
    page = await model.search("connection refused", DeploymentQuery())
    assert [h.deployment.id for h in page.items] == ["d-007", "d-005", "d-002"] and page.next_cursor is None
    hit = page.items[1]
    assert (hit.where, hit.snippet) == ("log web", "ERROR connection refused by db-primary after 3 tries")
    assert hit.log_id is not None and page.items[0].deployment.status == "running"
    failed = await model.search("exit", DeploymentQuery())
    assert [(h.deployment.id, h.where, h.snippet) for h in failed.items] == [("d-005", "failure", "exit 3")]
    assert [h.deployment.id for h in (await model.search("DB", DeploymentQuery())).items] == ["d-007", "d-005", "d-002"]


async def test_search_goes_through_the_filters_and_pages_without_gap_or_repeat(redis_client: Redis) -> None:
    projector, model = await history(redis_client)
    production = await model.search("refused", DeploymentQuery(environment="production"))
    assert [h.deployment.id for h in production.items] == ["d-005"]
    assert (await model.search("refused", DeploymentQuery(status="succeeded"))).items[0].deployment.id == "d-002"
    seen, page = [], await model.search("health", DeploymentQuery(limit=2))
    seen += [h.deployment.id for h in page.items]
    await log(redis_client, "d-008", ("api", "health check passed"))
    await deploy(projector, story(8, "staging", "cy", ["api"]))  # newer than every page: not in the ones after
    while page.next_cursor:
        page = await model.search("health", DeploymentQuery(limit=2, cursor=page.next_cursor))
        seen += [h.deployment.id for h in page.items]
    assert seen == [f"d-{n:03}" for n in range(6, 0, -1)]


async def test_a_lines_service_counts_as_a_word_of_it_and_a_long_log_is_read_in_part_for_both_words(
    redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    projector = Projector(redis_client, KEYS)
    await log(redis_client, "d-001", ("web", "cache warmed"), ("api", "cache warmed in 3s"))
    await deploy(projector, story(1, "staging", "ana", ["api", "web"]))
    model = ReadModel(redis_client, KEYS)
    hit = (await model.search("api warmed", DeploymentQuery())).items[0]
    assert (hit.where, hit.snippet) == ("log api", "cache warmed in 3s")  # the web line has one word, the api's both
    monkeypatch.setattr(log_scan, "LEAST_SCAN_LINES", 1)
    monkeypatch.setattr(log_scan, "PAGE_SCAN_LINES", 1)  # a page's scan for both words ends at each log's first line
    hit = (await model.search("api warmed", DeploymentQuery())).items[0]
    assert (hit.where, hit.snippet) == ("log web", "cache warmed")  # then the first line with either word
    assert log_scan.scan_budget(1) == 1 and log_scan.scan_budget(0) == 1


async def test_a_line_the_scripts_looser_word_test_passes_is_looked_past(redis_client: Redis) -> None:
    await log(redis_client, "d-001", ("api", "version a1.b2.c3"), ("api", "b2.c3 released"), ("web", "b2 up"))
    scanner = log_scan.LogScanner(redis_client, KEYS)
    (found,) = await scanner.page_lines(["d-001"], ["b2.c3"])  # in the first line, b2.c3 is no word of its own
    assert found is not None and found.every and found.found[1:] == ("api", "b2.c3 released")
    (either,) = await scanner.page_lines(["d-001"], ["b2.c3", "web"])
    assert either is not None and not either.every and either.found[1:] == ("api", "b2.c3 released")
    assert await scanner.page_lines(["d-001"], ["c3.d4"]) == [None]


async def test_filters_that_pass_few_and_filters_read_in_batches_answer_the_same(
    redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, model = await history(redis_client)
    queries = [
        DeploymentQuery(environment="production"),
        DeploymentQuery(environment="staging", status="succeeded", limit=1),
        DeploymentQuery(service="web", since=datetime(2000, 1, 1, tzinfo=UTC)),
        DeploymentQuery(who="nobody"),
    ]

    async def answers() -> list[list[str]]:
        found = []
        for query in queries:
            page, ids = await model.search("health", query), []
            ids += [h.deployment.id for h in page.items]
            while page.next_cursor:
                page = await model.search("health", query.model_copy(update={"cursor": page.next_cursor}))
                ids += [h.deployment.id for h in page.items]
            found.append(ids)
        return found

    few = await answers()
    monkeypatch.setattr(search_filters, "FEW_PASSING", 0)  # every filter passes too many: batches in Redis
    assert await answers() == few
    assert few[0] == ["d-005", "d-003", "d-001"] and few[1] == ["d-006", "d-004", "d-002"] and few[3] == []


async def test_a_text_with_no_word_is_refused_and_an_unknown_word_finds_nothing(redis_client: Redis) -> None:
    _, model = await history(redis_client)
    with pytest.raises(SearchTextError, match="no word to search for"):
        await model.search("<>;", DeploymentQuery())
    assert (await model.search("kubernetes", DeploymentQuery())).items == []


async def postings(redis: Redis, term: str) -> tuple[bytes | None, set[bytes], bytes | None]:
    """Where the index holds `term`: its bucket field, its set, its bitmap."""
    held = cast(bytes | None, await redis.hget(KEYS.postings(search.bucket_of(term)), term))
    members = cast(set[bytes], await redis.smembers(KEYS.term(term)))
    return held, members, cast(bytes | None, await redis.get(KEYS.term_bits(term)))


async def test_a_word_moves_from_its_bucket_to_a_set_to_a_bitmap_and_is_found_the_same(
    redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "FEW", 1)
    monkeypatch.setattr(search, "BITMAP_FROM", 2)
    _, model = await history(redis_client)
    assert await postings(redis_client, "exit") == (b"5", set(), None)  # one deployment: a field of a bucket
    assert await postings(redis_client, "primary") == (None, {b"2", b"5"}, None)  # two: a set
    held, members, bits = await postings(redis_client, "pulling")  # six: a bitmap
    assert held is None and members == set() and bits is not None and search.bit_positions(bits) == set(range(1, 7))
    both = await model.search("pulling refused", DeploymentQuery())
    assert [h.deployment.id for h in both.items] == ["d-005", "d-002"]
    first = both.items[0]  # no line has both words: the first line with either
    assert (first.where, first.snippet) == ("log api", "pulling image api:1.5")
    assert [h.deployment.id for h in (await model.search("exit", DeploymentQuery())).items] == ["d-005"]


async def test_applying_everything_again_or_rebuilding_leaves_the_same_answers(redis_client: Redis) -> None:
    projector, model = await history(redis_client)
    before = await model.search("refused", DeploymentQuery())
    assert await postings(redis_client, "refused") == (b"2,5", set(), None)
    await history(redis_client)  # every event applied a second time
    assert await model.search("refused", DeploymentQuery()) == before
    assert await postings(redis_client, "refused") == (b"2,5", set(), None)
    for n in range(1, 7):
        await publish(redis_client, *story(n, "production" if n % 2 else "staging", "ana", ["api", "web"], ok=n != 5))
    await publish(redis_client, *story(7, "staging", "bo", ["api"])[:2])
    await projector.clear()  # as a lost Redis would: the logs are the coordinator's and stay
    assert (await model.search("refused", DeploymentQuery())).items == []
    await rebuild(redis_client, Keys(), projector)
    again = await model.search("refused", DeploymentQuery())
    assert [(h.deployment.id, h.snippet) for h in again.items] == [(h.deployment.id, h.snippet) for h in before.items]

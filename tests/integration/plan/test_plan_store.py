"""Plan revisions in a real Redis: numbered, validated first, pinned by number, safe when applies race."""

import asyncio
from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis

from shared.keys.plan import PlanKeys
from shared.plan import PlanError
from shared.plan.store import PlanStore
from shared.streams import Keys
from tests.unit.plan.helpers import base, dump

FIRST = dump(base())


def _second() -> str:
    data = base()
    data["services"]["worker"] = {"kind": "job", "deploy": ["./worker.sh"]}
    return dump(data)


async def test_an_empty_store_has_no_current_plan(redis_client: Redis) -> None:
    store = PlanStore(redis_client)
    assert await store.current() is None
    assert await store.current_revision() is None
    assert await store.get(1) is None


async def test_each_apply_is_a_new_revision_and_old_ones_stay_readable(redis_client: Redis) -> None:
    applied_at = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
    store = PlanStore(redis_client, clock=lambda: applied_at)
    assert await store.apply(FIRST, source="a.yaml") == 1
    assert await store.apply(_second(), source="b.yaml") == 2
    current = await store.current()
    assert current is not None
    assert (current.revision, current.source, current.text) == (2, "b.yaml", _second())
    assert sorted(current.plan.services) == ["api", "worker"]
    assert current.applied_at == applied_at
    pinned = await store.get(1)
    assert pinned is not None
    assert (pinned.text, sorted(pinned.plan.services)) == (FIRST, ["api"])


async def test_the_stored_text_keeps_secret_references_unresolved(redis_client: Redis) -> None:
    data = base()
    data["alerting"] = {"channels": {"ops": {"type": "slack", "webhook_url": "${SLACK_WEBHOOK_URL}"}}}
    revision = await PlanStore(redis_client).apply(dump(data))
    stored = await redis_client.hget(PlanKeys.of(Keys()).revision(revision), "text")
    assert stored is not None and b"${SLACK_WEBHOOK_URL}" in stored


async def test_an_invalid_plan_is_refused_and_nothing_is_stored(redis_client: Redis) -> None:
    with pytest.raises(PlanError) as caught:
        await PlanStore(redis_client).apply("version: 1\nservices: {api: {depnds_on: []}}\n", source="bad.yaml")
    assert "services.api.depnds_on: unknown key 'depnds_on'; did you mean 'depends_on'?" in str(caught.value)
    assert await redis_client.keys("*") == []


async def test_keys_live_under_the_prefix(redis_client: Redis) -> None:
    await PlanStore(redis_client, prefix="team-a").apply(FIRST)
    keys = sorted(await redis_client.keys("*"))
    assert keys == [b"team-a:plan:counter", b"team-a:plan:current", b"team-a:plan:rev:1"]
    assert await PlanStore(redis_client, prefix="team-b").current() is None


async def test_racing_applies_get_distinct_gapless_revisions(redis_client: Redis) -> None:
    store = PlanStore(redis_client)
    texts = [FIRST.replace("./deploy.sh", f"./deploy-{n}.sh") for n in range(12)]
    revisions = await asyncio.gather(*(store.apply(text) for text in texts))
    assert sorted(revisions) == list(range(1, 13))
    assert await store.current_revision() == 12
    for revision, text in zip(revisions, texts, strict=True):
        stored = await store.get(revision)
        assert stored is not None and stored.text == text


async def test_a_client_that_decodes_responses_works_too(redis_url: str) -> None:
    client = Redis.from_url(redis_url, decode_responses=True)
    try:
        store = PlanStore(client)
        await store.apply(FIRST)
        current = await store.current()
        assert current is not None
        assert (current.revision, current.text, sorted(current.plan.services)) == (1, FIRST, ["api"])
    finally:
        await client.aclose()

"""The active alerts' index on a real Redis: a resolution finds the alerts of its environment and rule through it,
alerts stored before the index existed are indexed at first use, and an index entry whose alert is gone is skipped."""

import pytest
from redis.asyncio import Redis

from services.alerter.domain.changes import Fire, Resolve
from services.alerter.store import AlertStore
from shared.keys.alerter import AlerterKeys
from shared.plan.alerting import Alerting
from shared.streams import Keys
from shared.text import text
from tests.unit.alerter.helpers import alert

pytestmark = pytest.mark.integration
KEYS = AlerterKeys.of(Keys())
ALERTING = Alerting.model_validate({"channels": {"hook": {"type": "webhook", "url": "http://127.0.0.1:9/hook"}}})


def texts_of(found: set[bytes | str]) -> set[str]:
    return {text(member) for member in found}


async def members(redis: Redis, key: str) -> set[str]:
    return texts_of(await redis.smembers(key))


async def test_a_resolution_takes_its_environment_and_rule_only_and_keeps_the_index_with_the_alerts(
    redis_client: Redis,
) -> None:
    store = AlertStore(redis_client, KEYS, 60)
    api, web = alert(service="api"), alert(service="web")
    staging = alert(service="api", environment="staging")
    failed = alert("deployment-failed", severity="critical", service=None, deployment_id="d-1")
    await store.apply("e-1", [Fire(api), Fire(web), Fire(staging), Fire(failed)], ALERTING)
    assert await members(redis_client, KEYS.active_named("production", "health-degraded")) == {
        api.fingerprint,
        web.fingerprint,
    }
    assert len(await members(redis_client, KEYS.active_in("production"))) == 3

    await store.apply("e-2", [Resolve("production", ("health-degraded",), service="api")], ALERTING)
    assert {a.fingerprint for a in await store.active()} == {web.fingerprint, staging.fingerprint, failed.fingerprint}
    assert await members(redis_client, KEYS.active_named("production", "health-degraded")) == {web.fingerprint}
    assert await members(redis_client, KEYS.active_in("production")) == {web.fingerprint, failed.fingerprint}
    assert [a.fingerprint for a in await store.index.active_in(["staging"])] == [staging.fingerprint]


async def test_alerts_stored_before_the_index_are_indexed_at_first_use_and_a_stale_entry_is_skipped(
    redis_client: Redis,
) -> None:
    old, gone = alert(service="api"), alert(service="db")
    await redis_client.hset(KEYS.alerts, old.fingerprint, old.model_dump_json())  # as an older alerter left it
    await redis_client.sadd(KEYS.active_named("production", "health-degraded"), gone.fingerprint)
    store = AlertStore(redis_client, KEYS, 60)
    assert [a.fingerprint for a in await store.index.active_in(["production"])] == [old.fingerprint]
    assert await redis_client.exists(KEYS.active_indexed)
    await store.apply("e-3", [Resolve("production", ("health-degraded",))], ALERTING)
    assert await store.active() == [] and await members(redis_client, KEYS.active_in("production")) == set()

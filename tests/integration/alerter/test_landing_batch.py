"""Events landed together (services/alerter/landing.py) on a real Redis: each is decided on the state the ones
before it in the batch left, exactly as one after the other: a new group due at once is flushed and its
notification staged in the landing's write, an alert joining that group in the same batch is left to the clock,
and an event seen twice lands once."""

import asyncio
import time

import pytest
from redis.asyncio import Redis

from services.alerter.active_index import ActiveIndex
from services.alerter.channels.http_client import HttpClient
from services.alerter.deliveries import Sender, delivery_member
from services.alerter.domain.changes import Fire
from services.alerter.domain.grouping import Group
from services.alerter.domain.routing import route
from services.alerter.flusher import Flusher
from services.alerter.landing import Landing
from services.alerter.links import LinkMaker
from services.alerter.rollouts import Rollouts
from shared.bus.publisher import EventPublisher
from shared.keys.alerter import AlerterKeys
from shared.plan.cache import PlanCache
from shared.plan.model import Plan
from shared.settings import Settings
from shared.streams import Keys
from tests.unit.alerter.helpers import alert

pytestmark = pytest.mark.integration
KEYS = AlerterKeys.of(Keys())
PLAN = Plan.model_validate(
    {
        "version": 1,
        "environments": {"production": {}},
        "services": {"api": {"kind": "job", "deploy": ["true"]}},
        "alerting": {"channels": {"hook": {"type": "webhook", "url": "http://127.0.0.1:9/hook"}}, "group_wait": "0s"},
    }
)


def landing_on(redis: Redis, client: HttpClient) -> Landing:
    plans = PlanCache(None)  # type: ignore[arg-type]  # the landing never reads a plan: it is given one
    sender = Sender(
        redis,
        KEYS,
        plans,
        EventPublisher(redis, Keys(), producer="alerter"),
        LinkMaker(redis, KEYS, Settings()),
        client,
        30,
    )
    flusher = Flusher(redis, KEYS, plans, sender, None, Rollouts(redis, KEYS))  # type: ignore[arg-type]  # unused
    return Landing(redis, KEYS, flusher, ActiveIndex(redis, KEYS), 60)


async def test_a_batch_lands_as_its_events_would_one_after_the_other(redis_client: Redis) -> None:
    client = HttpClient()
    landing = landing_on(redis_client, client)
    now = time.time()
    first = alert("deployment-failed", severity="critical", service=None, deployment_id="d-1", starts_at=now)
    joining = alert("rollback-failed", severity="critical", service=None, deployment_id="d-1", starts_at=now)
    other = alert("deployment-failed", severity="critical", service=None, deployment_id="d-0", starts_at=now)
    await redis_client.config_resetstat()
    try:
        alone, *together = await asyncio.gather(
            landing.fires("e-0", [Fire(other)], PLAN, []),  # lands at once, alone
            landing.fires("e-1", [Fire(first)], PLAN, []),  # these three come while it is in flight
            landing.fires("e-2", [Fire(joining)], PLAN, []),
            landing.fires("e-1", [Fire(first)], PLAN, []),  # a redelivery in the same batch
        )
    finally:
        await client.aclose()
    created, joined, again = together
    swaps = (await redis_client.info("commandstats"))["cmdstat_evalsha"]
    assert swaps["calls"] - swaps["failed_calls"] == 2  # one swap per batch (the first failed call: NOSCRIPT)
    assert len(alone.staged) == 1 and len(created.staged) == 1  # new groups, flushed in the landing's write
    assert joined.staged == [] and joined.due_at is not None  # its group was told: the clock sends the update
    assert again.staged == [] and again.due_at is None  # landed once
    assert await redis_client.hlen(KEYS.deliveries) == 2
    for pending in (alone.staged[0], created.staged[0]):
        assert await redis_client.zscore(KEYS.due, delivery_member(pending.id)) is not None  # leased to us
    [group_key] = {routed.group_key for routed in route(first, PLAN.alerting)}
    stored = Group.model_validate_json(await redis_client.get(KEYS.group(group_key)) or b"")
    assert set(stored.alerts) == {first.fingerprint, joining.fingerprint}
    assert stored.told == [first.fingerprint]
    assert int(await redis_client.get(KEYS.alert(first.fingerprint)) or 0) == 1  # fired once, not twice

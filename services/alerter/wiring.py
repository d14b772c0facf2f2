"""Builds one alerter replica: the handlers that turn events into alerts, and the clock that sends them."""

import logging
import time

from shared.bus.handlers import Handlers
from shared.due import DueWork
from shared.events import AlertAcknowledged, DigestReady, Event, SilenceCreated, SilenceExpired
from shared.keys.alerter import AlerterKeys
from shared.plan.alerting import Alerting
from shared.plan.model import is_production
from shared.runtime import ServiceContext

from .ack import ack_routes
from .channels.http_client import HttpClient
from .clock import Clock
from .deliveries import Sender
from .digests import Digests
from .domain.changes import Fire
from .domain.rollouts import ROLLOUT_EVENTS, facts
from .domain.rules import RULE_EVENTS, evaluate
from .escalator import Escalator
from .flusher import Flusher
from .landing import Landing
from .links import LinkMaker
from .rollouts import Rollouts
from .store import AlertStore

log = logging.getLogger("flightdeck.alerter")
ENDED_SILENCES_KEPT_S = 86400


def build(context: ServiceContext) -> Handlers:
    keys, redis, settings = AlerterKeys.of(context.keys), context.redis, context.settings
    store = AlertStore(redis, keys, settings.idempotency_ttl)
    client = HttpClient()
    links = LinkMaker(redis, keys, settings)
    sender = Sender(redis, keys, context.plans, context.publisher, links, client, settings.alert_lease)
    due = DueWork(redis, keys.due, settings.alert_lease)
    escalator = Escalator(redis, keys, store, context.plans, sender, context.publisher)
    rollouts = Rollouts(redis, keys)
    flusher = Flusher(redis, keys, context.plans, sender, escalator, rollouts)
    clock = Clock(due, flusher, escalator, sender)
    landing = Landing(redis, keys, flusher, store.index, settings.idempotency_ttl)
    digests = Digests(redis, keys, context.plans, sender)

    async def alerting(event: Event) -> None:
        stored = await context.plans.current()
        plan = stored.plan if stored else None
        changes = evaluate(event, lambda name: is_production(name, plan.environments.get(name) if plan else None))
        fires = [change for change in changes if isinstance(change, Fire)]
        if plan is not None and changes and len(fires) == len(changes):  # two round trips, sent without the clock
            landed = await landing.fires(event.event_id, fires, plan, facts(event))
            clock.start(landed.staged)
            if landed.due_at is not None and landed.due_at <= time.time():
                due.wake.set()
            return
        await rollouts.record(event)
        if not changes:
            return
        if plan is None:
            log.warning(
                "no plan applied yet: %s is recorded but has no channels to go to",
                event.type,
                extra={"event_id": event.event_id, "deployment_id": event.deployment_id},
            )
        due_at = await store.apply(event.event_id, changes, plan.alerting if plan else Alerting())
        if due_at is not None and due_at <= time.time():
            due.wake.set()

    async def acknowledged(event: AlertAcknowledged) -> None:
        payload = event.payload
        await store.acknowledge(payload.fingerprint, payload.by, payload.via, event.occurred_at.timestamp())
        log.info(
            "alert acknowledged by %s via %s",
            payload.by,
            payload.via,
            extra={"event_id": event.event_id, "fingerprint": payload.fingerprint},
        )

    async def silenced(event: SilenceCreated) -> None:
        payload = event.payload
        await redis.hset(keys.silences, payload.silence_id, payload.model_dump_json())
        await _prune_silences(context, keys)
        log.info(
            "silence %s until %s", payload.silence_id, payload.ends_at.isoformat(), extra={"event_id": event.event_id}
        )

    async def unsilenced(event: SilenceExpired) -> None:
        await redis.hdel(keys.silences, event.payload.silence_id)

    context.background.append(clock.run_forever)
    context.closing.append(client.aclose)
    context.routes.extend(ack_routes(links, context.publisher, keys))
    return (
        Handlers()
        .on_any(dict.fromkeys((*RULE_EVENTS, *ROLLOUT_EVENTS)), alerting)  # once per class: several are in both
        .on(AlertAcknowledged, acknowledged)
        .on(SilenceCreated, silenced)
        .on(SilenceExpired, unsilenced)
        .on(DigestReady, digests.handle)
    )


async def _prune_silences(context: ServiceContext, keys: AlerterKeys) -> None:
    from shared.events.alerting import SilenceCreatedPayload

    raw = await context.redis.hgetall(keys.silences)
    cutoff = time.time() - ENDED_SILENCES_KEPT_S
    ended = [
        name
        for name, value in raw.items()
        if SilenceCreatedPayload.model_validate_json(value).ends_at.timestamp() < cutoff
    ]
    if ended:
        await context.redis.hdel(keys.silences, *ended)

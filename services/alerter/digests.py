"""digest-ready from the dashboard's scheduler, sent to the digest's channels through the same deliveries as alerts
(retried with backoff, paced for Slack, logged, reported as alert-sent or alert-failed). A notification already
sent or already being sent is left alone, so a digest redelivered is not sent twice."""

import logging
import time

from redis.asyncio import Redis

from shared.events import DigestReady
from shared.keys.alerter import AlerterKeys
from shared.plan.cache import PlanCache

from .deliveries import Sender
from .domain.digests import digest_notifications

log = logging.getLogger("flightdeck.alerter.digests")


class Digests:
    def __init__(self, redis: Redis, keys: AlerterKeys, plans: PlanCache, sender: Sender) -> None:
        self.redis, self.keys, self.plans, self.sender = redis, keys, plans, sender

    async def handle(self, event: DigestReady) -> None:
        stored = await self.plans.current()
        where = {"event_id": event.event_id, "environment": event.environment}
        if stored is None:
            log.warning("a digest arrived before any plan was applied: it has no channels to go to", extra=where)
            return
        now = time.time()
        made = digest_notifications(event, dict(stored.plan.alerting.channels), now)
        if made.missing:
            log.warning("the digest names channels the plan no longer has: %s", ", ".join(made.missing), extra=where)
        fresh = []
        for notification in made.notifications:
            sent = await self.redis.exists(self.keys.sent(notification.id))
            if not sent and not await self.redis.hexists(self.keys.deliveries, notification.id):
                fresh.append(notification)
        if not fresh:
            return
        async with self.redis.pipeline(transaction=True) as pipe:
            for notification in fresh:
                self.sender.stage(pipe, notification, now)
            await pipe.execute()
        for notification in fresh:
            await self.sender.send(notification.id)

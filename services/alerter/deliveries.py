"""Sending one notification to one channel, at least once: retried with backoff until its deadline, logged, and
reported as alert-sent or alert-failed. A failing channel never holds up another: each send is its own entry."""

import logging
import os
import time

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared import logs
from shared.bus.publisher import EventPublisher
from shared.group_commit import GroupCommit
from shared.keys.alerter import AlerterKeys
from shared.plan.alerting import Channel, EmailChannel, SlackChannel, WebhookChannel
from shared.plan.alerting import Delivery as DeliveryPolicy
from shared.plan.cache import PlanCache
from shared.plan.secrets import MissingSecretError, resolve_secrets

from . import channels
from .channels.email import thread_root_for
from .channels.http_client import HttpClient
from .domain.alert import Delivered, Notification, Retry, SendOutcome
from .domain.sending import GiveUp, PendingNotification, after_failure
from .links import LinkMaker
from .metrics import EVENT_TO_SENT, NOTIFICATIONS
from .notification_log import context, log_entry, report
from .pacing import Pacer

log = logging.getLogger("flightdeck.alerter.delivery")
SENT_TTL_S = 7 * 86400


def _secret_values(channel: SlackChannel | EmailChannel | WebhookChannel) -> list[str | None]:
    if isinstance(channel, SlackChannel):
        return [channel.webhook_url]
    if isinstance(channel, WebhookChannel):
        return [channel.url, channel.secret]
    return [channel.smtp.password]


def delivery_member(delivery_id: str) -> str:
    return f"d:{delivery_id}"


class Sender:
    def __init__(
        self,
        redis: "Redis",
        keys: AlerterKeys,
        plans: PlanCache,
        publisher: EventPublisher,
        links: LinkMaker,
        client: HttpClient,
        lease_s: float,
    ) -> None:
        self.redis, self.keys, self.plans, self.publisher = redis, keys, plans, publisher
        self.links, self.client, self.lease_s = links, client, lease_s
        self.pacer = Pacer(redis, keys)
        self.commits = GroupCommit(redis)

    def stage(self, pipe: Pipeline, notification: Notification, now: float) -> PendingNotification:
        """Adds the notification to a transaction, leased to the caller, who sends it right after the commit."""
        pending = PendingNotification(id=notification.id, notification=notification, first_at=now)
        pipe.hset(self.keys.deliveries, pending.id, pending.model_dump_json())
        pipe.zadd(self.keys.due, {delivery_member(pending.id): now + self.lease_s})
        return pending

    async def send(self, delivery_id: str) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.hget(self.keys.deliveries, delivery_id)
            pipe.exists(self.keys.sent(delivery_id))
            raw, sent = await pipe.execute()
        if raw is None or sent:
            await self._forget(delivery_id)
            return
        await self.deliver(PendingNotification.model_validate_json(raw))

    async def deliver(self, pending: PendingNotification) -> None:
        """Tries a notification now: one read by `send`, or one just staged by the caller, who holds its lease."""
        notification = pending.notification
        stored = await self.plans.current()
        alerting = stored.plan.alerting if stored else None
        channel: Channel | None = alerting.channels.get(notification.channel) if alerting else None
        if alerting is None or channel is None:
            await self._give_up(pending, f"channel {notification.channel!r} is no longer in the plan")
            return
        try:
            channel = resolve_secrets(channel, os.environ, where=f"alerting.channels.{notification.channel}")
        except MissingSecretError as exc:
            await self._give_up(pending, f"set {', '.join(exc.names)} in the alerter's environment")
            return
        logs.redact(*_secret_values(channel))
        if channel.type == "slack":
            wait_until = await self.pacer.reserve(notification.channel)
            if wait_until is not None:
                await self.redis.zadd(self.keys.due, {delivery_member(pending.id): wait_until})
                return
        outcome = await self._attempt(pending, channel)
        await self._record(pending.model_copy(update={"attempts": pending.attempts + 1}), outcome, alerting.delivery)

    async def _attempt(
        self, pending: PendingNotification, channel: SlackChannel | EmailChannel | WebhookChannel
    ) -> SendOutcome:
        notification = pending.notification
        try:
            links = await self.links.links(notification)
            return await channels.send(
                notification, links, channel, self.client, thread_root=thread_root_for(notification.group_key)
            )
        except Exception as exc:  # a bug here must not lose the notification: it is retried
            log.exception("sending failed unexpectedly", extra=context(pending))
            return Retry(reason=f"unexpected {type(exc).__name__}")

    async def _record(self, tried: PendingNotification, outcome: SendOutcome, policy: DeliveryPolicy) -> None:
        """Applies what the try came to; `tried` counts it in its attempts."""
        now, n = time.time(), tried.notification
        if isinstance(outcome, Delivered):
            await self._sent(tried, now)
            return
        if isinstance(outcome, Retry) and outcome.after_s and n.channel_type == "slack":
            await self.pacer.hold(n.channel, now + outcome.after_s)
        verdict = after_failure(tried, outcome, now, policy)
        if isinstance(verdict, GiveUp):
            await self._give_up(tried, verdict.reason, now)
            return
        again = tried.model_copy(update={"last_error": verdict.reason})
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(self.keys.deliveries, tried.id, again.model_dump_json())
            pipe.zadd(self.keys.due, {delivery_member(tried.id): verdict.at})
            await pipe.execute()
        NOTIFICATIONS.labels(n.channel_type, "retried").inc()
        log.warning(
            "notification not sent; retrying in %.1fs: %s",
            verdict.at - now,
            verdict.reason,
            extra=context(tried) | {"attempts": tried.attempts},
        )

    async def _sent(self, tried: PendingNotification, now: float) -> None:
        n = tried.notification

        def queue(pipe: Pipeline) -> None:  # its alert-sent goes out with it, or neither
            pipe.set(self.keys.sent(tried.id), 1, ex=SENT_TTL_S)
            log_entry(pipe, self.keys, tried, "sent", "", now)
            self._remove(pipe, tried.id)
            self.publisher.queue(pipe, report(True, tried, ""))

        await self.commits.write(queue)  # with the others sent meanwhile: one round trip for many under load
        log.info("notification sent", extra=context(tried) | {"attempts": tried.attempts})
        NOTIFICATIONS.labels(n.channel_type, "sent").inc()
        if (alerts := [*n.firing, *n.resolved]) and n.kind in ("new", "update"):
            EVENT_TO_SENT.labels(n.channel_type).observe(max(0.0, now - max(a.ends_at or a.starts_at for a in alerts)))

    async def _give_up(self, pending: PendingNotification, reason: str, now: float | None = None) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:  # its alert-failed goes out with it, or neither
            log_entry(pipe, self.keys, pending, "failed", reason, time.time() if now is None else now)
            self._remove(pipe, pending.id)
            self.publisher.queue(pipe, report(False, pending, reason))
            await pipe.execute()
        log.error("notification failed for good: %s", reason, extra=context(pending))
        NOTIFICATIONS.labels(pending.notification.channel_type, "failed").inc()

    def _remove(self, pipe: Pipeline, delivery_id: str) -> None:
        pipe.hdel(self.keys.deliveries, delivery_id)
        pipe.zrem(self.keys.due, delivery_member(delivery_id))

    async def _forget(self, delivery_id: str) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            self._remove(pipe, delivery_id)
            await pipe.execute()

"""Sending one notification to one channel, at least once: retried with backoff until its deadline, logged, and
reported as alert-sent or alert-failed. A failing channel never holds up another: each send is its own entry."""

import hashlib
import logging
import os
import time

import httpx
from pydantic import BaseModel
from redis.asyncio import Redis

from shared import logs
from shared.bus.publisher import EventPublisher
from shared.events import AlertFailed, AlertSent
from shared.keys.alerter import AlerterKeys
from shared.plan.alerting import Channel, SlackChannel, WebhookChannel
from shared.plan.cache import PlanCache
from shared.plan.secrets import MissingSecretError, resolve_secrets

from . import channels
from .channels.email import thread_root_for
from .domain.alert import Delivered, Final, Notification, Outcome, Retry
from .domain.backoff import next_attempt
from .links import LinkMaker
from .metrics import EVENT_TO_SENT, NOTIFICATIONS
from .pacing import Pacer

log = logging.getLogger("flightdeck.alerter.delivery")
SENT_TTL_S = 7 * 86400


def _secret_values(channel: Channel) -> list[str | None]:
    if isinstance(channel, SlackChannel):
        return [channel.webhook_url]
    if isinstance(channel, WebhookChannel):
        return [channel.url, channel.secret]
    return [channel.smtp.password]


class Delivery(BaseModel):
    id: str
    notification: Notification
    attempts: int = 0
    first_at: float
    last_error: str = ""


def delivery_id(state: str, channel: str) -> str:
    return hashlib.sha256(f"{state}\x1f{channel}".encode()).hexdigest()[:24]


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
        client: httpx.AsyncClient,
        lease_s: float,
    ) -> None:
        self.redis, self.keys, self.plans, self.publisher = redis, keys, plans, publisher
        self.links, self.client, self.lease_s = links, client, lease_s
        self.pacer = Pacer(redis, keys)

    def stage(self, pipe, notification: Notification, now: float) -> Delivery:  # type: ignore[no-untyped-def]
        """Adds the delivery to a transaction, leased to the caller, who sends it right after the commit."""
        delivery = Delivery(id=notification.id, notification=notification, first_at=now)
        pipe.hset(self.keys.deliveries, delivery.id, delivery.model_dump_json())
        pipe.zadd(self.keys.due, {delivery_member(delivery.id): now + self.lease_s})
        return delivery

    async def send(self, delivery_id: str) -> None:
        raw = await self.redis.hget(self.keys.deliveries, delivery_id)  # type: ignore[misc]
        if raw is None or await self.redis.exists(self.keys.sent(delivery_id)):
            await self._forget(delivery_id)
            return
        delivery = Delivery.model_validate_json(raw)
        notification = delivery.notification
        stored = await self.plans.current()
        alerting = stored.plan.alerting if stored else None
        channel = alerting.channels.get(notification.channel) if alerting else None
        if alerting is None or channel is None:
            await self._give_up(delivery, f"channel {notification.channel!r} is no longer in the plan")
            return
        try:
            channel = resolve_secrets(channel, os.environ, where=f"alerting.channels.{notification.channel}")
        except MissingSecretError as exc:
            await self._give_up(delivery, f"set {', '.join(exc.names)} in the alerter's environment")
            return
        logs.redact(*_secret_values(channel))
        if channel.type == "slack":
            wait_until = await self.pacer.reserve(notification.channel)
            if wait_until is not None:
                await self.redis.zadd(self.keys.due, {delivery_member(delivery.id): wait_until})
                return
        outcome = await self._attempt(delivery, channel)
        await self._record(delivery, outcome, alerting.delivery)

    async def _attempt(self, delivery: Delivery, channel) -> Outcome:  # type: ignore[no-untyped-def]
        notification = delivery.notification
        try:
            links = await self.links.links(notification)
            return await channels.send(
                notification, links, channel, self.client, thread_root=thread_root_for(notification.group_key)
            )
        except Exception as exc:  # a bug here must not lose the notification: it is retried
            log.exception("sending failed unexpectedly", extra=self._context(delivery))
            return Retry(reason=f"unexpected {type(exc).__name__}")

    async def _record(self, delivery: Delivery, outcome: Outcome, policy) -> None:  # type: ignore[no-untyped-def]
        now, attempts, n = time.time(), delivery.attempts + 1, delivery.notification
        if isinstance(outcome, Delivered):
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.set(self.keys.sent(delivery.id), 1, ex=SENT_TTL_S)
                self._log_entry(pipe, delivery, "sent", "", attempts)
                self._remove(pipe, delivery.id)
                await pipe.execute()
            log.info("notification sent", extra=self._context(delivery) | {"attempts": attempts})
            NOTIFICATIONS.labels(n.channel_type, "sent").inc()
            if (alerts := [*n.firing, *n.resolved]) and n.kind in ("new", "update"):
                EVENT_TO_SENT.labels(n.channel_type).observe(
                    max(0.0, now - max(a.ends_at or a.starts_at for a in alerts))
                )
            await self.publisher.publish(self._event(AlertSent, delivery, "", attempts))
            return
        retry_at = None
        if isinstance(outcome, Retry) and outcome.after_s and delivery.notification.channel_type == "slack":
            await self.pacer.hold(delivery.notification.channel, now + outcome.after_s)
        if isinstance(outcome, Retry):
            retry_at = next_attempt(attempts, delivery.first_at, now, policy, retry_after=outcome.after_s)
        if retry_at is None:
            reason = (
                outcome.reason
                if isinstance(outcome, Final)
                else f"{outcome.reason}; gave up after {attempts} tries in {now - delivery.first_at:.0f}s"
            )
            await self._give_up(delivery.model_copy(update={"attempts": attempts}), reason)
            return
        again = delivery.model_copy(update={"attempts": attempts, "last_error": outcome.reason})
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(self.keys.deliveries, delivery.id, again.model_dump_json())
            pipe.zadd(self.keys.due, {delivery_member(delivery.id): retry_at})
            await pipe.execute()
        NOTIFICATIONS.labels(n.channel_type, "retried").inc()
        log.warning(
            "notification not sent; retrying in %.1fs: %s",
            retry_at - now,
            outcome.reason,
            extra=self._context(delivery) | {"attempts": attempts},
        )

    async def _give_up(self, delivery: Delivery, reason: str) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            self._log_entry(pipe, delivery, "failed", reason, delivery.attempts)
            self._remove(pipe, delivery.id)
            await pipe.execute()
        log.error("notification failed for good: %s", reason, extra=self._context(delivery))
        NOTIFICATIONS.labels(delivery.notification.channel_type, "failed").inc()
        await self.publisher.publish(self._event(AlertFailed, delivery, reason, delivery.attempts))

    def _remove(self, pipe, delivery_id: str) -> None:  # type: ignore[no-untyped-def]
        pipe.hdel(self.keys.deliveries, delivery_id)
        pipe.zrem(self.keys.due, delivery_member(delivery_id))

    async def _forget(self, delivery_id: str) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            self._remove(pipe, delivery_id)
            await pipe.execute()

    def _log_entry(
        self,
        pipe,
        delivery: Delivery,
        result: str,
        reason: str,  # type: ignore[no-untyped-def]
        attempts: int,
    ) -> None:
        n = delivery.notification
        pipe.xadd(
            self.keys.log,
            {
                "notification": n.id,
                "channel": n.channel,
                "group": n.group_key,
                "kind": n.kind,
                "status": n.status,
                "result": result,
                "reason": reason,
                "attempts": attempts,
                "at": time.time(),
            },
            maxlen=100_000,
            approximate=True,
        )

    def _event(
        self, cls: type[AlertSent] | type[AlertFailed], delivery: Delivery, error: str, attempts: int
    ) -> AlertSent | AlertFailed:
        n = delivery.notification
        alerts = [*n.firing, *n.resolved]
        return cls(
            deployment_id=n.deployment_id,
            environment=alerts[0].environment if alerts else None,
            payload={
                "fingerprint": alerts[0].fingerprint if alerts else n.group_key,
                "channel": n.channel,
                "channel_type": n.channel_type,
                "severity": n.severity,
                "summary": alerts[0].summary if alerts else "",
                "error": error,
                "notification_id": n.id,
                "kind": n.kind,
                "fingerprints": [a.fingerprint for a in alerts],
                "attempts": attempts,
            },
        )

    def _context(self, delivery: Delivery) -> dict[str, object]:
        n = delivery.notification
        return {"notification_id": n.id, "channel": n.channel, "deployment_id": n.deployment_id, "kind": n.kind}

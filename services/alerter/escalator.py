"""Escalation: a critical alert nobody acknowledged goes to the next step's channels, as its chain says."""

import hashlib
import logging
import time

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared.bus.publisher import EventPublisher
from shared.events import AlertEscalated
from shared.events.alerting import AlertEscalatedPayload, SilenceCreatedPayload
from shared.keys.alerter import AlerterKeys
from shared.plan.cache import PlanCache
from shared.transact import transact

from .deliveries import Sender
from .domain.alert import Alert, ChannelType, Notification
from .domain.escalation import Escalation, advance
from .domain.muting import silenced_by
from .domain.sending import PendingNotification
from .store import AlertStore

log = logging.getLogger("flightdeck.alerter.escalation")


class Escalator:
    def __init__(
        self,
        redis: "Redis",
        keys: AlerterKeys,
        store: AlertStore,
        plans: PlanCache,
        sender: Sender,
        publisher: EventPublisher,
    ) -> None:
        self.redis, self.keys, self.store, self.plans = redis, keys, store, plans
        self.sender, self.publisher = sender, publisher

    async def escalate(self, fingerprint: str) -> list[PendingNotification]:
        """Sends the chain's due step unless the alert was acknowledged or resolved; the deliveries to send now."""
        return await transact(self.redis, lambda pipe: self._escalate(pipe, fingerprint), what="an escalation")

    async def _escalate(self, pipe: Pipeline, fingerprint: str) -> list[PendingNotification]:
        keys, now, member = self.keys, time.time(), f"e:{fingerprint}"
        await pipe.watch(keys.escalations, keys.alert(fingerprint))
        raw_chain, raw_alert = await pipe.hget(keys.escalations, fingerprint), await pipe.hget(keys.alerts, fingerprint)
        acked = await pipe.hexists(keys.acks, fingerprint)
        if raw_chain is None or raw_alert is None or acked:
            pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
            pipe.hdel(keys.escalations, fingerprint)
            pipe.zrem(keys.due, member)
            await pipe.execute()
            if acked and raw_chain is not None:
                log.info("escalation stopped: acknowledged", extra={"fingerprint": fingerprint})
            return []
        chain, alert = Escalation.model_validate_json(raw_chain), Alert.model_validate_json(raw_alert)
        if chain.due > now + 0.001:
            await self.redis.zadd(keys.due, {member: chain.due})
            return []
        step, level, after = advance(chain, now)
        silences = [
            SilenceCreatedPayload.model_validate_json(v) for v in (await self.redis.hgetall(keys.silences)).values()
        ]
        silenced = silenced_by(alert, silences, now)
        stored = await self.plans.current()
        kinds: dict[str, ChannelType] = (
            {name: c.type for name, c in stored.plan.alerting.channels.items()} if stored else {}
        )
        pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
        staged = (
            []
            if silenced
            else [
                self.sender.stage(
                    pipe, self._note(alert, channel, kinds.get(channel, "webhook"), chain, level, now), now
                )
                for channel in step.channels
            ]
        )
        if after is None:
            pipe.hdel(keys.escalations, fingerprint)
            pipe.zrem(keys.due, member)
        else:
            pipe.hset(keys.escalations, fingerprint, after.model_dump_json())
            pipe.zadd(keys.due, {member: after.due})
        await pipe.execute()
        if silenced:
            log.info("escalation level %d skipped: silenced by %s", level, silenced, extra={"fingerprint": fingerprint})
            return []
        log.info(
            "escalated to level %d", level, extra={"fingerprint": fingerprint, "deployment_id": alert.deployment_id}
        )
        await self.publisher.publish(
            AlertEscalated(
                deployment_id=alert.deployment_id,
                environment=alert.environment,
                service=alert.service,
                payload=AlertEscalatedPayload(
                    fingerprint=fingerprint,
                    level=level,
                    channels=step.channels,
                    severity=alert.severity,
                    summary=alert.summary,
                ),
            )
        )
        return staged

    def _note(
        self, alert: Alert, channel: str, kind: ChannelType, chain: Escalation, level: int, now: float
    ) -> Notification:
        sequence = f"{alert.fingerprint}\x1f{chain.step}\x1f{chain.sent_at_step}\x1f{channel}"
        return Notification(
            id=hashlib.sha256(sequence.encode()).hexdigest()[:24],
            channel=channel,
            channel_type=kind,
            group_key=f"escalation-{alert.fingerprint}",
            group_labels=alert.labels(),
            kind="escalation",
            escalation_level=level,
            firing=[alert],
            created_at=now,
        )

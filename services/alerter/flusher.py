"""A group's tick: what its message says, to which channels, with which alerts muted, and the escalations it
starts. The group's next state and the notifications it creates commit together."""

import logging
import time

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared.events.alerting import SilenceCreatedPayload
from shared.keys.alerter import AlerterKeys
from shared.plan.cache import PlanCache
from shared.plan.model import Plan
from shared.transact import transact

from .deliveries import Sender
from .domain.alert import Alert, Notification
from .domain.escalation import chain_steps, chains_to_start, escalates
from .domain.grouping import Group, Message, flush
from .domain.muting import HEALTH_ALERTS, dependents, muted
from .domain.sending import PendingNotification, delivery_id
from .escalator import Escalator
from .rollouts import Rollouts
from .store import group_member, timing_of

log = logging.getLogger("flightdeck.alerter.flusher")


class Flusher:
    def __init__(
        self,
        redis: "Redis",
        keys: AlerterKeys,
        plans: PlanCache,
        sender: Sender,
        escalator: Escalator,
        rollouts: Rollouts,
    ) -> None:
        self.redis, self.keys, self.plans, self.sender = redis, keys, plans, sender
        self.escalator, self.rollouts = escalator, rollouts

    async def flush_group(self, key: str, now: float | None = None) -> list[PendingNotification]:
        """Commits what the group's tick decides; the notifications to send now. One `now` (time.time() when not
        given) for all the flush does."""
        now = time.time() if now is None else now
        stored = await self.plans.current()
        if stored is None:
            return []
        plan = stored.plan
        return await transact(self.redis, lambda pipe: self._flush(pipe, key, plan, now), what=f"group {key}")

    async def _flush(self, pipe: Pipeline, key: str, plan: Plan, now: float) -> list[PendingNotification]:
        keys = self.keys
        await pipe.watch(keys.group(key))
        raw = await pipe.get(keys.group(key))
        if raw is None:
            await self.redis.zrem(keys.due, group_member(key))
            return []
        group = Group.model_validate_json(raw)
        if group.next_flush > now + 0.001:  # changed since it was taken: it is due later
            await self.redis.zadd(keys.due, {group_member(key): group.next_flush})
            return []
        hidden = await self._muted(list(group.alerts.values()), plan, now)
        after, message = flush(group, now, timing_of(plan.alerting), set(hidden))
        fresh = self.fresh(group, message, plan)
        running = await self.redis.hmget(self.keys.escalations, fresh) if fresh else []
        pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
        staged = self.queue(pipe, group, after, message, plan, now, dict(zip(fresh, running, strict=True)))
        await pipe.execute()
        told(group.key, message, len(hidden))
        return staged

    def queue(
        self,
        pipe: Pipeline,
        group: Group,
        after: Group | None,
        message: Message | None,
        plan: Plan,
        now: float,
        running: dict[str, object],
    ) -> list[PendingNotification]:
        """Queues what the tick decided (`after`, `message`) on a transaction; `running`: the escalations read of
        the alerts `fresh` named (None where none runs). The notifications staged, to send once it commits."""
        keys, key = self.keys, group.key
        if after is not None:
            pipe.set(keys.group(key), after.model_dump_json())
            pipe.zadd(keys.due, {group_member(key): after.next_flush})
        else:
            pipe.delete(keys.group(key))
            pipe.zrem(keys.due, group_member(key))
            for fp in group.alerts:
                pipe.srem(keys.groups_of(fp), key)
        staged = [self.sender.stage(pipe, note, now) for note in self._notes(group, message, plan, now)]
        fresh = [a for a in message.firing if a.fingerprint in running] if message else []
        if fresh:
            already = {fp for fp, old in running.items() if old is not None}
            for chain in chains_to_start(fresh, chain_steps(plan.alerting, group.route), already, now).values():
                pipe.hset(keys.escalations, chain.fingerprint, chain.model_dump_json())
                pipe.zadd(keys.due, {f"e:{chain.fingerprint}": chain.due})
        return staged

    @staticmethod
    def fresh(group: Group, message: Message | None, plan: Plan) -> list[str]:
        """The alerts whose escalation chain the message may start (their running chains are read first)."""
        if message is None or not chain_steps(plan.alerting, group.route):
            return []
        return [a.fingerprint for a in message.firing if escalates(a, group.told)]

    def _notes(self, group: Group, message: Message | None, plan: Plan, now: float) -> list[Notification]:
        if message is None:
            return []
        kinds = {name: channel.type for name, channel in plan.alerting.channels.items()}
        return [
            Notification(
                id=delivery_id(message.state, channel),
                channel=channel,
                channel_type=kinds.get(channel, "webhook"),
                group_key=group.key,
                group_labels=group.labels,
                kind=message.kind,
                firing=message.firing,
                resolved=message.resolved,
                created_at=now,
            )
            for channel in group.channels
        ]

    async def _muted(self, alerts: list[Alert], plan: Plan, now: float) -> dict[str, str]:
        """Silenced, inhibited, or explained by a deployment (a silence or an inhibition is the reason given)."""
        explained = await self.rollouts.quiet(alerts, plan, now)
        raw = await self.redis.hgetall(self.keys.silences)
        silences = [SilenceCreatedPayload.model_validate_json(value) for value in raw.values()]
        needs_active = any(a.severity == "warning" or a.name in HEALTH_ALERTS for a in alerts)
        if not silences and not needs_active:
            return explained
        active = await self.escalator.store.index.active_in({a.environment for a in alerts}) if needs_active else []
        return explained | muted(alerts, active, silences, dependents(plan.dependency_graph()), now)


def told(key: str, message: Message | None, muted: int) -> None:
    if message:
        log.info(
            "group %s: %s message, %d firing, %d resolved",
            key,
            message.kind,
            len(message.firing),
            len(message.resolved),
            extra={"group": key, "muted": muted},
        )

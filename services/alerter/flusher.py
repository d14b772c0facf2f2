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
from .domain.escalation import Escalation, chain_steps, chains_to_start, escalates
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
        steps = await self._escalations(group, message, plan, now) if message else {}
        pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
        if after is not None:
            pipe.set(keys.group(key), after.model_dump_json())
            pipe.zadd(keys.due, {group_member(key): after.next_flush})
        else:
            pipe.delete(keys.group(key))
            pipe.zrem(keys.due, group_member(key))
            for fp in group.alerts:
                pipe.srem(keys.groups_of(fp), key)
        staged = [self.sender.stage(pipe, note, now) for note in self._notes(group, message, plan, now)]
        for chain in steps.values():
            pipe.hset(keys.escalations, chain.fingerprint, chain.model_dump_json())
            pipe.zadd(keys.due, {f"e:{chain.fingerprint}": chain.due})
        await pipe.execute()
        if message:
            log.info(
                "group %s: %s message, %d firing, %d resolved",
                key,
                message.kind,
                len(message.firing),
                len(message.resolved),
                extra={"group": key, "muted": len(hidden)},
            )
        return staged

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

    async def _escalations(self, group: Group, message: Message, plan: Plan, now: float) -> dict[str, Escalation]:
        """Chains for critical alerts told for the first time; a chain already running is left alone."""
        steps = chain_steps(plan.alerting, group.route)
        fresh = [a for a in message.firing if escalates(a, group.told)]
        if not steps or not fresh:
            return {}
        running = await self.redis.hmget(self.keys.escalations, [a.fingerprint for a in fresh])
        already = {a.fingerprint for a, old in zip(fresh, running, strict=True) if old is not None}
        return chains_to_start(fresh, steps, already, now)

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

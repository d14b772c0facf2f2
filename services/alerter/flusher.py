"""The alerter's clock: flushes groups that fall due, escalates unacknowledged critical alerts, and sends (or
retries) deliveries. Any replica may take any entry; a flush and the deliveries it creates commit together."""

import asyncio
import logging
import time

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import RedisError

from shared.due import DueWork
from shared.events.alerting import SilenceCreatedPayload
from shared.keys.alerter import AlerterKeys
from shared.plan.cache import PlanCache
from shared.plan.model import Plan
from shared.tasks import cancel_all
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
WORK_AT_ONCE = 64


class Flusher:
    def __init__(
        self,
        redis: "Redis",
        keys: AlerterKeys,
        plans: PlanCache,
        sender: Sender,
        due: DueWork,
        escalator: Escalator,
        rollouts: Rollouts,
        poll_s: float = 0.25,
    ) -> None:
        self.redis, self.keys, self.plans, self.sender, self.due = redis, keys, plans, sender, due
        self.escalator, self.rollouts, self.poll_s = escalator, rollouts, poll_s
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(WORK_AT_ONCE)  # each piece of work may hold a Redis connection

    async def run_forever(self) -> None:
        try:
            while True:
                self.due.wake.clear()
                try:
                    members, following = await self.due.take()
                except RedisError as exc:
                    log.warning("cannot read due work (%s); trying again", type(exc).__name__, exc_info=exc)
                    await asyncio.sleep(1)
                    continue
                for member in members:
                    await self._slots.acquire()  # a backlog waits here, not in Redis's connection pool
                    self._spawn(self._work(member), slot=True)
                await self.due.wait(following, self.poll_s)
        finally:  # what it started stops with it (see shared/tasks.py)
            await cancel_all(list(self._tasks))

    def _spawn(self, work, slot: bool = False) -> None:  # type: ignore[no-untyped-def]
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if slot:
            task.add_done_callback(lambda _: self._slots.release())

    async def _work(self, member: str) -> None:
        kind, _, name = member.partition(":")
        try:
            if kind == "g":
                await self.flush_group(name)
            elif kind == "d":
                await self.sender.send(name)
            elif kind == "e":
                for delivery in await self.escalator.escalate(name):
                    self._spawn(self._work(f"d:{delivery.id}"))
        except Exception:  # the lease runs out and another try takes it again
            log.exception("due work failed; it will be tried again", extra={"member": member})

    async def flush_group(self, key: str, now: float | None = None) -> None:
        """Sends what the group's tick decides; one `now` (time.time() when not given) for all the flush does."""
        now = time.time() if now is None else now
        stored = await self.plans.current()
        if stored is None:
            return
        plan = stored.plan
        staged = await transact(self.redis, lambda pipe: self._flush(pipe, key, plan, now), what=f"group {key}")
        for delivery in staged:
            self._spawn(self._work(f"d:{delivery.id}"))

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
        pipe.multi()
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
        raw = await self.redis.hgetall(self.keys.silences)  # type: ignore[misc]
        silences = [SilenceCreatedPayload.model_validate_json(value) for value in raw.values()]
        needs_active = any(a.severity == "warning" or a.name in HEALTH_ALERTS for a in alerts)
        if not silences and not needs_active:
            return explained
        active = await self.escalator.store.active() if needs_active else []
        return explained | muted(alerts, active, silences, dependents(plan.dependency_graph()), now)

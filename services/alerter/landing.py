"""An event that only fires alerts (most do), landed in two round trips: one read of everything its decision
needs, then one compare-and-set (shared/cas.py) of its alerts, its groups and its seen mark. A group that is new
and due at once (group_wait 0) is flushed in that same write, exactly as the clock would have flushed it right
after, and its notifications are staged there to be sent at once, without another read. Anything else (an event
that resolves alerts, a group that must wait, an alert whose muting needs the environment's other alerts) is left
to the store's transaction (store.py) and the clock, as before."""

import time
from dataclasses import dataclass, field

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared.cas import Swap, values_of
from shared.cas_loop import Decided, swap_until_done
from shared.events.alerting import SilenceCreatedPayload
from shared.keys.alerter import AlerterKeys
from shared.plan.model import Plan

from .active_index import ActiveIndex
from .domain.changes import Fire
from .domain.grouping import Group, Message, flush, join
from .domain.muting import HEALTH_ALERTS, dependents, muted
from .domain.rollouts import Deployed, Fact
from .domain.routing import Routed, route
from .domain.sending import PendingNotification
from .flusher import Flusher, told
from .store import group_member, timing_of


@dataclass
class Landed:
    due_at: float | None = None  # the earliest flush left to the clock (None: none)
    staged: list[PendingNotification] = field(default_factory=list)  # to send at once
    told: list[tuple[str, Message | None, int]] = field(default_factory=list)  # group, message, alerts muted


class Landing:
    def __init__(
        self, redis: "Redis", keys: AlerterKeys, flusher: Flusher, index: ActiveIndex, seen_ttl_s: float
    ) -> None:
        self.redis, self.keys, self.flusher, self.index = redis, keys, flusher, index
        self.seen_ttl, self.rollouts = max(1, int(seen_ttl_s)), flusher.rollouts
        self.swap = Swap(redis)

    async def fires(self, event_id: str, fires: list[Fire], plan: Plan, known: list[Fact]) -> Landed:
        """Lands the event's fires with its facts (rollouts.py): a window the facts change is written first, by
        its own transaction; the rest with the alerts."""
        routes = {fire.alert.fingerprint: route(fire.alert, plan.alerting) for fire in fires}
        landed = await swap_until_done(
            self.swap,
            lambda: self._attempt(event_id, fires, routes, plan, known),
            what=f"the alerts of event {event_id}",
        )
        for key, message, hidden in landed.told:
            told(key, message, hidden)
        return landed

    async def _attempt(
        self, event_id: str, fires: list[Fire], routes: dict[str, list[Routed]], plan: Plan, known: list[Fact]
    ) -> Decided[Landed]:
        keys, now = self.keys, time.time()
        group_keys = sorted({r.group_key for rs in routes.values() for r in rs})
        checked = [keys.seen(event_id), *(keys.alert(fp) for fp in routes), *(keys.group(k) for k in group_keys)]
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.mget(checked)
            pipe.hgetall(keys.silences)
            pipe.hmget(keys.escalations, list(routes))
            windows = [fact for fact in known if not isinstance(fact, Deployed)]
            for fact in windows:
                pipe.hgetall(keys.deploying(fact.environment))
            replies, silences_raw, escalations, *stored_windows = await pipe.execute()
        read = values_of(checked, replies)
        if read[keys.seen(event_id)] is not None:
            return read, None, Landed()
        for fact, stored_window in zip(windows, stored_windows, strict=True):
            await self.rollouts.window(fact, stored_window)  # before its alerts (a flush that sees them sees it)
        stored = {k: read[keys.group(k)] for k in group_keys}
        groups = {k: Group.model_validate_json(raw) if raw else None for k, raw in stored.items()}
        timing = timing_of(plan.alerting)
        for fire in fires:
            for routed in routes[fire.alert.fingerprint]:
                groups[routed.group_key] = join(
                    groups.get(routed.group_key),
                    fire.alert,
                    key=routed.group_key,
                    route=routed.route,
                    labels=routed.group_labels,
                    channels=list(routed.channels),
                    now=now,
                    timing=timing,
                )
        writes = self.swap.writes()
        self._land(writes, fires, routes, groups)
        for deployed in known:
            if isinstance(deployed, Deployed):
                self.rollouts.deployed(writes, deployed)
        writes.set(keys.seen(event_id), 1, ex=self.seen_ttl)
        silences = [SilenceCreatedPayload.model_validate_json(value) for value in silences_raw.values()]
        running = dict(zip(routes, escalations, strict=True))
        landed, later = Landed(), []
        for key, group in groups.items():
            assert group is not None  # every group here was just joined
            if stored[key] is None and group.next_flush <= now and _mutes_alone(group):
                self._flush(writes, landed, group, plan, now, silences, running)
            else:
                later.append(group.next_flush)
        landed.due_at = min(later) if later else None
        return read, writes, landed

    def _land(
        self, writes: Pipeline, fires: list[Fire], routes: dict[str, list[Routed]], groups: dict[str, Group | None]
    ) -> None:
        """The writes of store.py's transaction for an event that only fires."""
        keys = self.keys
        for key, group in groups.items():
            if group is not None:
                writes.set(keys.group(key), group.model_dump_json())
                writes.zadd(keys.due, {group_member(key): group.next_flush})
        for fire in fires:
            fp = fire.alert.fingerprint
            writes.incr(keys.alert(fp))
            if fire.lasting:
                writes.hset(keys.alerts, fp, fire.alert.model_dump_json())
                self.index.add(writes, fire.alert)
                for routed in routes[fp]:
                    writes.sadd(keys.groups_of(fp), routed.group_key)

    def _flush(
        self,
        writes: Pipeline,
        landed: Landed,
        group: Group,
        plan: Plan,
        now: float,
        silences: list[SilenceCreatedPayload],
        running: dict[str, bytes | str | None],
    ) -> None:
        """The flush the clock would make of the new group right after: the same decision, queued on the same
        write (its writes follow the landing's, so the last one of a key is the flush's)."""
        hidden = (
            muted(group.alerts.values(), [], silences, dependents(plan.dependency_graph()), now) if silences else {}
        )
        after, message = flush(group, now, timing_of(plan.alerting), set(hidden))
        fresh = self.flusher.fresh(group, message, plan)
        running_now: dict[str, object] = {fp: running.get(fp) for fp in fresh}
        landed.staged += self.flusher.queue(writes, group, after, message, plan, now, running_now)
        landed.told.append((group.key, message, len(hidden)))


def _mutes_alone(group: Group) -> bool:
    """Whether the group's alerts are muted by silences alone: a warning or a health alert may be inhibited by the
    environment's other alerts, or explained by a deployment, which the clock's flush reads (flusher.py)."""
    return all(a.severity != "warning" and a.name not in HEALTH_ALERTS for a in group.alerts.values())

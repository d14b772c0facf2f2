"""What an event that only fires writes, decided on the state its batch left (landing.py reads and swaps): the
writes of store.py's transaction, and for a group new and due at once the flush the clock would have made right
after, on the same write."""

from dataclasses import dataclass, field

from redis.asyncio.client import Pipeline

from shared.events.alerting import SilenceCreatedPayload
from shared.keys.alerter import AlerterKeys
from shared.plan.model import Plan

from .active_index import ActiveIndex
from .domain.changes import Fire
from .domain.grouping import Group, Message, flush
from .domain.muting import HEALTH_ALERTS, dependents, muted
from .domain.rollouts import Closed, Deployed, Fact, Opened
from .domain.routing import Routed
from .domain.sending import PendingNotification
from .flusher import Flusher
from .rollouts import Rollouts
from .store import join_fires, queue_fires, timing_of


@dataclass
class Landed:
    due_at: float | None = None  # the earliest flush left to the clock (None: none)
    staged: list[PendingNotification] = field(default_factory=list)  # to send at once
    told: list[tuple[str, Message | None, int]] = field(default_factory=list)  # group, message, alerts muted


@dataclass(frozen=True, eq=False)
class Arrival:
    """One event's fires, waiting to land with the others that came meanwhile."""

    event_id: str
    fires: list[Fire]
    plan: Plan
    known: list[Fact]
    routes: dict[str, list[Routed]]

    @property
    def group_keys(self) -> list[str]:
        return sorted({r.group_key for rs in self.routes.values() for r in rs})

    @property
    def windows(self) -> list[Opened | Closed]:
        return [fact for fact in self.known if not isinstance(fact, Deployed)]


class Decider:
    def __init__(self, keys: AlerterKeys, flusher: Flusher, index: ActiveIndex, rollouts: Rollouts, seen_ttl: int):
        self.keys, self.flusher, self.index, self.rollouts, self.seen_ttl = keys, flusher, index, rollouts, seen_ttl

    def decide(
        self,
        writes: Pipeline,
        arrival: Arrival,
        groups: dict[str, Group | None],
        silences: list[SilenceCreatedPayload],
        running: dict[str, bytes | str | None],
        now: float,
    ) -> Landed:
        """One arrival's writes, after those of the arrivals before it in the batch (`groups` holds their
        outcome): exactly what landing them one after the other would have written."""
        plan, keys = arrival.plan, self.keys
        before = {k: groups.get(k) for k in arrival.group_keys}
        join_fires(groups, arrival.fires, arrival.routes, now, timing_of(plan.alerting))
        own = {k: groups[k] for k in arrival.group_keys}
        queue_fires(writes, keys, self.index, arrival.fires, arrival.routes, own)
        for deployed in arrival.known:
            if isinstance(deployed, Deployed):
                self.rollouts.deployed(writes, deployed)
        writes.set(keys.seen(arrival.event_id), 1, ex=self.seen_ttl)
        landed, later = Landed(), []
        for key in arrival.group_keys:
            group = groups[key]
            assert group is not None  # every group here was just joined
            if before[key] is None and group.next_flush <= now and _mutes_alone(group):
                groups[key] = self._flush(writes, landed, group, plan, now, silences, running)
            else:
                later.append(group.next_flush)
        landed.due_at = min(later) if later else None
        return landed

    def _flush(
        self,
        writes: Pipeline,
        landed: Landed,
        group: Group,
        plan: Plan,
        now: float,
        silences: list[SilenceCreatedPayload],
        running: dict[str, bytes | str | None],
    ) -> Group | None:
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
        return after


def _mutes_alone(group: Group) -> bool:
    """Whether the group's alerts are muted by silences alone: a warning or a health alert may be inhibited by the
    environment's other alerts, or explained by a deployment, which the clock's flush reads (flusher.py)."""
    return all(a.severity != "warning" and a.name not in HEALTH_ALERTS for a in group.alerts.values())

"""Events that only fire alerts (most do), landed in two round trips however many came together: one read of
everything their decisions need, then one compare-and-set (shared/cas.py) of their alerts, groups and seen marks.
Events handled while a landing is in flight wait and land together in the next one (shared/batching.py), each
decided on the state the ones before it left (arrival.py). A group that is new and due at once (group_wait 0) is
flushed in that same write, exactly as the clock would have flushed it right after, and its notifications are
staged there to be sent at once, without another read. Anything else (an event that resolves alerts, a group that
must wait, an alert whose muting needs the environment's other alerts) is left to the store's transaction
(store.py) and the clock, as before."""

import time

from redis.asyncio import Redis

from shared.batching import Batcher
from shared.cas import Swap, values_of
from shared.cas_loop import Decided, swap_until_done
from shared.events.alerting import SilenceCreatedPayload
from shared.keys.alerter import AlerterKeys
from shared.plan.model import Plan

from .active_index import ActiveIndex
from .arrival import Arrival, Decider, Landed
from .domain.changes import Fire
from .domain.grouping import Group
from .domain.rollouts import Deployed, Fact
from .domain.routing import route
from .flusher import Flusher, told


class Landing:
    def __init__(
        self, redis: "Redis", keys: AlerterKeys, flusher: Flusher, index: ActiveIndex, seen_ttl_s: float
    ) -> None:
        self.redis, self.keys, self.rollouts = redis, keys, flusher.rollouts
        self.decider = Decider(keys, flusher, index, self.rollouts, max(1, int(seen_ttl_s)))
        self.swap = Swap(redis)
        self._batcher: Batcher[Arrival, Landed] = Batcher(self._land_all)

    async def fires(self, event_id: str, fires: list[Fire], plan: Plan, known: list[Fact]) -> Landed:
        """Lands the event's fires with its facts (rollouts.py): a window the facts change is written first, by
        its own transaction; the rest with the alerts. Events handled meanwhile land with it (shared/batching.py)."""
        routes = {fire.alert.fingerprint: route(fire.alert, plan.alerting) for fire in fires}
        landed = await self._batcher.submit(Arrival(event_id, fires, plan, known, routes))
        for key, message, hidden in landed.told:
            told(key, message, hidden)
        return landed

    async def _land_all(self, arrivals: list[Arrival]) -> list[Landed]:
        what = f"the alerts of event {arrivals[0].event_id}" + (f" and {len(arrivals) - 1} more" * (len(arrivals) > 1))
        return await swap_until_done(self.swap, lambda: self._attempt(arrivals), what=what)

    async def _attempt(self, arrivals: list[Arrival]) -> Decided[list[Landed]]:
        keys, now = self.keys, time.time()
        fingerprints = sorted({fp for a in arrivals for fp in a.routes})
        group_keys = sorted({k for a in arrivals for k in a.group_keys})
        seen = [keys.seen(event_id) for event_id in dict.fromkeys(a.event_id for a in arrivals)]
        checked = [*seen, *(keys.alert(fp) for fp in fingerprints), *(keys.group(k) for k in group_keys)]
        first = list(dict.fromkeys(fact.environment for a in arrivals for fact in a.windows))  # read once, here
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.mget(checked)
            pipe.hgetall(keys.silences)
            pipe.hmget(keys.escalations, fingerprints)
            for environment in first:
                pipe.hgetall(keys.deploying(environment))
            replies, silences_raw, escalations, *windows = await pipe.execute()
        read = values_of(checked, replies)
        unseen = {a.event_id for a in arrivals if read[keys.seen(a.event_id)] is None}
        stored = dict(zip(first, windows, strict=True))
        for fact in (
            fact for a in arrivals if a.event_id in unseen for fact in a.known if not isinstance(fact, Deployed)
        ):
            if await self.rollouts.window(fact, stored.get(fact.environment)):  # before its alerts land
                stored.pop(fact.environment, None)  # it changed: the environment's next fact reads it again
        raws = {k: read[keys.group(k)] for k in group_keys}
        groups = {k: Group.model_validate_json(raw) if raw else None for k, raw in raws.items()}
        silences = [SilenceCreatedPayload.model_validate_json(value) for value in silences_raw.values()]
        running = dict(zip(fingerprints, escalations, strict=True))
        writes, decided, results = self.swap.writes(), set(), []
        for arrival in arrivals:
            if arrival.event_id not in unseen or arrival.event_id in decided:  # landed before, or twice in this batch
                results.append(Landed())
                continue
            decided.add(arrival.event_id)
            results.append(self.decider.decide(writes, arrival, groups, silences, running, now))
        return read, writes if decided else None, results

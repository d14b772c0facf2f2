"""Alerts and groups in Redis, changed atomically per event: the event's changes land once, with its seen mark, and
the active alerts' index (active_index.py) with them."""

import json
import time

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared.keys.alerter import AlerterKeys
from shared.plan.alerting import Alerting
from shared.text import text
from shared.transact import transact

from .active_index import ActiveIndex
from .domain.alert import Alert
from .domain.changes import AlertChange, Fire, Resolve
from .domain.grouping import Group, Timing, join, resolve
from .domain.routing import Routed, route


def timing_of(alerting: Alerting) -> Timing:
    return Timing(alerting.group_wait, alerting.group_interval, alerting.repeat_interval)


def group_member(key: str) -> str:
    return f"g:{key}"


class AlertStore:
    def __init__(self, redis: "Redis", keys: AlerterKeys, seen_ttl_s: float) -> None:
        self.redis, self.keys, self.seen_ttl = redis, keys, max(1, int(seen_ttl_s))
        self.index = ActiveIndex(redis, keys)

    async def active(self, environment: str | None = None) -> list[Alert]:
        if environment is not None:
            return await self.index.active_in([environment])
        raw = await self.redis.hgetall(self.keys.alerts)
        return [Alert.model_validate_json(value) for value in raw.values()]

    async def apply(self, event_id: str, changes: list[AlertChange], alerting: Alerting) -> float | None:
        """Lands an event's changes once; the earliest flush time of the groups it touched (None: none touched)."""
        fires = [change for change in changes if isinstance(change, Fire)]
        resolves = [change for change in changes if isinstance(change, Resolve)]
        resolved = await self.index.matching(resolves) if resolves else []
        routes = {fire.alert.fingerprint: route(fire.alert, alerting) for fire in fires}
        return await transact(
            self.redis,
            lambda pipe: self._attempt(pipe, event_id, fires, resolved, routes, alerting),
            what=f"the alerts of event {event_id}",
        )

    async def _attempt(
        self,
        pipe: Pipeline,
        event_id: str,
        fires: list[Fire],
        resolving: list[Alert],
        routes: dict[str, list[Routed]],
        alerting: Alerting,
    ) -> float | None:
        keys, now = self.keys, time.time()
        resolved = [alert.fingerprint for alert in resolving]
        seen = keys.seen(event_id)
        fingerprints = [*routes, *resolved]
        fired_groups = sorted({r.group_key for rs in routes.values() for r in rs})
        watched = [seen, *(keys.alert(fp) for fp in fingerprints), *(keys.groups_of(fp) for fp in resolved)]
        await pipe.watch(*watched, *(keys.group(key) for key in fired_groups))
        already, *raws = await pipe.mget([seen, *(keys.group(key) for key in fired_groups)])  # one read for a fire
        if already is not None:
            return None
        groups = _parsed(fired_groups, raws)
        members = {fp: sorted(text(m) for m in await pipe.smembers(keys.groups_of(fp))) for fp in resolved}
        groups |= await self._groups(pipe, sorted({k for ks in members.values() for k in ks} - groups.keys()))
        timing = timing_of(alerting)
        join_fires(groups, fires, routes, now, timing)
        for fp, in_groups in members.items():
            for key in in_groups:
                if (group := groups.get(key)) is not None:
                    groups[key] = resolve(group, fp, now, event_id, timing)
        pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
        queue_fires(pipe, keys, self.index, fires, routes, groups)
        for alert in resolving:
            fp = alert.fingerprint
            self.index.drop(pipe, alert)
            pipe.incr(keys.alert(fp))
            pipe.hdel(keys.alerts, fp)
            pipe.hdel(keys.escalations, fp)
            pipe.delete(keys.groups_of(fp))
        pipe.set(seen, 1, ex=self.seen_ttl)
        await pipe.execute()
        flushes = [g.next_flush for g in groups.values() if g is not None]
        return min(flushes) if flushes else None

    async def _groups(self, pipe: Pipeline, keys: list[str]) -> dict[str, Group | None]:
        if not keys:
            return {}
        await pipe.watch(*(self.keys.group(key) for key in keys))
        return _parsed(keys, await pipe.mget([self.keys.group(key) for key in keys]))

    async def acknowledge(self, fingerprint: str, by: str, via: str, at: float) -> None:
        await self.redis.hset(self.keys.acks, fingerprint, json.dumps({"by": by, "via": via, "at": at}))


def join_fires(
    groups: dict[str, Group | None], fires: list[Fire], routes: dict[str, list[Routed]], now: float, timing: Timing
) -> None:
    """Each fire joins the groups its routes name (`groups` is changed in place)."""
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


def queue_fires(
    pipe: Pipeline,
    keys: AlerterKeys,
    index: ActiveIndex,
    fires: list[Fire],
    routes: dict[str, list[Routed]],
    groups: dict[str, Group | None],
) -> None:
    """Queues the groups the fires joined and the fired alerts: what every landing of fires writes."""
    for key, group in groups.items():
        if group is not None:
            pipe.set(keys.group(key), group.model_dump_json())
            pipe.zadd(keys.due, {group_member(key): group.next_flush})
    for fire in fires:
        fp = fire.alert.fingerprint
        pipe.incr(keys.alert(fp))
        if fire.lasting:
            pipe.hset(keys.alerts, fp, fire.alert.model_dump_json())
            index.add(pipe, fire.alert)
            for routed in routes[fp]:
                pipe.sadd(keys.groups_of(fp), routed.group_key)


def _parsed(keys: list[str], raws: list[bytes | str | None]) -> dict[str, Group | None]:
    return {key: Group.model_validate_json(raw) if raw else None for key, raw in zip(keys, raws, strict=True)}

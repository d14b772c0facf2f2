"""Drift detection and correction (adapter): the desired versions (desired.py) against what the monitor's series say
each service runs, and drift-detected (plus a deploy-requested for the desired version, where the plan's
recovery.correct_drift allows it, drift_events.py) published once per drift. The decisions are in domain/drift.py.

Keys: RollbackKeys (shared/keys/rollback.py): desired, drift_environments, drift_reported, drift_lock.
"""

import asyncio
import contextlib
import json
import logging
import os

from redis.asyncio.client import Pipeline
from redis.exceptions import LockError

from shared.bus.codec import encode
from shared.bus.handlers import Handlers
from shared.durations import parse_duration
from shared.keys.rollback import RollbackKeys
from shared.plan import Plan, ResolvedPlan, resolve_for_environment
from shared.runtime import ServiceContext
from shared.transact import transact

from .desired import DesiredVersions
from .domain.drift import Desired, agreed, assess, reports
from .drift_events import drift_events
from .inflight import InFlight
from .series import newest_buckets

log = logging.getLogger("flightdeck.rollback.drift")
INTERVAL_ENV = "FLIGHTDECK_DRIFT_INTERVAL"
LEASE_S = 60.0  # the scan lock's lifetime should its holder die; a scan is cut off at half of it
NEWEST = 8  # buckets read per service: the agreement's few, with room for "unknown" ones among them


class DriftWatch:
    def __init__(self, context: ServiceContext, inflight: InFlight, interval_s: float = 30.0) -> None:
        self.context = context
        self.inflight = inflight
        self.redis = context.redis
        configured = os.environ.get(INTERVAL_ENV)  # the operator's setting wins over the code's default
        self.interval_s = parse_duration(configured) if configured else interval_s
        if self.interval_s <= 0:
            raise ValueError(f"{INTERVAL_ENV} must be more than 0 (for example 30s)")
        self.keys = RollbackKeys.of(context.keys)
        self.desired = DesiredVersions(self.redis, self.keys)
        self.scans = 0  # scans this replica completed (tests wait on it instead of on the clock)

    def handlers(self) -> Handlers:
        return self.desired.handlers()

    async def run_forever(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                await self.scan_once()
            except Exception:  # CancelledError is not one: stopping still stops
                log.exception("drift scan failed; will try again")

    async def scan_once(self) -> bool:
        """One scan of every environment, if no other replica is scanning; False when one is."""
        lock = self.redis.lock(self.keys.drift_lock, timeout=LEASE_S, blocking=False)
        if not await lock.acquire():
            return False
        try:
            async with asyncio.timeout(LEASE_S / 2):
                await self._scan()
        finally:
            with contextlib.suppress(LockError):  # it expired (and another replica may hold it now): not ours
                await lock.release()
        self.scans += 1
        return True

    async def _scan(self) -> None:
        plan = await self._plan()
        for environment in await self.desired.environments():
            resolved = _resolve(plan, environment)
            for service, wanted in sorted((await self.desired.of(environment)).items()):
                if await self.inflight.busy(environment) is not None:
                    break  # a deployment or its rollback changes versions on purpose: nothing to compare till it ends
                spec = resolved.services.get(service) if resolved else None
                if resolved is not None and spec is None:
                    continue  # no longer in the plan: not Flightdeck's to watch
                correct = bool(spec and spec.recovery.correct_drift)
                await self._check(environment, service, wanted, correct)

    async def _plan(self) -> Plan | None:
        try:
            stored = await self.context.plans.current()
        except Exception as exc:  # an invalid plan: still report drift, never correct it
            log.warning("cannot read the plan (%s); drift is reported, not corrected", exc)
            return None
        return stored.plan if stored else None

    async def _check(self, environment: str, service: str, wanted: Desired, correct: bool) -> None:
        """Assesses one service; the events and the "already reported" mark are written in one transaction, which
        another replica's write to the marks aborts (WATCH) and starts again: a drift is published once."""
        key = self.keys.drift_reported(environment)

        async def attempt(pipe: Pipeline) -> None:
            await pipe.watch(key)
            raw = await pipe.hget(key, service)
            mark = json.loads(raw) if raw else None
            already = mark["reported"] if mark and mark.get("desired") == wanted.version else None
            entries = await newest_buckets(self.redis, self.context.keys, environment, service, NEWEST)
            seen = reports(entries, since=wanted.at)
            if agreed(seen) == wanted.version:
                if mark is not None:  # in step again: the same drift later is news again
                    pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
                    pipe.hdel(key, service)
                    await pipe.execute()
                return
            drift = assess(wanted.version, seen, already, correct)
            if drift is None:
                return
            events = drift_events(self.context.name, environment, service, wanted, drift)
            mark = {"desired": wanted.version, "reported": drift.reported_version, "event_id": events[0].event_id}
            pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
            for event in events:
                pipe.xadd(self.context.keys.events, encode(event))
            pipe.hset(key, service, json.dumps(mark))
            await pipe.execute()
            log.warning(
                "%s in %s reports %s, desired %s: %s",
                service,
                environment,
                drift.reported_version,
                wanted.version,
                drift.action,
                extra={"event_id": events[0].event_id},
            )

        await transact(self.redis, attempt, what=f"the drift report of {service} in {environment}")


def _resolve(plan: Plan | None, environment: str) -> ResolvedPlan | None:
    try:
        return resolve_for_environment(plan, environment) if plan is not None else None
    except Exception:  # an environment no longer in the plan, or a plan that does not resolve: report only
        return None

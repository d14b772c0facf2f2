"""Drift detection and correction (adapter): desired versions kept in Redis, the monitor's series read back, and
drift-detected (plus a deploy-requested for the desired version, where the plan's recovery.correct_drift allows it)
published once per drift. The decisions are in domain/drift.py.

Keys: RollbackKeys (shared/keys/rollback.py): desired, drift_environments, drift_reported, drift_lock.
"""

import asyncio
import json
import logging
import os
from collections.abc import Mapping
from uuid import uuid4

from redis.exceptions import WatchError

from shared.bus.codec import encode
from shared.bus.handlers import Handlers
from shared.durations import parse_duration
from shared.events import DeployRequested, DriftDetected, Event
from shared.keys.rollback import RollbackKeys
from shared.plan import Plan, ResolvedPlan, resolve_for_environment
from shared.runtime import ServiceContext

from .domain.drift import DESIRING, Desired, Desiring, Drift, agreed, assess, desired_from, fold, reports
from .inflight import InFlight

log = logging.getLogger("flightdeck.rollback.drift")
INTERVAL_ENV = "FLIGHTDECK_DRIFT_INTERVAL"
LEASE_S = 60.0  # the scan lock's lifetime should its holder die; a scan is cut off at half of it
NEWEST = 8  # buckets read per service: the agreement's few, with room for "unknown" ones among them
REQUESTED_BY = "flightdeck (drift correction)"
_RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"


def _str(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else value


def _text(fields: Mapping[bytes | str, bytes | str]) -> dict[str, str]:
    return {_str(key): _str(value) for key, value in fields.items()}


class DriftWatch:
    def __init__(self, context: ServiceContext, inflight: InFlight, interval_s: float = 30.0) -> None:
        self.context, self.inflight, self.redis = context, inflight, context.redis
        configured = os.environ.get(INTERVAL_ENV)  # the operator's setting wins over the code's default
        self.interval_s = parse_duration(configured) if configured else interval_s
        if self.interval_s <= 0:
            raise ValueError(f"{INTERVAL_ENV} must be more than 0 (for example 30s)")
        self.keys = RollbackKeys.of(context.keys)
        self.environments_key, self.lock_key = self.keys.drift_environments, self.keys.drift_lock
        self._release = self.redis.register_script(_RELEASE)
        self.scans = 0  # scans this replica completed (tests wait on it instead of on the clock)

    def handlers(self) -> Handlers:
        return Handlers().on_any(DESIRING, self.record)

    async def record(self, event: Desiring) -> None:
        """Folds an event's desired versions in, atomically (the later event wins, whatever the handling order)."""
        found = desired_from(event)
        if not found:
            return
        key, names = self.keys.desired(event.environment), sorted(found)
        async with self.redis.pipeline(transaction=True) as pipe:
            while True:
                try:
                    await pipe.watch(key)
                    stored = await pipe.hmget(key, names)  # type: ignore[misc]
                    merged = {
                        name: fold(Desired.from_json(raw) if raw else None, found[name]).to_json()
                        for name, raw in zip(names, stored, strict=True)
                    }
                    pipe.multi()
                    pipe.hset(key, mapping=merged)  # type: ignore[arg-type]
                    pipe.sadd(self.environments_key, event.environment)
                    await pipe.execute()
                    return
                except WatchError:
                    continue  # another delivery changed it meanwhile: fold again

    async def run_forever(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                await self.scan_once()
            except Exception:  # CancelledError is not one: stopping still stops
                log.exception("drift scan failed; will try again")

    async def scan_once(self) -> bool:
        """One scan of every environment, if no other replica is scanning; False when one is."""
        token = uuid4().hex
        if not await self.redis.set(self.lock_key, token, nx=True, px=int(LEASE_S * 1000)):
            return False
        try:
            async with asyncio.timeout(LEASE_S / 2):
                await self._scan()
        finally:
            await self._release(keys=[self.lock_key], args=[token])
        self.scans += 1
        return True

    async def _scan(self) -> None:
        plan = await self._plan()
        for environment in sorted(map(_str, await self.redis.smembers(self.environments_key))):  # type: ignore[misc]
            resolved = _resolve(plan, environment)
            desired = await self.redis.hgetall(self.keys.desired(environment))  # type: ignore[misc]
            for service, raw in sorted(_text(desired).items()):
                if await self.inflight.busy(environment) is not None:
                    break  # a deployment or its rollback changes versions on purpose: nothing to compare till it ends
                spec = resolved.services.get(service) if resolved else None
                if resolved is not None and spec is None:
                    continue  # no longer in the plan: not Flightdeck's to watch
                correct = bool(spec and spec.recovery.correct_drift)
                await self._check(environment, service, Desired.from_json(raw), correct)

    async def _plan(self) -> Plan | None:
        try:
            stored = await self.context.plans.current()
        except Exception as exc:  # an invalid plan: still report drift, never correct it
            log.warning("cannot read the plan (%s); drift is reported, not corrected", exc)
            return None
        return stored.plan if stored else None

    async def _check(self, environment: str, service: str, wanted: Desired, correct: bool) -> None:
        """Assesses one service; the events and the "already reported" mark are written in one transaction, which
        another replica's write to the marks aborts (WATCH): a drift is published once."""
        key = self.keys.drift_reported(environment)
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                await pipe.watch(key)
                raw = await pipe.hget(key, service)  # type: ignore[misc]
                mark = json.loads(raw) if raw else None
                already = mark["reported"] if mark and mark.get("desired") == wanted.version else None
                entries = await self.redis.xrevrange(
                    self.context.keys.monitor_series(environment, service), count=NEWEST
                )
                seen = reports([_text(fields) for _, fields in entries], since=wanted.at)
                if agreed(seen) == wanted.version:
                    if mark is not None:  # in step again: the same drift later is news again
                        pipe.multi()
                        pipe.hdel(key, service)
                        await pipe.execute()
                    return
                drift = assess(wanted.version, seen, already, correct)
                if drift is None:
                    return
                events = self._events(environment, service, wanted, drift)
                pipe.multi()
                for event in events:
                    pipe.xadd(self.context.keys.events, encode(event))  # type: ignore[arg-type]
                pipe.hset(
                    key,
                    service,
                    json.dumps(
                        {"desired": wanted.version, "reported": drift.reported_version, "event_id": events[0].event_id}
                    ),
                )
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
        except WatchError:
            log.info("drift of %s in %s handled by another replica", service, environment)

    def _events(self, environment: str, service: str, wanted: Desired, drift: Drift) -> list[Event]:
        producer = self.context.name
        redeploy_id = f"drift-{uuid4().hex[:12]}" if drift.redeploy else None
        detected = DriftDetected(
            service=service,
            environment=environment,
            producer=producer,
            correlation_id=redeploy_id,
            payload={
                "desired_version": drift.desired_version,
                "reported_version": drift.reported_version,
                "desired_by": wanted.desired_by,
                "action": drift.action,
            },
        )
        if redeploy_id is None:
            return [detected]
        reason = (
            f"drift: {service} in {environment} reports {drift.reported_version}, desired "
            f"{drift.desired_version}" + (f" (deployed by {wanted.desired_by})" if wanted.desired_by else "")
        )
        request = DeployRequested(
            deployment_id=redeploy_id,
            environment=environment,
            producer=producer,
            correlation_id=redeploy_id,
            causation_id=detected.event_id,
            payload={
                "services": [service],
                "versions": {service: drift.desired_version},
                "requested_by": REQUESTED_BY,
                "reason": reason,
                "redeploy": True,
            },
        )
        return [detected, request]


def _resolve(plan: Plan | None, environment: str) -> ResolvedPlan | None:
    try:
        return resolve_for_environment(plan, environment) if plan is not None else None
    except Exception:  # an environment no longer in the plan, or a plan that does not resolve: report only
        return None

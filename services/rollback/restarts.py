"""Restarts of unhealthy services between deployments: the plan's restart command, within its budget, root causes
first (domain/restarts.py). Handlers record what the monitor said and make a check due; run_forever makes due checks
(a sorted set, each entry leased while a replica works on it), so no command runs within a handler's time limit.
State: RollbackKeys (shared/keys/rollback.py) degraded, roots, deferred, attempts and restarts_due."""

import asyncio
import contextlib
import json
import logging
import time
from datetime import UTC, datetime

from redis.exceptions import RedisError

from shared.bus.handlers import Handlers
from shared.bus.idempotency import InProgress
from shared.command_lock import CommandLock
from shared.events import HealthDegraded, HealthRecovered, RestartAttempted, RestartLimitReached
from shared.keys.rollback import RollbackKeys
from shared.plan import effective_service
from shared.plan.services import Service
from shared.runtime import ServiceContext

from .domain.restarts import Allow, Defer, Exhausted, Wait, after_attempt, cascade, next_restart, release
from .inflight import InFlight
from .restart_command import Ran, restart

log = logging.getLogger("flightdeck.rollback.restarts")
LEASE_S, POLL_S, KEEP_S = 60.0, 1.0, 7 * 86400
# Defers only while the root is degraded: recovery drops the root, then releases what waits on it.
_DEFER = """if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1]); redis.call('ZREM', KEYS[3], ARGV[3]); return 1"""
_TAKE = """local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 50)
for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], member) end; return due"""


def member(environment: str, service: str) -> str:
    return json.dumps([environment, service])


class Restarter:
    def __init__(self, context: ServiceContext, inflight: InFlight) -> None:
        self.context, self.redis, self.inflight = context, context.redis, inflight
        self.keys = RollbackKeys.of(context.keys)
        self.due = self.keys.restarts_due
        self._defer, self._take = self.redis.register_script(_DEFER), self.redis.register_script(_TAKE)
        self._running: dict[str, asyncio.Task[None]] = {}
        self.wake = asyncio.Event()
        self.locks = CommandLock(self.redis, context.keys)

    def handlers(self) -> Handlers:
        return Handlers().on(HealthDegraded, self.degraded).on(HealthRecovered, self.recovered)

    async def degraded(self, event: HealthDegraded) -> None:
        env, service, payload = event.environment, event.service, event.payload
        pipe = self.redis.pipeline(transaction=True).zadd(self.due, {member(env, service): time.time()})
        pipe.hsetnx(self.keys.degraded(env), service, event.event_id)
        pipe.hset(self.keys.roots(env), service, payload.root_cause or service)
        for dependent in set(payload.impacted) & set(await self._degraded(env)) - {service}:
            pipe.hset(self.keys.roots(env), dependent, service)
        await pipe.execute()
        self.wake.set()
        log.info("degraded; a restart check is due", extra={"environment": env, "service": service})

    async def recovered(self, event: HealthRecovered) -> None:
        env, service, now = event.environment, event.service, time.time()
        pipe = self.redis.pipeline(transaction=True).zrem(self.due, member(env, service))
        for hash_key in (self.keys.degraded(env), self.keys.roots(env), self.keys.deferred(env)):
            pipe.hdel(hash_key, service)
        await pipe.execute()
        deferred = {k.decode(): v.decode() for k, v in (await self.redis.hgetall(self.keys.deferred(env))).items()}
        freed = release(service, deferred, set(await self._degraded(env)))
        for dependent in freed.dropped + freed.recheck:
            await self.redis.hdel(self.keys.deferred(env), dependent)
            settings = await self._service(env, dependent) if dependent in freed.recheck else None
            if settings is not None:  # time for the monitor to see it recover along with its root, if it does
                grace = settings.health.interval * (settings.health.passes_to_ready + 1)
                await self.redis.zadd(self.due, {member(env, dependent): now + grace})
        self.wake.set()
        log.info("recovered; to check again: %s", freed.recheck, extra={"environment": env, "service": service})

    async def run_forever(self) -> None:
        try:
            while True:
                self.wake.clear()
                try:
                    delay = await self._start_due()
                except RedisError as exc:
                    log.warning("cannot read due restart checks (%s); trying again", type(exc).__name__, exc_info=exc)
                    delay = POLL_S
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), delay)
        finally:
            for task in list(self._running.values()):
                task.cancel()
            await asyncio.gather(*self._running.values(), return_exceptions=True)

    async def _start_due(self) -> float:
        now = time.time()
        for raw in await self._take(keys=[self.due], args=[now, now + LEASE_S]):
            slot = raw.decode() if isinstance(raw, bytes) else raw
            if slot not in self._running:
                self._running[slot] = task = asyncio.create_task(self.check(*json.loads(slot)))
                task.add_done_callback(lambda done, slot=slot: self._done(slot, done))
        first = await self.redis.zrange(self.due, 0, 0, withscores=True)
        return min(POLL_S, max(0.0, first[0][1] - time.time())) if first else POLL_S

    def _done(self, slot: str, task: "asyncio.Task[None]") -> None:
        self._running.pop(slot, None)
        if not task.cancelled() and task.exception() is not None:  # its lease runs out and the check runs again
            env, service = json.loads(slot)
            log.error("restart check failed", exc_info=task.exception(), extra={"environment": env, "service": service})

    async def check(self, env: str, service: str) -> None:
        """Restarts the service if it is still degraded and nothing stands in the way; makes the next check due."""
        slot, now, extra = member(env, service), time.time(), {"environment": env, "service": service}
        raw = await self.redis.hget(self.keys.degraded(env), service)
        settings = await self._service(env, service) if raw else None
        if raw is None or settings is None or settings.restart is None:
            await self.redis.zrem(self.due, slot)
            log.debug("nothing to restart: it recovered, or the plan has no restart command for it", extra=extra)
            return
        episode = raw.decode()
        if await self.inflight.active(env) is not None:
            log.info("degraded, but a deployment is in flight: no restart now", extra=extra)
            await self.redis.zadd(self.due, {slot: now + settings.recovery.restart_backoff})
            return
        if busy := await self.locks.holder(env, service):  # a deploy, rollback or other restart command runs
            log.info("not restarting now: %s runs a command on it", busy, extra=extra)
            await self.redis.zadd(self.due, {slot: now + settings.recovery.restart_backoff})
            return
        root = await self.redis.hget(self.keys.roots(env), service)
        decided = cascade(service, root.decode() if root else None, set(await self._degraded(env)))
        keys = [self.keys.degraded(env), self.keys.deferred(env), self.due]
        if isinstance(decided, Defer) and await self._defer(keys=keys, args=[decided.on, service, slot]):
            log.info("deferred until its root cause %s recovers", decided.on, extra=extra)
            return
        attempts = [float(a) for a in await self.redis.zrange(self.keys.attempts(env, service), 0, -1)]
        decision = next_restart(attempts, now, settings.recovery)
        if isinstance(decision, Wait):
            await self.redis.zadd(self.due, {slot: decision.until})
        elif isinstance(decision, Exhausted):  # told once per window; then no more checks until it degrades again
            log.warning("restart limit reached: %d restarts in %.0fs", decision.attempts, decision.window, extra=extra)
            limit = RestartLimitReached(
                service=service,
                environment=env,
                correlation_id=episode,
                causation_id=episode,
                payload={
                    "attempts": decision.attempts,
                    "window_s": decision.window,
                    "detail": "restarts did not help; a person is needed",
                },
            )
            await self.context.idempotency.once(
                f"restart-limit:{env}:{service}:{decision.until!r}", lambda: self.context.publisher.publish(limit)
            )
            await self.redis.zrem(self.due, slot)
        else:  # replicas that read the same attempts name the same claim: one restarts, the others look again
            claim = f"restart:{env}:{service}:" + (f"after:{max(attempts)!r}" if attempts else f"first:{episode}")
            try:
                ran, _ = await self.context.idempotency.once(
                    claim,
                    lambda: self._restart(env, service, settings, decision, episode, attempts),
                    lease_s=settings.timeouts.rollback + LEASE_S,
                )
            except InProgress:  # another replica is restarting it; it makes the next check due when done
                ran = True
            if not ran:
                await self.redis.zadd(self.due, {slot: time.time()})

    async def _restart(
        self, env: str, service: str, settings: Service, allowed: Allow, episode: str, history: list[float]
    ) -> None:
        at, extra, attempts = time.time(), {"environment": env, "service": service}, self.keys.attempts(env, service)
        # Counted before it runs: a crash midway still uses up the budget.
        pipe = self.redis.pipeline(transaction=True).zadd(attempts, {repr(at): at}).expire(attempts, KEEP_S)
        pipe.zremrangebyscore(attempts, "-inf", at - 2 * settings.recovery.restart_window)
        pipe.zadd(self.due, {member(env, service): at + settings.timeouts.rollback + LEASE_S})  # our lease
        await pipe.execute()
        log.info("restarting (attempt %d)", allowed.attempt, extra=extra)
        ran = await restart(self.locks, env, service, settings, f"restart:{episode}")
        if isinstance(ran, str):  # taken between our look and our start: the next check tries again
            ran = Ran(False, None, f"not run: {ran} runs a command on {service}")
        allowed_at, recheck = after_attempt(history, at, settings.recovery)
        await self.redis.zadd(self.due, {member(env, service): recheck})
        await self.context.publisher.publish(
            RestartAttempted(
                service=service,
                environment=env,
                correlation_id=episode,
                causation_id=episode,
                payload={
                    "attempt": allowed.attempt,
                    "ok": ran.ok,
                    "exit_code": ran.exit_code,
                    "detail": ran.detail[:300],
                    "next_allowed_at": datetime.fromtimestamp(allowed_at, UTC),
                },
            )
        )
        log.info("restart attempt %d: %s", allowed.attempt, ran.detail[:300], extra=extra)

    async def _degraded(self, env: str) -> list[str]:
        return [name.decode() for name in await self.redis.hkeys(self.keys.degraded(env))]  # type: ignore[misc]

    async def _service(self, env: str, service: str) -> Service | None:
        stored = await self.context.plans.current()
        with contextlib.suppress(LookupError):  # the environment or the service is not in the current plan
            return effective_service(stored.plan, env, service) if stored else None
        return None

"""Answers verification-requested: the handler stores the request and makes it due; run_forever runs each due one
in a task of its own (a DueWork whose lease the task renews while it runs, so a long load holds no handler and a
replica that dies mid-verification leaves it to another), then publishes verification-passed or -failed once."""

import asyncio
import contextlib
import logging
import os
import time
from functools import partial

from redis.exceptions import RedisError

from shared.bus.handlers import Handlers
from shared.due import DueWork, run_due
from shared.events import VerificationFailed, VerificationPassed, VerificationRequested
from shared.events.verification import CheckResult, VerificationResultPayload
from shared.net_errors import brief
from shared.runtime import ServiceContext

from ..domain.verification.reply import Mismatch
from ..domain.verification.report import outcome, summary
from .baselines import Baselines
from .runner import integration_checks, run, targets

log = logging.getLogger("flightdeck.rollback.verification")
LEASE_S = 30.0
POLL_S = 1.0


class Verifier:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        base = f"{context.keys.prefix}:rollback:verifications"
        self.requests = base  # hash request event id -> the verification-requested event, JSON
        self.due = DueWork(context.redis, f"{base}:due", LEASE_S)
        self.baselines = Baselines(context.redis, context.keys)
        self._running: dict[str, asyncio.Task[None]] = {}

    def handlers(self) -> Handlers:
        return Handlers().on(VerificationRequested, self.requested)

    async def requested(self, event: VerificationRequested) -> None:
        await self.context.redis.hset(self.requests, event.event_id, event.model_dump_json())
        await self.due.at(event.event_id, time.time())
        log.info("verification requested", extra=_ids(event))

    async def run_forever(self) -> None:
        try:
            await run_due(self.due, self._start, log=log, poll_s=POLL_S, limit=20)
        finally:
            for task in list(self._running.values()):
                task.cancel()
            await asyncio.gather(*self._running.values(), return_exceptions=True)

    async def _start(self, member: str) -> None:
        if member not in self._running:
            task = asyncio.create_task(self._verify(member))
            self._running[member] = task
            task.add_done_callback(partial(self._done, member))

    def _done(self, member: str, task: "asyncio.Task[None]") -> None:
        self._running.pop(member, None)
        if not task.cancelled() and task.exception() is not None:  # its lease runs out and it runs again
            log.error("verification %s failed; it runs again", member, exc_info=task.exception())

    async def _verify(self, member: str) -> None:
        raw = await self.context.redis.hget(self.requests, member)
        if raw is None:  # answered already (by this replica or another)
            await self.due.done(member)
            return
        event = VerificationRequested.model_validate_json(raw)
        renew = asyncio.create_task(self._renew(member))
        try:
            results = await self._results(event)
        except RedisError:
            raise
        except Exception as exc:  # a plan that no longer fits the request: an answer that says so, not a retry loop
            log.exception("verification could not run", extra=_ids(event))
            results = [outcome("smoke", "verification", None, [Mismatch("checks Flightdeck can run", brief(exc))])]
        finally:
            renew.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renew
        await self._answer(event, results)
        await self.context.redis.hdel(self.requests, member)
        await self.due.done(member)

    async def _renew(self, member: str) -> None:
        while True:
            await asyncio.sleep(LEASE_S / 3)
            await self.due.later(member, time.time() + LEASE_S)

    async def _results(self, event: VerificationRequested) -> list[CheckResult]:
        p = event.payload
        pinned = p.plan_revision
        stored = await (self.context.plans.revision(pinned) if pinned is not None else self.context.plans.current())
        if stored is None:
            missing = Mismatch(f"plan revision {pinned}", "no such revision in Redis")
            return [outcome("smoke", "plan", None, [missing])]
        chosen = targets(stored.plan, event.environment, p.versions, p.previous)
        integration = integration_checks(stored.plan, event.environment, list(p.versions))
        log.info("verifying %d services", len(chosen), extra=_ids(event))
        return await run(chosen, integration, self.baselines, os.environ, p.kinds)

    async def _answer(self, event: VerificationRequested, results: list[CheckResult]) -> None:
        payload = VerificationResultPayload(results=results, summary=summary(results))
        kind = VerificationPassed if all(r.passed for r in results) else VerificationFailed
        answer = event.caused(kind, payload, producer=self.context.name)
        await self.context.idempotency.once(
            f"verification:{event.event_id}", lambda: self.context.publisher.publish(answer)
        )
        log.info("%s: %s", answer.type, payload.summary, extra=_ids(event))


def _ids(event: VerificationRequested) -> dict[str, str]:
    return {"deployment_id": event.deployment_id, "environment": event.environment, "event_id": event.event_id}

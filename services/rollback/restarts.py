"""Restarts of unhealthy services between deployments: the plan's restart command, within its budget, root causes
first. Handlers record what the monitor said and make a check due; run_forever runs the due checks (a DueWork, each
leased while a replica works on it), each in a task of its own, so no command runs within a handler's time limit and
one slow command holds up no other check. A check reads the state (restart_store.py), domain/restarts.py decides
what to do about it, and the check applies that."""

import asyncio
import contextlib
import logging
import time
from dataclasses import replace
from functools import partial

from shared.bus.handlers import Handlers
from shared.command_lock import CommandLock
from shared.due import DueWork, run_due
from shared.events import HealthDegraded, HealthRecovered
from shared.keys.rollback import RollbackKeys
from shared.plan import effective_service
from shared.plan.services import Service
from shared.runtime import ServiceContext

from .domain.restarts import DeferTo, Forget, GiveUp, LookAgain, Restart, RestartState, RestartVerdict, check_restart
from .inflight import InFlight
from .restart_actions import RestartActions
from .restart_store import RestartStore, member, slot_of

log = logging.getLogger("flightdeck.rollback.restarts")
LEASE_S = 60.0  # a check's lease: a replica that dies mid-check leaves it to be taken again after this
POLL_S = 1.0


class Restarter:
    def __init__(self, context: ServiceContext, inflight: InFlight) -> None:
        self.context = context
        self.inflight = inflight
        self.keys = RollbackKeys.of(context.keys)
        self.store = RestartStore(context.redis, self.keys)
        self.due = DueWork(context.redis, self.keys.restarts_due, LEASE_S)
        self.locks = CommandLock(context.redis, context.keys)
        self.actions = RestartActions(context, self.store, self.due, self.locks, LEASE_S)
        self._running: dict[str, asyncio.Task[None]] = {}

    def handlers(self) -> Handlers:
        return Handlers().on(HealthDegraded, self.degraded).on(HealthRecovered, self.recovered)

    async def degraded(self, event: HealthDegraded) -> None:
        await self.store.degraded(event, time.time())
        self.due.wake.set()
        log.info("degraded; a restart check is due", extra={"environment": event.environment, "service": event.service})

    async def recovered(self, event: HealthRecovered) -> None:
        env = event.environment
        now = time.time()
        freed = await self.store.recovered(env, event.service)
        for dependent in freed.recheck:
            settings = await self._service(env, dependent)
            if settings is not None:  # time for the monitor to see it recover along with its root, if it does
                grace = settings.health.interval * (settings.health.passes_to_ready + 1)
                await self.due.later(member(env, dependent), now + grace)
        self.due.wake.set()
        log.info("recovered; to check again: %s", freed.recheck, extra={"environment": env, "service": event.service})

    async def run_forever(self) -> None:
        try:
            await run_due(self.due, self._start, log=log, poll_s=POLL_S, limit=50)
        finally:
            for task in list(self._running.values()):
                task.cancel()
            await asyncio.gather(*self._running.values(), return_exceptions=True)

    async def _start(self, due: str) -> None:
        """Starts the check unless this replica runs it already; its lease keeps it from the others meanwhile."""
        if due not in self._running:
            task = asyncio.create_task(self.check(*slot_of(due)))
            self._running[due] = task
            task.add_done_callback(partial(self._done, due))

    def _done(self, due: str, task: "asyncio.Task[None]") -> None:
        self._running.pop(due, None)
        if not task.cancelled() and task.exception() is not None:  # its lease runs out and the check runs again
            env, service = slot_of(due)
            log.error("restart check failed", exc_info=task.exception(), extra={"environment": env, "service": service})

    async def check(self, env: str, service: str) -> None:
        """Restarts the service if it is still degraded and nothing stands in the way; makes the next check due."""
        now = time.time()
        settings = await self._service(env, service)
        state = await self._state(env, service, settings)
        await self._apply(env, state, settings, check_restart(env, state, now), now)

    async def _state(self, env: str, service: str, settings: Service | None) -> RestartState:
        watch = await self.inflight.active(env)
        return RestartState(
            service=service,
            episode=await self.store.episode(env, service),
            recovery=settings.recovery if settings is not None and settings.restart is not None else None,
            in_flight=watch.deployment_id if watch is not None else None,
            command_by=await self.locks.holder(env, service),
            root_cause=await self.store.root(env, service),
            degraded=await self.store.degraded_now(env),
            attempts=await self.store.attempts(env, service),
        )

    async def _apply(
        self, env: str, state: RestartState, settings: Service | None, verdict: RestartVerdict, now: float
    ) -> None:
        service = state.service
        slot = member(env, service)
        extra = {"environment": env, "service": service}
        match verdict:
            case Forget():
                log.debug("%s", verdict.reason, extra=extra)
                await self.due.done(slot)
            case LookAgain():
                log.info("%s", verdict.reason, extra=extra)
                await self.due.later(slot, verdict.at)
            case DeferTo():
                if await self.store.defer(env, service, verdict.root):
                    log.info("%s", verdict.reason, extra=extra)
                    return
                without = replace(state, degraded=state.degraded - {verdict.root})  # it recovered meanwhile
                await self._apply(env, without, settings, check_restart(env, without, now), now)
            case GiveUp():
                log.warning("%s", verdict.reason, extra=extra)
                await self.actions.give_up(env, service, state, verdict)
                await self.due.done(slot)
            case Restart():
                assert settings is not None  # a restart is only decided for a service with a restart command
                await self.actions.restart_once(env, state, settings, verdict)

    async def _service(self, env: str, service: str) -> Service | None:
        stored = await self.context.plans.current()
        with contextlib.suppress(LookupError):  # the environment or the service is not in the current plan
            return effective_service(stored.plan, env, service) if stored else None
        return None

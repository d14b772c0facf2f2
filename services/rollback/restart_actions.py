"""What a restart check does when it acts: restart the service (once per claim, however many replicas decided so),
counting the attempt first and announcing restart-attempted after; or announce restart-limit-reached, once per
window."""

import logging
import time
from datetime import UTC, datetime

from shared.bus.idempotency import InProgress
from shared.command_lock import CommandLock
from shared.due import DueWork
from shared.events import RestartAttempted, RestartLimitReached
from shared.events.recovery import RestartAttemptedPayload, RestartLimitReachedPayload
from shared.plan.services import Service
from shared.runtime import ServiceContext

from .domain.restart_budget import after_attempt
from .domain.restarts import GiveUp, Restart, RestartState
from .restart_command import Ran, restart
from .restart_store import RestartStore, member

log = logging.getLogger("flightdeck.rollback.restarts")


class RestartActions:
    def __init__(
        self, context: ServiceContext, store: RestartStore, due: DueWork, locks: CommandLock, lease_s: float
    ) -> None:
        self.context = context
        self.store = store
        self.due = due
        self.locks = locks
        self.lease_s = lease_s

    async def give_up(self, env: str, service: str, state: RestartState, verdict: GiveUp) -> None:
        """Told once per window; then no more checks until it degrades again."""
        limit = RestartLimitReached(
            service=service,
            environment=env,
            correlation_id=state.episode,
            causation_id=state.episode,
            payload=RestartLimitReachedPayload(
                attempts=verdict.attempts, window_s=verdict.window, detail="restarts did not help; a person is needed"
            ),
        )
        claim = f"restart-limit:{env}:{service}:{verdict.until!r}"
        await self.context.idempotency.once(claim, lambda: self.context.publisher.publish(limit))

    async def restart_once(self, env: str, state: RestartState, settings: Service, verdict: Restart) -> None:
        try:
            ran, _ = await self.context.idempotency.once(
                verdict.claim,
                lambda: self._attempt(env, state, settings, verdict),
                lease_s=settings.timeouts.rollback + self.lease_s,
            )
        except InProgress:  # another replica is restarting it; it makes the next check due when done
            ran = True
        if not ran:
            await self.due.later(member(env, state.service), time.time())

    async def _attempt(self, env: str, state: RestartState, settings: Service, verdict: Restart) -> None:
        service = state.service
        extra = {"environment": env, "service": service}
        at = time.time()
        lease_until = at + settings.timeouts.rollback + self.lease_s
        await self.store.count_attempt(env, service, at, settings.recovery.restart_window, lease_until)
        log.info("%s", verdict.reason, extra=extra)
        ran = await restart(self.locks, env, service, settings, f"restart:{state.episode}")
        if isinstance(ran, str):  # taken between our look and our start: the next check tries again
            ran = Ran(False, None, f"not run: {ran} runs a command on {service}")
        allowed_at, recheck = after_attempt(list(state.attempts), at, settings.recovery)
        await self.due.later(member(env, service), recheck)
        await self.context.publisher.publish(
            RestartAttempted(
                service=service,
                environment=env,
                correlation_id=state.episode,
                causation_id=state.episode,
                payload=RestartAttemptedPayload(
                    attempt=verdict.attempt,
                    ok=ran.ok,
                    exit_code=ran.exit_code,
                    detail=ran.detail[:300],
                    next_allowed_at=datetime.fromtimestamp(allowed_at, UTC),
                ),
            )
        )
        log.info("restart attempt %d: %s", verdict.attempt, ran.detail[:300], extra=extra)

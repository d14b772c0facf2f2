"""A restart check of one degraded service between deployments: what stands in the way, in order, and what to do (pure).

In order: a service that recovered (or that the plan gives no restart command) is forgotten; while a deployment is
in flight in its environment, or another command of the service runs (a deploy, a rollback, another restart), it is
looked at again after its restart backoff; a dependent whose root cause is degraded waits for that root
(domain/cascade.py); then the budget decides (domain/restart_budget.py): restart, wait out the backoff, or give up
and tell a person once.
"""

from dataclasses import dataclass

from .cascade import Defer, cascade
from .restart_budget import Budget, Exhausted, Wait, next_restart


@dataclass(frozen=True)
class RestartState:
    """What a check reads about one service of one environment."""

    service: str
    episode: str | None  # the health-degraded that began its trouble; None: it recovered
    recovery: Budget | None  # the plan's recovery section; None: no restart command for it (or not in the plan)
    in_flight: str | None  # the deployment in flight in the environment, if one is
    command_by: str | None  # who runs a command of the service now, if anyone does
    root_cause: str | None  # what the monitor named the root cause of its trouble
    degraded: frozenset[str]  # the services of the environment degraded now
    attempts: tuple[float, ...]  # when it was restarted before


@dataclass(frozen=True)
class Forget:
    """Nothing to do for it: no more checks until it degrades again."""

    reason: str


@dataclass(frozen=True)
class LookAgain:
    at: float
    reason: str


@dataclass(frozen=True)
class DeferTo:
    """Wait for the root cause to recover (deferred only if it is still degraded when the deferral is written)."""

    root: str
    reason: str


@dataclass(frozen=True)
class GiveUp:
    """Restarts did not help: say so once per window, then no more checks until it degrades again."""

    attempts: int
    window: float
    until: float  # when an attempt leaves the window (names the announcement, once per window)
    reason: str


@dataclass(frozen=True)
class Restart:
    attempt: int  # its number within the window, from 1
    claim: str  # replicas that read the same attempts name the same claim: one restarts, the others look again
    reason: str


RestartVerdict = Forget | LookAgain | DeferTo | GiveUp | Restart


def check_restart(environment: str, state: RestartState, now: float) -> RestartVerdict:
    """What to do about a service a restart check fell due for, at `now`."""
    if state.episode is None or state.recovery is None:
        return Forget("nothing to restart: it recovered, or the plan has no restart command for it")
    backoff = state.recovery.restart_backoff
    if state.in_flight is not None:
        return LookAgain(now + backoff, f"degraded, but a deployment is in flight ({state.in_flight}): no restart now")
    if state.command_by is not None:
        return LookAgain(now + backoff, f"not restarting now: {state.command_by} runs a command on it")
    decided = cascade(state.service, state.root_cause, state.degraded)
    if isinstance(decided, Defer):
        return DeferTo(decided.on, f"deferred until its root cause {decided.on} recovers")
    budget = next_restart(list(state.attempts), now, state.recovery)
    if isinstance(budget, Wait):
        return LookAgain(budget.until, "waiting out the backoff after its last restart")
    if isinstance(budget, Exhausted):
        reason = f"restart limit reached: {budget.attempts} restarts in {budget.window:.0f}s"
        return GiveUp(budget.attempts, budget.window, budget.until, reason)
    return Restart(budget.attempt, restart_claim(environment, state), f"restarting (attempt {budget.attempt})")


def restart_claim(environment: str, state: RestartState) -> str:
    """The name of one restart: after the latest attempt, or the first of the episode."""
    after = f"after:{max(state.attempts)!r}" if state.attempts else f"first:{state.episode}"
    return f"restart:{environment}:{state.service}:{after}"

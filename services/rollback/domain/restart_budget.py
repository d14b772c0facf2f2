"""How often a service may be restarted between deployments (pure).

At most `restart_attempts` restarts in any `restart_window`; after the n-th attempt in the window the next one waits
`restart_backoff * 2**(n-1)` (30s, 60s, 120s...). When the window holds as many attempts as allowed, restarts are
exhausted until the oldest of them leaves the window: a person is needed, and restarts never loop.
"""

from dataclasses import dataclass
from typing import Protocol


class Budget(Protocol):
    """What the plan's `recovery` section says (shared.plan.services.Recovery has these fields)."""

    @property
    def restart_attempts(self) -> int: ...
    @property
    def restart_window(self) -> float: ...
    @property
    def restart_backoff(self) -> float: ...


@dataclass(frozen=True)
class Allow:
    attempt: int  # the number this restart will have within the window, from 1


@dataclass(frozen=True)
class Wait:
    until: float  # when the backoff after the last attempt ends


@dataclass(frozen=True)
class Exhausted:
    attempts: int  # attempts in the window
    window: float
    until: float  # when one of them leaves the window and a restart is allowed again


BudgetDecision = Allow | Wait | Exhausted


def in_window(attempts: list[float], now: float, window: float) -> list[float]:
    """The attempts that still count, oldest first."""
    return sorted(at for at in attempts if now - window < at <= now)


def backoff_until(recent: list[float], backoff: float) -> float | None:
    """When the backoff after the latest of `recent` (attempts in the window, oldest first) ends; doubles each time."""
    if not recent:
        return None
    return recent[-1] + backoff * 2.0 ** (len(recent) - 1)


def next_restart(attempts: list[float], now: float, recovery: Budget) -> BudgetDecision:
    """May the service be restarted at `now`, given when it was restarted before?"""
    recent = in_window(attempts, now, recovery.restart_window)
    if len(recent) >= recovery.restart_attempts:
        freed = recent[len(recent) - recovery.restart_attempts] + recovery.restart_window
        return Exhausted(len(recent), recovery.restart_window, freed)
    until = backoff_until(recent, recovery.restart_backoff)
    if until is not None and now < until:
        return Wait(until)
    return Allow(len(recent) + 1)


def after_attempt(attempts: list[float], at: float, recovery: Budget) -> tuple[float, float]:
    """For a restart made `at`: when the next one is allowed, and when to look again whether the service recovered
    (at the end of the backoff: then it restarts again, or its restarts are found exhausted)."""
    recent = [*in_window(attempts, at, recovery.restart_window), at]
    recheck = backoff_until(recent, recovery.restart_backoff)
    assert recheck is not None
    decision = next_restart(recent, at, recovery)
    allowed = decision.until if isinstance(decision, Wait | Exhausted) else at
    return max(allowed, recheck), recheck

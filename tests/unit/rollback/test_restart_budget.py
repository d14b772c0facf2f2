"""The restart budget (attempts per window, doubling backoff), as plain values."""

import pytest

from services.rollback.domain.restart_budget import Allow, Exhausted, Wait, after_attempt, backoff_until, next_restart
from shared.plan.services import Recovery

POLICY = Recovery(restart_attempts=3, restart_window=1800, restart_backoff=30)


def test_the_first_restart_is_allowed() -> None:
    assert next_restart([], 1000.0, POLICY) == Allow(1)


@pytest.mark.parametrize(
    ("attempts", "now", "expected"),
    [
        ([1000.0], 1010.0, Wait(1030.0)),  # 30s after the first
        ([1000.0], 1030.0, Allow(2)),
        ([1000.0, 1030.0], 1080.0, Wait(1090.0)),  # 60s after the second
        ([1000.0, 1030.0], 1090.0, Allow(3)),
        ([1030.0, 1000.0], 1090.0, Allow(3)),  # the order they are given in does not matter
    ],
)
def test_the_backoff_doubles_after_each_attempt(attempts: list[float], now: float, expected: object) -> None:
    assert next_restart(attempts, now, POLICY) == expected


def test_restarts_are_exhausted_at_the_limit_until_the_oldest_leaves_the_window() -> None:
    attempts = [1000.0, 1030.0, 1090.0]
    assert next_restart(attempts, 1500.0, POLICY) == Exhausted(attempts=3, window=1800.0, until=2800.0)
    assert next_restart(attempts, 2799.0, POLICY) == Exhausted(attempts=3, window=1800.0, until=2800.0)
    # The oldest left the window: two attempts count, and the backoff after the second of them has long passed.
    assert next_restart(attempts, 2800.0, POLICY) == Allow(3)


def test_attempts_outside_the_window_do_not_count() -> None:
    assert next_restart([0.0, 10.0, 20.0], 5000.0, POLICY) == Allow(1)


def test_a_restart_loop_is_capped() -> None:
    """Always degraded, checked whenever allowed: exactly restart_attempts restarts, then exhausted for the window."""
    attempts: list[float] = []
    now, decisions = 0.0, []
    while now < 1700:
        decision = next_restart(attempts, now, POLICY)
        decisions.append(decision)
        if isinstance(decision, Allow):
            attempts.append(now)
        now = decision.until if isinstance(decision, Wait) else now + 1
    assert attempts == [0.0, 30.0, 90.0]
    assert isinstance(decisions[-1], Exhausted)


def test_after_an_attempt_the_next_one_and_the_recheck() -> None:
    assert after_attempt([], 1000.0, POLICY) == (1030.0, 1030.0)
    assert after_attempt([1000.0], 1030.0, POLICY) == (1090.0, 1090.0)
    # The third attempt uses up the budget: the next is allowed when the first leaves the window, but the service
    # is looked at again after the backoff, to tell that the limit was reached.
    assert after_attempt([1000.0, 1030.0], 1090.0, POLICY) == (2800.0, 1210.0)


def test_backoff_until() -> None:
    assert backoff_until([], 30) is None
    assert backoff_until([0.0, 30.0, 90.0], 30) == 90.0 + 120.0

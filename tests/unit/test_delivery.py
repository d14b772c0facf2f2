import pytest

from shared.bus.delivery import Disposition, after_failure, before_handling, failure_note, in_order_groups


@pytest.mark.parametrize(
    ("attempt", "limit", "disposition"),
    [(1, 3, Disposition.RETRY), (2, 3, Disposition.RETRY), (3, 3, Disposition.DEAD), (9, 3, Disposition.DEAD)],
)
def test_failures_retry_until_the_last_attempt(attempt: int, limit: int, disposition: Disposition) -> None:
    fate = after_failure(attempt, limit, ValueError("boom"))
    assert fate.disposition is disposition
    assert fate.reason == "handler-failed" and "ValueError: boom" in fate.error


def test_the_dead_letter_error_counts_attempts() -> None:
    assert "failed 3 of 3 attempts; last: KeyError: 'x'" in after_failure(3, 3, KeyError("x")).error


def test_too_many_deliveries_is_dead_before_handling() -> None:
    assert before_handling(3, 3) is None
    fate = before_handling(4, 3)
    assert fate is not None and fate.disposition is Disposition.DEAD and fate.reason == "too-many-deliveries"
    assert "delivered 4 times" in fate.error


def test_groups_keep_arrival_order_per_key() -> None:
    items = [("a", 1), ("b", 2), ("a", 3), ("c", 4), ("b", 5)]
    assert in_order_groups(items, key=lambda item: item[0]) == [[("a", 1), ("a", 3)], [("b", 2), ("b", 5)], [("c", 4)]]


def test_the_log_says_which_attempt_failed_and_what_comes_next() -> None:
    assert (
        failure_note(1, 3, after_failure(1, 3, ValueError("boom")))
        == "handler failed (attempt 1 of 3); retrying once its entry is reclaimed"
    )
    assert (
        failure_note(3, 3, after_failure(3, 3, ValueError("boom")))
        == "handler failed (attempt 3 of 3); dead-lettering the event"
    )

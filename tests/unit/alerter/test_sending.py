"""What a failed try at sending leads to: another try at a time, or giving up, each with its reason."""

import random

from services.alerter.domain.alert import Final, Notification, Retry
from services.alerter.domain.sending import GiveUp, PendingNotification, RetryAt, after_failure
from shared.plan.alerting import Delivery

POLICY = Delivery(retry_initial=1, retry_max=8, deadline=30)


def pending(attempts: int, first_at: float = 100.0) -> PendingNotification:
    notification = Notification(
        id="n-1", channel="ops", group_key="g", group_labels={}, kind="new", created_at=first_at
    )
    return PendingNotification(id="n-1", notification=notification, attempts=attempts, first_at=first_at)


def test_a_final_answer_gives_up_at_once_with_the_channels_reason() -> None:
    assert after_failure(pending(1), Final(reason="400 no_text"), 101, POLICY) == GiveUp("400 no_text")


def test_a_passing_failure_is_tried_again_after_a_jittered_backoff() -> None:
    verdict = after_failure(pending(3), Retry(reason="503"), 110, POLICY, random.Random(1))
    assert isinstance(verdict, RetryAt) and verdict.reason == "503"
    assert 110 + 2 <= verdict.at <= 110 + 4  # 1 * 2^(3-1) = 4, jittered between half and all of it


def test_a_retry_after_is_honoured_as_given() -> None:
    assert after_failure(pending(1), Retry(reason="429", after_s=5), 110, POLICY) == RetryAt(115, "429")


def test_past_the_deadline_it_gives_up_saying_how_many_tries_in_how_long() -> None:
    verdict = after_failure(pending(6), Retry(reason="could not reach Slack", after_s=5), 127, POLICY)
    assert verdict == GiveUp("could not reach Slack; gave up after 6 tries in 27s")

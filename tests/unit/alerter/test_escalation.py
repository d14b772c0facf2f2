import random

from services.alerter.domain.backoff import next_attempt
from services.alerter.domain.escalation import advance, start
from shared.plan.alerting import Delivery, EscalationStep

STEPS = [EscalationStep(after=60, channels=["email"], repeat=1), EscalationStep(after=300, channels=["pager"])]


def test_no_steps_no_chain() -> None:
    assert start("fp", [], 0) is None


def test_each_step_after_its_delay_repeated_as_it_says_then_done() -> None:
    chain = start("fp", STEPS, told_at=1000)
    assert chain is not None and chain.due == 1060
    sent = []
    now = chain.due
    while chain is not None:
        step, level, chain = advance(chain, now)
        sent.append((level, step.channels[0], now))
        now = chain.due if chain else now
    assert sent == [(1, "email", 1060), (1, "email", 1120), (2, "pager", 1420)]


def test_backoff_grows_with_jitter_and_stops_at_the_deadline() -> None:
    policy = Delivery(retry_initial=1, retry_max=8, deadline=30)
    rng = random.Random(7)
    delays = [next_attempt(n, 0, 0, policy, rng=rng) for n in range(1, 7)]
    assert all(d is not None for d in delays)
    assert 0.5 <= delays[0] <= 1 and 1 <= delays[1] <= 2 and all(4 <= d <= 8 for d in delays[3:])
    assert next_attempt(1, 0, 29.9, policy, rng=rng) is None


def test_retry_after_is_honoured_as_given() -> None:
    policy = Delivery(retry_initial=1, retry_max=8, deadline=30)
    assert next_attempt(5, 0, 10, policy, retry_after=3) == 13
    assert next_attempt(5, 0, 10, policy, retry_after=25) is None

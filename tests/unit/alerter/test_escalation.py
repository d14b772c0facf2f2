import random

from services.alerter.domain.backoff import next_attempt
from services.alerter.domain.escalation import advance, chain_steps, chains_to_start, escalates, start
from shared.plan.alerting import Alerting, Delivery, EscalationStep, Route

from .helpers import alert

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
    found = [next_attempt(n, 0, 0, policy, rng=rng) for n in range(1, 7)]
    assert all(d is not None for d in found)
    delays = [d for d in found if d is not None]  # all of them, as just asserted: typed as floats
    assert 0.5 <= delays[0] <= 1 and 1 <= delays[1] <= 2 and all(4 <= d <= 8 for d in delays[3:])
    assert next_attempt(1, 0, 29.9, policy, rng=rng) is None


def test_retry_after_is_honoured_as_given() -> None:
    policy = Delivery(retry_initial=1, retry_max=8, deadline=30)
    assert next_attempt(5, 0, 10, policy, retry_after=3) == 13
    assert next_attempt(5, 0, 10, policy, retry_after=25) is None


def test_a_route_escalates_by_its_own_steps_or_else_the_plans() -> None:
    own = [EscalationStep(after=10, channels=["pager"])]
    alerting = Alerting(
        escalation=STEPS,
        routes=[
            Route(channels=["ops"], escalation=own),
            Route(channels=["ops"]),
            Route(channels=["ops"], escalation=[]),
        ],
    )
    assert chain_steps(alerting, 0) == own
    assert chain_steps(alerting, 1) == STEPS  # no escalation written: the plan's
    assert chain_steps(alerting, 2) == []  # an empty one written: none
    assert chain_steps(alerting, -1) == STEPS  # the default route


def test_only_critical_alerts_told_for_the_first_time_escalate() -> None:
    assert escalates(alert(severity="critical"), told=[])
    assert not escalates(alert(severity="warning"), told=[])
    assert not escalates(alert(severity="critical", notice=True), told=[])
    critical = alert(severity="critical")
    assert not escalates(critical, told=[critical.fingerprint])


def test_chains_start_now_except_where_one_already_runs_or_there_are_no_steps() -> None:
    api, web = alert(severity="critical", service="api"), alert(severity="critical", service="web")
    chains = chains_to_start([api, web], STEPS, running={web.fingerprint}, now=1000)
    assert list(chains) == [api.fingerprint] and chains[api.fingerprint].due == 1060
    assert chains_to_start([api], [], running=set(), now=1000) == {}

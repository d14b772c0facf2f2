"""A restart check on plain values: what stands in the way, in order, and what it decides."""

from dataclasses import replace

from services.rollback.domain.restarts import (
    DeferTo,
    Forget,
    GiveUp,
    LookAgain,
    Restart,
    RestartState,
    check_restart,
    restart_claim,
)
from shared.plan.services import Recovery

POLICY = Recovery(restart_attempts=3, restart_window=1800, restart_backoff=30)
NOW = 1000.0
DEGRADED = RestartState(
    service="api",
    episode="ev-1",
    recovery=POLICY,
    in_flight=None,
    command_by=None,
    root_cause="api",
    degraded=frozenset({"api"}),
    attempts=(),
)


def test_a_degraded_service_with_nothing_in_the_way_is_restarted() -> None:
    verdict = check_restart("prod", DEGRADED, NOW)
    assert verdict == Restart(1, "restart:prod:api:first:ev-1", "restarting (attempt 1)")


def test_a_service_that_recovered_or_has_no_restart_command_is_forgotten() -> None:
    for state in (replace(DEGRADED, episode=None), replace(DEGRADED, recovery=None)):
        verdict = check_restart("prod", state, NOW)
        assert isinstance(verdict, Forget) and "nothing to restart" in verdict.reason


def test_no_restart_while_a_deployment_is_in_flight_it_looks_again_after_the_backoff() -> None:
    verdict = check_restart("prod", replace(DEGRADED, in_flight="d-1", command_by="d-1:api:deploy#1"), NOW)
    assert isinstance(verdict, LookAgain) and verdict.at == NOW + 30
    assert "in flight" in verdict.reason, "a deployment in flight is named before the command it runs"


def test_no_restart_while_another_command_of_the_service_runs() -> None:
    verdict = check_restart("prod", replace(DEGRADED, command_by="d9:api:deploy#1"), NOW)
    assert verdict == LookAgain(NOW + 30, "not restarting now: d9:api:deploy#1 runs a command on it")


def test_a_dependent_of_a_degraded_root_cause_waits_for_it() -> None:
    dependent = replace(DEGRADED, root_cause="db", degraded=frozenset({"api", "db"}))
    assert check_restart("prod", dependent, NOW) == DeferTo("db", "deferred until its root cause db recovers")
    recovered_root = replace(dependent, degraded=frozenset({"api"}))
    assert isinstance(check_restart("prod", recovered_root, NOW), Restart), "its root recovered: the budget decides"


def test_the_cascade_comes_before_the_budget() -> None:
    exhausted = replace(DEGRADED, root_cause="db", degraded=frozenset({"api", "db"}), attempts=(900.0, 930.0, 990.0))
    assert isinstance(check_restart("prod", exhausted, NOW), DeferTo)


def test_within_the_backoff_it_looks_again_when_the_backoff_ends() -> None:
    verdict = check_restart("prod", replace(DEGRADED, attempts=(990.0,)), NOW)
    assert isinstance(verdict, LookAgain) and verdict.at == 1020.0


def test_past_the_limit_it_gives_up_until_an_attempt_leaves_the_window() -> None:
    verdict = check_restart("prod", replace(DEGRADED, attempts=(900.0, 930.0, 990.0)), NOW)
    assert verdict == GiveUp(3, 1800.0, 2700.0, "restart limit reached: 3 restarts in 1800s")


def test_replicas_that_read_the_same_attempts_name_the_same_restart() -> None:
    again = replace(DEGRADED, attempts=(900.0, 930.0))
    assert restart_claim("prod", again) == "restart:prod:api:after:930.0"
    verdict = check_restart("prod", again, NOW)
    assert isinstance(verdict, Restart) and verdict.attempt == 3 and verdict.claim == "restart:prod:api:after:930.0"

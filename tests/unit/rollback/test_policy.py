"""The rollback policy on plain values: health decides alone once it lasted, metrics only when enough agree."""

from services.rollback.domain.policy import Finding, FindingKind, decide
from shared.plan.services import RollbackPolicy, Thresholds

DEFAULT = RollbackPolicy()
METRICS = RollbackPolicy(signals=["health-degraded", "error-rate", "latency", "performance-regressed"])


def finding(
    kind: FindingKind = "health-degraded",
    service: str = "api",
    at: float = 100,
    window: str = "w1",
    detail: str = "api is unhealthy",
) -> Finding:
    return Finding(kind=kind, service=service, at=at, window=window, detail=detail)


def test_nothing_found_nothing_to_do() -> None:
    assert decide([], {"api": DEFAULT}, 100).action == "none"


def test_a_health_finding_rolls_back_with_its_reason() -> None:
    decision = decide([finding()], {"api": DEFAULT, "web": DEFAULT}, 100)
    assert decision.action == "rollback" and decision.trigger == "health" and decision.culprits == ["api"]
    assert decision.reasons == ["api: api is unhealthy"]


def test_degraded_for_holds_until_it_lasted() -> None:
    patient = RollbackPolicy(thresholds=Thresholds(degraded_for=30))
    held = decide([finding(at=100)], {"api": patient}, 110)
    assert held.action == "hold" and held.recheck_at == 130 and "waiting 30s" in held.reasons[0]
    assert decide([finding(at=100)], {"api": patient}, 130).action == "rollback"


def test_a_single_noisy_metric_sample_never_rolls_back() -> None:
    noisy = finding("error-rate", detail="error rate 9.0% over 5.0%")
    decision = decide([noisy], {"api": METRICS}, 100)
    assert decision.action == "hold" and "1 of 2 metric findings" in decision.reasons[0]


def test_metric_findings_that_agree_roll_back() -> None:
    found = [
        finding("error-rate", window="w1", detail="error rate 9%"),
        finding("latency", window="w1", detail="p95 950 ms"),
    ]
    decision = decide(found, {"api": METRICS}, 100)
    assert decision.action == "rollback" and decision.trigger == "metrics"
    assert "2 metric findings agree: error rate 9%; p95 950 ms" in decision.reasons[0]
    again = [finding("error-rate", window="w1"), finding("error-rate", window="w2")]
    assert decide(again, {"api": METRICS}, 100).action == "rollback", "one metric in two windows agrees too"
    same = [finding("error-rate", window="w1"), finding("error-rate", window="w1")]
    assert decide(same, {"api": METRICS}, 100).action == "hold", "one window counts once"


def test_signals_the_policy_does_not_list_do_not_count() -> None:
    found = [finding("error-rate", window="w1"), finding("latency", window="w2")]
    assert decide(found, {"api": DEFAULT}, 100).action == "none"
    quiet = RollbackPolicy(signals=["deploy-failed"])
    assert decide([finding()], {"api": quiet}, 100).action == "none"


def test_findings_about_other_services_are_not_this_deployments() -> None:
    assert decide([finding(service="billing")], {"api": DEFAULT}, 100).action == "none"


def test_the_agreement_is_configurable() -> None:
    strict = METRICS.model_copy(update={"agreement": 3})
    found = [finding("error-rate", window="w1"), finding("latency", window="w1")]
    assert decide(found, {"api": strict}, 100).action == "hold"
    assert decide([*found, finding("canary", window="c1")], {"api": strict}, 100).action == "rollback"


def test_a_health_finding_waits_while_the_services_own_gate_runs() -> None:
    held = decide([finding()], {"api": DEFAULT}, 100, gating={"api"})
    assert held.action == "hold" and held.recheck_at is None
    assert held.reasons == ["api is unhealthy".join(["api: ", "; waiting for its health gate"])]
    assert decide([finding()], {"api": DEFAULT}, 100, gating={"web"}).action == "rollback"


def test_metrics_still_decide_while_the_gate_runs_and_the_trigger_names_them() -> None:
    found = [finding(), finding("error-rate", window="w1"), finding("latency", window="w1")]
    decision = decide(found, {"api": METRICS}, 100, gating={"api"})
    assert decision.action == "rollback" and decision.trigger == "metrics"
    assert len(decision.reasons) == 1 and "2 metric findings agree" in decision.reasons[0]
    assert decide(found, {"api": METRICS}, 100).trigger == "health"

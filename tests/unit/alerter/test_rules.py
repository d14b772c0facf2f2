from services.alerter.domain.changes import Fire, Resolve
from services.alerter.domain.rules import evaluate
from shared.events import (
    DeploymentFailed,
    DeploymentSucceeded,
    HealthDegraded,
    HealthGateFailed,
    HealthRecovered,
    ProbeEvidence,
    RollbackCompleted,
    RollbackFailed,
    RollbackStarted,
    StageStarted,
)
from shared.events.deployment import DeploymentFailedPayload, DeploymentSucceededPayload
from shared.events.health import HealthChangePayload, HealthGateFailedPayload
from shared.events.rollback import RollbackOutcomePayload, RollbackStartedPayload, ServiceRollbackOutcome
from shared.events.stage import StagePayload


def production(name: str) -> bool:
    return name == "production"


def degraded(environment: str, service: str = "api") -> HealthDegraded:
    return HealthDegraded(
        environment=environment,
        service=service,
        producer="t",
        payload=HealthChangePayload(status="degraded", previous_status="healthy"),
    )


def test_deployment_failed_is_critical_and_keeps_its_fingerprint_across_repeats() -> None:
    event = DeploymentFailed(
        deployment_id="d-1", environment="staging", producer="t", payload=DeploymentFailedPayload(reason="boom")
    )
    again = event.model_copy(update={"event_id": "another"})
    (first,), (second,) = evaluate(event, production), evaluate(again, production)
    assert isinstance(first, Fire) and isinstance(second, Fire)
    assert first.alert.severity == "critical" and "boom" in first.alert.summary
    assert first.alert.fingerprint == second.alert.fingerprint


def test_health_degraded_is_critical_in_production_and_a_warning_elsewhere() -> None:
    (prod,), (staging,) = evaluate(degraded("production"), production), evaluate(degraded("staging"), production)
    assert isinstance(prod, Fire) and prod.alert.severity == "critical"
    assert isinstance(staging, Fire) and staging.alert.severity == "warning"
    assert prod.alert.fingerprint != staging.alert.fingerprint


def test_health_recovered_resolves_the_services_health_alerts() -> None:
    event = HealthRecovered(
        environment="production",
        service="api",
        producer="t",
        payload=HealthChangePayload(status="healthy", previous_status="degraded"),
    )
    (change,) = evaluate(event, production)
    assert isinstance(change, Resolve)
    (fired,) = evaluate(degraded("production"), production)
    assert isinstance(fired, Fire) and change.matches(fired.alert)
    (other,) = evaluate(degraded("production", "web"), production)
    assert isinstance(other, Fire) and not change.matches(other.alert)


def test_rollback_completed_is_an_info_notice_and_resolves_the_deployments_trouble() -> None:
    failed = DeploymentFailed(
        deployment_id="d-1", environment="production", producer="t", payload=DeploymentFailedPayload(reason="x")
    )
    started = RollbackStarted(
        deployment_id="d-1",
        environment="production",
        producer="t",
        payload=RollbackStartedPayload(reason="x", waves=[["web"], ["api"]]),
    )
    completed = RollbackCompleted(
        deployment_id="d-1",
        environment="production",
        producer="t",
        payload=RollbackOutcomePayload(
            outcomes=[ServiceRollbackOutcome(service="api", ok=True, restored_version="1.0")]
        ),
    )
    resolve, notice = evaluate(completed, production)
    assert isinstance(resolve, Resolve) and isinstance(notice, Fire)
    assert notice.alert.severity == "info" and notice.alert.notice and not notice.lasting
    for event in (failed, started):
        (fired,) = evaluate(event, production)
        assert isinstance(fired, Fire) and resolve.matches(fired.alert)
    (rollback,) = evaluate(started, production)
    assert isinstance(rollback, Fire) and rollback.alert.services == ["web", "api"] and rollback.lasting


def test_rollback_failed_is_critical_and_names_what_was_not_restored() -> None:
    event = RollbackFailed(
        deployment_id="d-1",
        environment="staging",
        producer="t",
        payload=RollbackOutcomePayload(outcomes=[ServiceRollbackOutcome(service="api", ok=False, detail="exit 3")]),
    )
    resolve, fire = evaluate(event, production)
    assert isinstance(resolve, Resolve) and resolve.names == ("rollback-started",)
    assert isinstance(fire, Fire) and fire.alert.severity == "critical"
    assert "api" in fire.alert.summary and fire.alert.details["api"] == "exit 3"


def test_a_later_success_resolves_earlier_failures_in_the_environment() -> None:
    event = DeploymentSucceeded(
        deployment_id="d-2", environment="production", producer="t", payload=DeploymentSucceededPayload(duration_s=3)
    )
    failed = DeploymentFailed(
        deployment_id="d-1", environment="production", producer="t", payload=DeploymentFailedPayload(reason="x")
    )
    (fired,) = evaluate(failed, production)
    assert isinstance(fired, Fire)
    assert any(isinstance(c, Resolve) and c.matches(fired.alert) for c in evaluate(event, production))


def test_events_that_are_not_alerts_change_nothing() -> None:
    event = StageStarted(
        deployment_id="d-1", environment="production", producer="t", payload=StagePayload(wave=0, services=["api"])
    )
    assert evaluate(event, production) == []


def test_a_failed_health_gate_is_a_warning_that_says_why() -> None:
    event = HealthGateFailed(
        deployment_id="d-1",
        environment="staging",
        service="api",
        producer="t",
        payload=HealthGateFailedPayload(
            reason="HTTP 500 three times", waited_s=12, evidence=[ProbeEvidence(ok=False, reason="HTTP 500")]
        ),
    )
    (fire,) = evaluate(event, production)
    assert isinstance(fire, Fire) and fire.alert.severity == "warning"
    assert fire.alert.summary == "Health gate of api failed in staging: HTTP 500 three times"
    assert fire.alert.details == {"reason": "HTTP 500 three times", "waited": "12s", "last failed probe": "HTTP 500"}

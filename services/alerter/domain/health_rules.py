"""The rules of a service's health: degraded and recovered, slow, and a deployment's step, gate or checks failing.
Pure."""

from shared.events import (
    HealthDegraded,
    HealthGateFailed,
    HealthRecovered,
    PerformanceDegraded,
    ServiceDeployFailed,
    VerificationFailed,
)

from .alert import Severity
from .changes import AlertChange, Fire, Resolve, alert_of

HEALTH_TROUBLE = ("health-degraded", "performance-degraded")


def health_degraded(event: HealthDegraded, production: bool) -> list[AlertChange]:
    payload = event.payload
    summary = f"{event.service} is {payload.status} in {event.environment}"
    reasons = [e.reason for e in payload.evidence if not e.ok and e.reason]
    details = {
        "reason": reasons[-1] if reasons else "",
        "root cause": payload.root_cause or "",
        "impacted": ", ".join(payload.impacted),
        "error rate": f"{payload.error_rate:.1%}" if payload.error_rate is not None else "",
        "p95 latency": f"{payload.latency_p95_ms:.0f} ms" if payload.latency_p95_ms is not None else "",
    }
    severity: Severity = "critical" if production else "warning"
    return [Fire(alert_of(event, severity, summary, subject=event.service, details=details))]


def health_recovered(event: HealthRecovered) -> list[AlertChange]:
    return [Resolve(event.environment, HEALTH_TROUBLE, service=event.service)]


def performance_degraded(event: PerformanceDegraded) -> list[AlertChange]:
    p = event.payload
    summary = (
        f"{event.service} {p.metric.replace('_', ' ')} is {p.value:g} (threshold {p.threshold:g}) in "
        f"{event.environment}, version {p.version}"
    )
    before = (
        ""
        if p.previous_value is None
        else f"{p.previous_value:g}" + (f" ({p.previous_version})" if p.previous_version else "")
    )
    details = {"previous": before}
    return [Fire(alert_of(event, "warning", summary, subject=f"{event.service}/{p.metric}", details=details))]


def step_failed(event: ServiceDeployFailed) -> list[AlertChange]:
    p = event.payload
    summary = f"{p.step.capitalize()} of {event.service} failed in {event.environment}: {p.reason}"
    details = {
        "reason": p.reason,
        "version": p.version,
        "exit code": "" if p.exit_code is None else str(p.exit_code),
        "timed out": "yes" if p.timed_out else "",
    }
    subject = f"{event.deployment_id}/{event.service}"
    return [Fire(alert_of(event, "warning", summary, subject=subject, details=details))]


def gate_failed(event: HealthGateFailed) -> list[AlertChange]:
    p = event.payload
    summary = f"Health gate of {event.service} failed in {event.environment}: {p.reason}"
    probes = [e.reason for e in p.evidence if not e.ok and e.reason]
    details = {"reason": p.reason, "waited": f"{p.waited_s:.0f}s", "last failed probe": probes[-1] if probes else ""}
    subject = f"{event.deployment_id}/{event.service}"
    return [Fire(alert_of(event, "warning", summary, subject=subject, details=details))]


def verification_failed(event: VerificationFailed) -> list[AlertChange]:
    failed = [r for r in event.payload.results if not r.passed]
    summary = f"Verification of {event.deployment_id} failed in {event.environment}" + (
        f": {', '.join(f'{r.kind} {r.name}' for r in failed)}" if failed else ""
    )
    details = {f"{r.kind} {r.name}": r.detail or "failed" for r in failed}
    return [Fire(alert_of(event, "warning", summary, subject=event.deployment_id, details=details))]

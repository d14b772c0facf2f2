"""Which events become alerts, at which severity, and which events resolve which alerts. Pure: event in, changes out."""

from collections.abc import Callable
from dataclasses import dataclass

from shared.events import Event

from .alert import Alert, Severity, fingerprint

DEPLOYMENT_TROUBLE = (
    "service-deploy-failed",
    "health-gate-failed",
    "verification-failed",
    "deployment-failed",
    "rollback-started",
)
ENVIRONMENT_TROUBLE = ("deployment-failed", "rollback-failed")
HEALTH_TROUBLE = ("health-degraded", "performance-degraded")


@dataclass(frozen=True)
class Fire:
    alert: Alert
    lasting: bool = True  # False: a one-off notice, never active, nothing resolves it


@dataclass(frozen=True)
class Resolve:
    """Resolves the environment's active alerts named here that match the service or deployment, when given."""

    environment: str
    names: tuple[str, ...]
    service: str | None = None
    deployment_id: str | None = None

    def matches(self, alert: Alert) -> bool:
        return (
            alert.environment == self.environment
            and alert.name in self.names
            and (self.service is None or alert.service == self.service)
            and (self.deployment_id is None or alert.deployment_id == self.deployment_id)
        )


Change = Fire | Resolve


def evaluate(event: Event, production: Callable[[str], bool]) -> list[Change]:
    """The alert changes an event causes; `production(environment)` says whether the environment is production."""
    if not event.environment:
        return []
    rule = _RULES.get(event.type)
    return rule(event, production(event.environment)) if rule else []


def _alert(
    event: Event,
    severity: Severity,
    summary: str,
    *,
    subject: str,
    notice: bool = False,
    details: dict[str, str] | None = None,
    services: list[str] | None = None,
) -> Alert:
    environment = str(event.environment)
    return Alert(
        fingerprint=fingerprint(event.type, environment, subject),
        name=event.type,
        severity=severity,
        environment=environment,
        service=event.service,
        deployment_id=event.deployment_id,
        summary=summary,
        details={key: value for key, value in (details or {}).items() if value},
        starts_at=event.occurred_at.timestamp(),
        event_id=event.event_id,
        notice=notice,
        services=services or [],
    )


def _where(event: Event) -> str:
    return f"{event.service} in {event.environment}" if event.service else str(event.environment)


def _deployment_failed(event: Event, production: bool) -> list[Change]:
    payload = event.payload
    summary = f"Deployment {event.deployment_id} failed in {event.environment}: {payload.reason}"
    details = {"reason": payload.reason, "failed services": ", ".join(payload.failed_services)}
    return [
        Fire(
            _alert(
                event,
                "critical",
                summary,
                subject=str(event.deployment_id),
                details=details,
                services=list(payload.failed_services),
            )
        )
    ]


def _rollback_failed(event: Event, production: bool) -> list[Change]:
    failed = [o for o in event.payload.outcomes if not o.ok]
    summary = f"Rollback of {event.deployment_id} failed in {event.environment}" + (
        f": {', '.join(o.service for o in failed)} not restored" if failed else ""
    )
    details = {o.service: o.detail or "not restored" for o in failed} | {"reason": event.payload.reason}
    return [
        Resolve(str(event.environment), ("rollback-started",), deployment_id=event.deployment_id),
        Fire(
            _alert(
                event,
                "critical",
                summary,
                subject=str(event.deployment_id),
                details=details,
                services=[o.service for o in failed],
            )
        ),
    ]


def _rollback_started(event: Event, production: bool) -> list[Change]:
    services = [name for wave in event.payload.waves for name in wave]
    summary = f"Rolling back {event.deployment_id} in {event.environment}" + (
        f": {', '.join(services)}" if services else ""
    )
    return [
        Fire(
            _alert(
                event,
                "info",
                summary,
                subject=str(event.deployment_id),
                notice=True,
                details={"reason": event.payload.reason},
                services=services,
            )
        )
    ]


def _rollback_completed(event: Event, production: bool) -> list[Change]:
    restored = [f"{o.service} {o.restored_version or ''}".strip() for o in event.payload.outcomes if o.ok]
    summary = f"Rolled back {event.deployment_id} in {event.environment}" + (
        f": {', '.join(restored)}" if restored else ""
    )
    details = {"duration": f"{event.payload.duration_s:.1f}s", "reason": event.payload.reason}
    return [
        Resolve(str(event.environment), DEPLOYMENT_TROUBLE, deployment_id=event.deployment_id),
        Fire(_alert(event, "info", summary, subject=str(event.deployment_id), notice=True, details=details), False),
    ]


def _rolled_back(event: Event, production: bool) -> list[Change]:
    return [Resolve(str(event.environment), DEPLOYMENT_TROUBLE, deployment_id=event.deployment_id)]


def _succeeded(event: Event, production: bool) -> list[Change]:
    environment = str(event.environment)
    return [
        Resolve(environment, DEPLOYMENT_TROUBLE, deployment_id=event.deployment_id),
        Resolve(environment, ENVIRONMENT_TROUBLE),
    ]


def _health_degraded(event: Event, production: bool) -> list[Change]:
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
    return [Fire(_alert(event, severity, summary, subject=str(event.service), details=details))]


def _health_recovered(event: Event, production: bool) -> list[Change]:
    return [Resolve(str(event.environment), HEALTH_TROUBLE, service=event.service)]


def _performance_degraded(event: Event, production: bool) -> list[Change]:
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
    return [Fire(_alert(event, "warning", summary, subject=f"{event.service}/{p.metric}", details=details))]


def _step_failed(event: Event, production: bool) -> list[Change]:
    p = event.payload
    summary = f"{p.step.capitalize()} of {event.service} failed in {event.environment}: {p.reason}"
    details = {
        "reason": p.reason,
        "version": p.version,
        "exit code": "" if p.exit_code is None else str(p.exit_code),
        "timed out": "yes" if p.timed_out else "",
    }
    return [Fire(_alert(event, "warning", summary, subject=f"{event.deployment_id}/{event.service}", details=details))]


def _gate_failed(event: Event, production: bool) -> list[Change]:
    p = event.payload
    summary = f"Health gate of {event.service} failed in {event.environment}: {p.reason}"
    probes = [e.reason for e in p.evidence if not e.ok and e.reason]
    details = {"reason": p.reason, "waited": f"{p.waited_s:.0f}s", "last failed probe": probes[-1] if probes else ""}
    return [Fire(_alert(event, "warning", summary, subject=f"{event.deployment_id}/{event.service}", details=details))]


def _verification_failed(event: Event, production: bool) -> list[Change]:
    failed = [r for r in event.payload.results if not r.passed]
    summary = f"Verification of {event.deployment_id} failed in {event.environment}" + (
        f": {', '.join(f'{r.kind} {r.name}' for r in failed)}" if failed else ""
    )
    details = {f"{r.kind} {r.name}": r.detail or "failed" for r in failed}
    return [Fire(_alert(event, "warning", summary, subject=str(event.deployment_id), details=details))]


def _notice(text: Callable[[Event], str]) -> Callable[[Event, bool], list[Change]]:
    def rule(event: Event, production: bool) -> list[Change]:
        return [Fire(_alert(event, "info", text(event), subject=str(event.deployment_id), notice=True), False)]

    return rule


_RULES: dict[str, Callable[[Event, bool], list[Change]]] = {
    "deployment-failed": _deployment_failed,
    "rollback-failed": _rollback_failed,
    "rollback-started": _rollback_started,
    "rollback-completed": _rollback_completed,
    "deployment-rolled-back": _rolled_back,
    "deployment-succeeded": _succeeded,
    "health-degraded": _health_degraded,
    "health-recovered": _health_recovered,
    "performance-degraded": _performance_degraded,
    "service-deploy-failed": _step_failed,
    "health-gate-failed": _gate_failed,
    "verification-failed": _verification_failed,
    "approval-requested": _notice(lambda e: f"Deployment {e.deployment_id} waits for approval in {e.environment}"),
    "deployment-cancelled": _notice(
        lambda e: (
            f"Deployment {e.deployment_id} was cancelled in {e.environment}"
            + (f" by {e.payload.cancelled_by}" if e.payload.cancelled_by else "")
        )
    ),
}
RULE_EVENTS = tuple(_RULES)

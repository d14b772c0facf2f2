"""Plain values for the alerter's pure tests."""

from typing import Any

from services.alerter.domain.alert import Alert, fingerprint


def alert(
    name: str = "health-degraded",
    *,
    severity: str = "warning",
    environment: str = "production",
    service: str | None = "api",
    deployment_id: str | None = None,
    **fields: Any,
) -> Alert:
    subject = service or deployment_id or "-"
    values: dict[str, Any] = {
        "fingerprint": fingerprint(name, environment, subject),
        "name": name,
        "severity": severity,
        "environment": environment,
        "service": service,
        "deployment_id": deployment_id,
        "summary": f"{name} on {subject}",
        "starts_at": 1000.0,
        "event_id": f"evt-{name}-{subject}",
    }
    return Alert(**(values | fields))

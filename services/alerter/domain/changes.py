"""What a rule makes of an event: an alert fired, or alerts resolved. Pure."""

from dataclasses import dataclass

from shared.events import Event

from .alert import Alert, Severity, fingerprint


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


AlertChange = Fire | Resolve


def alert_of(
    event: Event,
    severity: Severity,
    summary: str,
    *,
    subject: str,
    notice: bool = False,
    details: dict[str, str] | None = None,
    services: list[str] | None = None,
) -> Alert:
    """The alert an event fires, named after the event's type; `subject` is what it is about (its fingerprint)."""
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

"""What an incident update announces: incident-opened when it opens, incident-resolved when it resolves, caused by
the event that did it (none for a settling)."""

from shared.events import Event
from shared.events.recovery import IncidentOpened, IncidentOpenedPayload, IncidentResolved, IncidentResolvedPayload

from .domain.incident import Incident
from .domain.incident_update import IncidentUpdate


def announcements(producer: str, update: IncidentUpdate, incident: Incident, cause: Event | None) -> list[Event]:
    correlation_id = (cause and cause.correlation_id) or incident.deployment_id
    causation_id = cause.event_id if cause else None
    events: list[Event] = []
    if update.opened:
        events.append(
            IncidentOpened(
                deployment_id=incident.deployment_id,
                environment=incident.environment,
                producer=producer,
                correlation_id=correlation_id,
                causation_id=causation_id,
                payload=IncidentOpenedPayload(
                    incident_id=incident.incident_id,
                    title=incident.title,
                    trigger=incident.trigger,
                    services=incident.services,
                    detected_at=incident.detected_at,
                    began_at=incident.began_at,
                ),
            )
        )
    if update.resolved and incident.outcome is not None:
        events.append(
            IncidentResolved(
                deployment_id=incident.deployment_id,
                environment=incident.environment,
                producer=producer,
                correlation_id=correlation_id,
                causation_id=causation_id,
                payload=IncidentResolvedPayload(
                    incident_id=incident.incident_id,
                    outcome=incident.outcome,
                    decision=incident.decision,
                    reasons=incident.reasons,
                    time_to_detect_s=incident.time_to_detect_s,
                    time_to_recover_s=incident.time_to_recover_s,
                ),
            )
        )
    return events

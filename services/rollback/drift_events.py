"""What a drift found is told as: drift-detected, and, where the plan's recovery.correct_drift allows it, a
deploy-requested of the desired version (a redeploy, caused by the drift-detected)."""

from uuid import uuid4

from shared.events import DeployRequested, DriftDetected, Event
from shared.events.deployment import DeployRequestedPayload
from shared.events.recovery import DriftDetectedPayload

from .domain.drift import Desired, Drift

REQUESTED_BY = "flightdeck (drift correction)"


def drift_events(producer: str, environment: str, service: str, wanted: Desired, drift: Drift) -> list[Event]:
    redeploy_id = f"drift-{uuid4().hex[:12]}" if drift.redeploy else None
    detected = DriftDetected(
        service=service,
        environment=environment,
        producer=producer,
        correlation_id=redeploy_id,
        payload=DriftDetectedPayload(
            desired_version=drift.desired_version,
            reported_version=drift.reported_version,
            desired_by=wanted.desired_by,
            action=drift.action,
        ),
    )
    if redeploy_id is None:
        return [detected]
    reason = f"drift: {service} in {environment} reports {drift.reported_version}, desired {drift.desired_version}" + (
        f" (deployed by {wanted.desired_by})" if wanted.desired_by else ""
    )
    request = DeployRequested(
        deployment_id=redeploy_id,
        environment=environment,
        producer=producer,
        correlation_id=redeploy_id,
        causation_id=detected.event_id,
        payload=DeployRequestedPayload(
            services=[service],
            versions={service: drift.desired_version},
            requested_by=REQUESTED_BY,
            reason=reason,
            redeploy=True,
        ),
    )
    return [detected, request]

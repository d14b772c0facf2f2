"""Which API route carries each event the CLI publishes, and with what body (pure). The server builds the event
again from the body, checked by the same code as the CLI's (shared/requests), with who asked taken from the token:
the CLI's own --by is not trusted over HTTP. Production has been confirmed with the person by then (or --yes), so
`confirm` is the environment's name. An event with no route is a TransportError naming it."""

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from shared.events import (
    AlertAcknowledged,
    ApprovalGranted,
    CancelRequested,
    DeployRequested,
    Event,
    ResumeRequested,
    RollbackRequested,
    SilenceCreated,
    SilenceExpired,
)
from shared.events.catalog import describe
from shared.requests.deploy import DeployInput

from .http_api import segment
from .http_errors import REFUSED, USAGE
from .transport import TransportError


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    body: dict[str, Any] | None = None


def unroutable(event: Event, why: str = "") -> TransportError:
    return TransportError(
        f"the dashboard's API takes no {event.type} event{why}: run this command with REDIS_URL set "
        "(and FLIGHTDECK_URL unset) where Redis can be reached",
        USAGE,
    )


def deploy_input(event: DeployRequested) -> DeployInput:
    """The request as the API takes it. A service named in both `services` and `versions` is deployed at its own
    version either way, so it is named once, in `versions` (the API refuses it twice)."""
    asked = event.payload
    if asked.artifacts or asked.plan_revision is not None:
        raise unroutable(event, " with artifacts or a pinned plan revision")
    services = [name for name in asked.services if name not in asked.versions]
    if asked.services and not services and set(asked.versions) - set(asked.services):
        raise unroutable(event, " that deploys only some of the services it gives versions for")
    try:
        return _input(event, services)
    except ValidationError as error:  # a CI's commit time without a zone, say: the API wants one
        raise TransportError(f"the deploy request does not read as the API's: {describe(error)}", REFUSED) from None


def _input(event: DeployRequested, services: list[str]) -> DeployInput:
    asked = event.payload
    return DeployInput(
        environment=str(event.environment),
        version=asked.version,
        versions=dict(asked.versions),
        services=services,
        reason=asked.reason,
        id=event.deployment_id,
        redeploy=asked.redeploy,
        commit_sha=asked.commit_sha,
        commit_time=asked.commit_time,
        ci_run_url=asked.ci_run_url,
        confirm=event.environment,
    )


def _acting(event: Event, verb: str, **body: Any) -> Route:
    path = f"/deployments/{segment(str(event.deployment_id))}/{verb}"
    return Route("POST", path, {**body, "confirm": event.environment})


def route_of(event: Event) -> Route:
    """The route and body that publish `event`; TransportError (exit 64) for an event the API does not take."""
    if isinstance(event, DeployRequested):
        return Route("POST", "/deployments", deploy_input(event).model_dump(mode="json", exclude_none=True))
    if isinstance(event, ApprovalGranted):
        return _acting(event, "approve", reason=event.payload.comment)
    if isinstance(event, CancelRequested):
        return _acting(event, "cancel", reason=event.payload.reason)
    if isinstance(event, ResumeRequested):
        return _acting(event, "resume", action=event.payload.action, reason=event.payload.comment)
    if isinstance(event, RollbackRequested):
        return _acting(event, "rollback", reason=event.payload.reason, services=list(event.payload.services))
    if isinstance(event, AlertAcknowledged):
        return Route("POST", f"/alerts/{segment(event.payload.fingerprint)}/ack", {"comment": event.payload.comment})
    if isinstance(event, SilenceCreated):
        silence = event.payload
        body = {
            "matchers": [m.model_dump(mode="json") for m in silence.matchers],
            "starts_at": silence.starts_at.isoformat(),
            "ends_at": silence.ends_at.isoformat(),
            "comment": silence.comment,
        }
        return Route("POST", "/silences", body)
    if isinstance(event, SilenceExpired):
        return Route("DELETE", f"/silences/{segment(event.payload.silence_id)}")
    raise unroutable(event)

"""The alerting writes: acknowledge an alert (its escalation stops), create a silence, expire one. Each publishes
the event the CLI publishes, with who did it; a deployer acts in its environments only (a silence is held to the
environment its `environment=X` matcher names, and one without needs every environment)."""

from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from services.dashboard.auth.guard import Auth
from services.dashboard.domain.alerts import SilenceView
from services.dashboard.readmodel.queries import ReadModel
from shared.bus.publisher import EventPublisher
from shared.events import AlertAcknowledged, Event, SilenceCreated, SilenceExpired
from shared.events.alerting import AlertAcknowledgedPayload, SilenceExpiredPayload
from shared.requests import RequestError
from shared.requests.silence import SilenceInput, silence_environment, silence_request

from .errors import field_error
from .sending import Accepted, send

PRODUCES: tuple[type[Event], ...] = (AlertAcknowledged, SilenceCreated, SilenceExpired)


class Ack(BaseModel):
    comment: str = Field("", max_length=2000, description="what you are doing about it")


class SilenceAccepted(Accepted):
    silence_id: str


def alerting_router(auth: Auth, model: ReadModel, publisher: EventPublisher) -> APIRouter:
    api = APIRouter(tags=["alerts and silences"])

    @api.post("/alerts/{fingerprint}/ack", status_code=202, dependencies=[auth.needs("acknowledge")])
    async def acknowledge(request: Request, fingerprint: str, asked: Ack) -> Accepted:
        """Somebody is on it: the alerter stops escalating this alert."""
        alert = next((a for a in await model.alerts() if a.fingerprint == fingerprint), None)
        if alert is None:
            error = f"no active alert {fingerprint!r}: GET /api/v1/alerts lists them (a resolved one needs no ack)"
            raise HTTPException(404, detail={"error": error})
        who = (await auth.require(request, "acknowledge", alert.environment)).principal
        # no 422 to give: the alerter names alerts by 16 hex digits, user names and comments are bounded already
        payload = AlertAcknowledgedPayload(fingerprint=fingerprint, by=who.name, via="dashboard", comment=asked.comment)
        return await send(publisher, AlertAcknowledged(environment=alert.environment, payload=payload))

    @api.post("/silences", status_code=202, dependencies=[auth.needs("silence")])
    async def create(request: Request, asked: SilenceInput) -> SilenceAccepted:
        who = (await auth.require(request, "silence", silence_environment(asked.matchers))).principal
        try:
            event = silence_request(asked, by=who.name, now=datetime.now(UTC))
        except RequestError as error:
            raise field_error(error.field, error.message) from None
        sent = await send(publisher, event)
        return SilenceAccepted(**sent.model_dump(), silence_id=event.payload.silence_id)

    @api.delete("/silences/{silence_id}", status_code=202, dependencies=[auth.needs("silence")])
    async def expire(request: Request, silence_id: str) -> Accepted:
        """Ends the silence now: what it matched is sent again."""
        found: SilenceView | None = next((s for s in await model.silences() if s.silence_id == silence_id), None)
        if found is None:
            raise HTTPException(
                404, detail={"error": f"no active or pending silence {silence_id!r}: see GET /silences"}
            )
        who = (await auth.require(request, "silence", silence_environment(found.matchers))).principal
        expired = SilenceExpired(payload=SilenceExpiredPayload(silence_id=silence_id, by=who.name))
        return await send(publisher, expired)

    return api

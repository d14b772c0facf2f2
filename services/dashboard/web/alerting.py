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

from .writes import Accepted, invalid

PRODUCES: tuple[type[Event], ...] = (AlertAcknowledged, SilenceCreated, SilenceExpired)


class Ack(BaseModel):
    comment: str = Field("", max_length=2000, description="what you are doing about it")


class SilenceAccepted(Accepted):
    silence_id: str


def alerting_router(auth: Auth, model: ReadModel, publisher: EventPublisher) -> APIRouter:
    api = APIRouter(tags=["alerts and silences"])

    async def send(event: Event) -> Accepted:
        stream_id = await publisher.publish(event)
        return Accepted(deployment_id=event.deployment_id or "", event_id=event.event_id, stream_id=str(stream_id))

    @api.post("/alerts/{fingerprint}/ack", status_code=202, dependencies=[auth.needs("acknowledge")])
    async def acknowledge(request: Request, fingerprint: str, asked: Ack) -> Accepted:
        """Somebody is on it: the alerter stops escalating this alert."""
        alert = next((a for a in await model.alerts() if a.fingerprint == fingerprint), None)
        if alert is None:
            error = f"no active alert {fingerprint!r}: GET /api/v1/alerts lists them (a resolved one needs no ack)"
            raise HTTPException(404, detail={"error": error})
        who = (await auth.require(request, "acknowledge", alert.environment)).principal
        try:
            payload = AlertAcknowledgedPayload(
                fingerprint=fingerprint, by=who.name, via="dashboard", comment=asked.comment
            )
        except ValueError as error:
            raise HTTPException(422, detail={"error": f"fingerprint: {error}"}) from None
        return await send(AlertAcknowledged(environment=alert.environment, payload=payload))

    @api.post("/silences", status_code=202, dependencies=[auth.needs("silence")])
    async def create(request: Request, asked: SilenceInput) -> SilenceAccepted:
        who = (await auth.require(request, "silence", silence_environment(asked.matchers))).principal
        try:
            event = silence_request(asked, by=who.name, now=datetime.now(UTC))
        except RequestError as error:
            raise invalid(error) from None
        sent = await send(event)
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
        return await send(SilenceExpired(payload=SilenceExpiredPayload(silence_id=silence_id, by=who.name)))

    return api

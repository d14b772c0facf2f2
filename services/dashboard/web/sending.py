"""What a write does once it is allowed: publish the event (the one the CLI publishes) and answer 202 Accepted
with the ids to follow it by."""

from pydantic import BaseModel, Field

from shared.bus.publisher import EventPublisher
from shared.events import Event


class Accepted(BaseModel):
    deployment_id: str
    event_id: str
    stream_id: str = Field(description="follow from here: /api/v1/events?deployment=...&last_id=...")


async def send(publisher: EventPublisher, event: Event) -> Accepted:
    stream_id = await publisher.publish(event)
    return Accepted(deployment_id=event.deployment_id or "", event_id=event.event_id, stream_id=str(stream_id))

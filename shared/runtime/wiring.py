"""What a service declares to its FastStream broker for the AsyncAPI document: the consumer group that feeds its
dispatcher, and the events it publishes."""

from typing import Any

from faststream import FastStream
from faststream.redis import RedisBroker
from faststream.specification import AsyncAPI

from shared.bus.subscription import document
from shared.events import union_of
from shared.settings import Settings
from shared.streams import Keys

from .definition import ServiceDefinition


def declare(broker: RedisBroker, definition: ServiceDefinition, keys: Keys, settings: Settings) -> None:
    if definition.consumes:
        document(
            broker,
            stream=keys.events,
            group=definition.name,
            consumer=settings.consumer_for(definition.name),
            batch_size=settings.batch_size,
            consumes=definition.consumes,
        )
    if definition.produces:
        broker.publisher(
            keys.events,
            title=f"{keys.events}:{definition.name}:publishes",
            description=f"Events the {definition.name} service publishes.",
            schema=union_of(definition.produces),
        )


def asyncapi_document(broker: RedisBroker, definition: ServiceDefinition, version: str) -> dict[str, Any]:
    app = FastStream(
        broker,
        specification=AsyncAPI(
            title=f"flightdeck-{definition.name}", version=version, description=definition.description
        ),
    )
    return app.schema.to_specification().to_jsonable()  # type: ignore[no-any-return]

"""What a service declares to its FastStream broker: the subscription that feeds its dispatcher, and the events
it publishes (for the AsyncAPI document)."""

from faststream.redis import RedisBroker

from shared.bus.dispatch import Dispatcher
from shared.bus.subscription import subscribe
from shared.events import union_of
from shared.settings import Settings
from shared.streams import Keys

from .definition import ServiceDefinition


def declare(
    broker: RedisBroker, dispatcher: Dispatcher, definition: ServiceDefinition, keys: Keys, settings: Settings
) -> None:
    if definition.consumes:
        subscribe(
            broker,
            dispatcher,
            stream=keys.events,
            batch_size=settings.batch_size,
            reclaim_idle_s=settings.reclaim_idle,
            consumes=definition.consumes,
        )
    if definition.produces:
        broker.publisher(
            keys.events,
            title=f"{keys.events}:{definition.name}:publishes",
            description=f"Events the {definition.name} service publishes.",
            schema=union_of(definition.produces),
        )

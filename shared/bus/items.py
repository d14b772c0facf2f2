"""One stream entry on its way through a batch, and the keys that decide which entries must run in order."""

from dataclasses import dataclass, field

from shared.events import Event

from .delivery import ACKED, EntryFate


@dataclass
class Item:
    entry_id: str
    fields: dict[bytes, bytes]
    attempt: int = 1
    event: Event | None = None
    fate: EntryFate = field(default=ACKED)


def by_deployment(item: Item) -> str:
    """The default order: one deployment's events in stream order (a service's, outside a deployment)."""
    event = item.event
    assert event is not None
    return event.deployment_id or (f"{event.environment}/{event.service}" if event.service else item.entry_id)


def by_environment(item: Item) -> str:
    """For a service whose decisions join a deployment's events with its environment's health events: one
    environment's events run in stream order (different environments still run side by side)."""
    event = item.event
    assert event is not None
    return event.environment or by_deployment(item)

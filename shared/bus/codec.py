"""How an event sits in a stream entry: JSON under FastStream's `__data__` field, plus its type for humans."""

from redis.typing import EncodableT, FieldT

from shared.events import Event

DATA_FIELD = b"__data__"
TYPE_FIELD = b"type"


def data(event: Event) -> bytes:
    """The event as the JSON its entry carries."""
    return event.model_dump_json().encode()


def encode(event: Event) -> dict[FieldT, EncodableT]:
    """The entry's fields, typed as XADD takes them (a dict is invariant: a dict[bytes, bytes] is not one)."""
    return {DATA_FIELD: data(event), TYPE_FIELD: event.type.encode()}


def entry_data(fields: dict[bytes, bytes]) -> bytes | None:
    return fields.get(DATA_FIELD)

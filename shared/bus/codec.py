"""How an event sits in a stream entry: JSON under FastStream's `__data__` field, plus its type for humans."""

from shared.events import Event

DATA_FIELD = b"__data__"
TYPE_FIELD = b"type"


def encode(event: Event) -> dict[bytes, bytes]:
    return {DATA_FIELD: event.model_dump_json().encode(), TYPE_FIELD: event.type.encode()}


def entry_data(fields: dict[bytes, bytes]) -> bytes | None:
    return fields.get(DATA_FIELD)

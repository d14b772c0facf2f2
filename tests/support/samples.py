"""A valid instance of every event type, built from its model so a new type is covered without editing tests."""

import types
import typing
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from shared.events import EVENT_CLASSES, Event

E = TypeVar("E", bound=Event)


def _value(annotation: Any, name: str) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _value(typing.get_args(annotation)[0], name)
    if origin is typing.Literal:
        return typing.get_args(annotation)[-1]
    if origin in (typing.Union, types.UnionType):
        return _value(next(a for a in typing.get_args(annotation) if a is not type(None)), name)
    if origin is list:
        return [_value(typing.get_args(annotation)[0], name)]
    if origin is dict:
        return {"api": _value(typing.get_args(annotation)[1], name)}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return build(annotation)
    moment = datetime(2026, 1, 2, 3, 4, 5 if name != "ends_at" else 6, tzinfo=UTC)  # a window ends after it starts
    simple = {str: f"{name}-value", int: 2, float: 0.5, bool: True, datetime: moment}
    return simple[annotation]


def build(model: type[BaseModel]) -> dict[str, Any]:
    """Every field filled (not only the required ones), so a round trip proves each survives the wire."""
    values = {}
    for name, field in model.model_fields.items():
        if name in ("type", "event_id", "occurred_at", "schema_version"):
            continue
        values[name] = _value(field.annotation, name)
    return values


def sample(cls: type[E], **envelope: Any) -> E:
    fields = build(cls)
    fields.update(
        deployment_id="dep-1",
        environment="staging",
        service="api",
        correlation_id="dep-1",
        causation_id="evt-0",
        producer="tests",
    )
    fields.update(envelope)
    return cls.model_validate(fields)


def every_event(**envelope: Any) -> list[Event]:
    return [sample(cls, **envelope) for cls in EVENT_CLASSES.values()]

"""Instances of an event type built from its pydantic models, so a new field or a new type is covered untouched.

`instances(cls)` gives one event with only the required fields (payload and envelope), one with every optional
field filled (lists and dicts non-empty), and one more per value of each Literal field (a metric, a step)."""

import types
import typing
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from shared.events import Event

ENVELOPE = {
    "deployment_id": "dep-1",
    "environment": "staging",
    "service": "api",
    "correlation_id": "dep-1",
    "causation_id": "evt-0",
}
MOMENT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _strip(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return _strip(next(a for a in typing.get_args(annotation) if a is not type(None)))
    return annotation


def _value(annotation: Any, name: str, full: bool, choice: dict[str, Any]) -> Any:
    annotation = _strip(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return choice.get(name, typing.get_args(annotation)[0])
    if origin is list:
        return [_value(typing.get_args(annotation)[0], name, full, choice)]
    if origin is dict:
        return {"web": _value(typing.get_args(annotation)[1], name, full, choice)}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return fields(annotation, full, choice)
    if annotation is datetime:  # a window ends after it starts
        return MOMENT.replace(second=6) if name == "ends_at" else MOMENT
    simple = {str: f"{name}-value", int: 2, float: 0.5, bool: True}
    return simple[annotation]


def fields(model: type[BaseModel], full: bool, choice: dict[str, Any] | None = None) -> dict[str, Any]:
    """The model's fields: the required ones, or (full) every one."""
    return {
        name: _value(field.annotation, name, full, choice or {})
        for name, field in model.model_fields.items()
        if full or field.is_required()
    }


def _literals(model: type[BaseModel], seen: set[type] | None = None) -> Iterator[tuple[str, Any]]:
    seen = seen or set()
    for name, field in model.model_fields.items():
        annotation = _strip(field.annotation)
        if typing.get_origin(annotation) is list:
            annotation = _strip(typing.get_args(annotation)[0])
        if typing.get_origin(annotation) is typing.Literal:
            yield from ((name, value) for value in typing.get_args(annotation))
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in seen:
            yield from _literals(annotation, seen | {annotation})


def instances(cls: type[Event]) -> list[Event]:
    payload = cls.model_fields["payload"].annotation
    assert isinstance(payload, type) and issubclass(payload, BaseModel)
    required = {name for name, field in cls.model_fields.items() if field.is_required()} - {"payload"}
    bare = {name: ENVELOPE[name] for name in required}
    made = [
        cls.model_validate({**bare, "payload": fields(payload, full=False)}),
        cls.model_validate({**ENVELOPE, "payload": fields(payload, full=True)}),
    ]
    for name, value in _literals(payload):
        made.append(cls.model_validate({**ENVELOPE, "payload": fields(payload, True, {name: value})}))
    return made

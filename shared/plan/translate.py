"""Pydantic's validation errors, rewritten as problems a person can act on, with plan paths like a.b[1]."""

import re
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from shared.plan.errors import Issue, PathPart, did_you_mean, listing, unknown
from shared.plan.services import ServiceSettings

_PREFIXES = ("Value error, ", "Assertion failed, ")
_PLAIN = {
    "dict_type": "must be a mapping of keys to values",
    "model_type": "must be a mapping of keys to values",
    "model_attributes_type": "must be a mapping of keys to values",
    "list_type": "must be a list, like [a, b]",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "too_short": "must not be empty",
}


def issues_from_validation(error: ValidationError, root: type[BaseModel]) -> list[Issue]:
    issues = []
    for detail in error.errors(include_url=False, include_context=True, include_input=True):
        parts, annotation = _walk(root, detail["loc"])
        if detail["type"] == "invalid_key" and parts and isinstance(parts[-1], int):
            parts = (*parts[:-1], str(parts[-1]))
        issues.append(Issue(parts, _sentence(detail, root, parts, annotation)))
    return issues


def _sentence(detail: Any, root: type[BaseModel], parts: tuple[PathPart, ...], annotation: Any) -> str:
    kind, message, context = detail["type"], detail["msg"], detail.get("ctx", {})
    if parts == ("version",):
        return "the file must start with `version: 1` (the version of the plan format this Flightdeck reads)"
    if kind == "extra_forbidden":
        return _unknown_key(root, detail["loc"])
    if kind == "missing":
        return f"'{parts[-1]}' is required here" if parts else "required"
    if kind == "union_tag_not_found":
        return f"needs a type: {listing(_tags(annotation), 'or')}"
    if kind == "union_tag_invalid":
        tag = str(context.get("tag", ""))
        return unknown(f"unknown type '{tag}'", tag, _tags(annotation), "types")
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        given = detail.get("input")
        hint = did_you_mean(given, expected) if isinstance(given, str) else ""
        return f"must be {listing(expected, 'or')}{hint}"
    loc = detail["loc"]
    if kind == "invalid_key" or (len(loc) > 1 and loc[-1] == "[key]" and not isinstance(loc[-2], str)):
        return "this name is not text: YAML reads numbers, and on, off, yes and no, as other types; quote it"
    if kind == "greater_than":
        return f"must be more than {context.get('gt')}"
    if kind in _PLAIN:
        return _PLAIN[kind]
    text = str(message)
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text.replace("Input should be", "must be", 1)


def _unknown_key(root: type[BaseModel], loc: tuple[Any, ...]) -> str:
    key = str(loc[-1])
    _, parent = _walk(root, loc[:-1])
    model = _unwrap(parent)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return f"unknown key '{key}'"
    if key == "depends_on" and model is ServiceSettings:
        return "dependencies are the same in every environment, so depends_on belongs under services: only"
    known = [field.alias or name for name, field in model.model_fields.items()]
    return unknown(f"unknown key '{key}'", key, known, "keys here")


def _walk(root: type[BaseModel], loc: tuple[Any, ...]) -> tuple[tuple[PathPart, ...], Any]:
    """The path as the user wrote it (no union tags, no [key] markers) and the type found at its end."""
    parts: list[PathPart] = []
    annotation: Any = root
    for key in loc:
        annotation, shown = _step(annotation, key)
        if key == "[key]" and parts and isinstance(parts[-1], int):
            parts[-1] = str(parts[-1])  # a key YAML read as a number, not a list index
        elif shown and key != "[key]":
            parts.append(key)
    return tuple(parts), annotation


def _step(annotation: Any, key: Any) -> tuple[Any, bool]:
    annotation = _unwrap(annotation)
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = _field(annotation, key)
        return (field.annotation if field else None), True
    if origin is dict:
        return get_args(annotation)[1], True
    if origin is list:
        return get_args(annotation)[0], True
    if origin in (Union, types.UnionType):
        for member in get_args(annotation):
            if key in _tags(member):
                return member, False
    return None, True


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
            continue
        if origin in (Union, types.UnionType):
            members = [member for member in get_args(annotation) if member is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation


def _field(model: type[BaseModel], key: Any) -> FieldInfo | None:
    for name, field in model.model_fields.items():
        if (field.alias or name) == key:
            return field
    return None


def _tags(annotation: Any) -> list[str]:
    """The values of the `type` discriminator that a model, or a union of models, accepts."""
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get("type")
        if field is not None and get_origin(field.annotation) is Literal:
            return [str(tag) for tag in get_args(field.annotation)]
        return []
    if get_origin(annotation) in (Union, types.UnionType):
        return [tag for member in get_args(annotation) for tag in _tags(member)]
    return []

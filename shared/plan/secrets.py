"""Secrets written as ${NAME}: the stored plan keeps the reference; the process that uses one resolves it."""

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from shared.plan.errors import PathPart, PlanError, Problem, join_path

REFERENCE = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
MASK = "****"

T = TypeVar("T")
Lookup = Callable[[str], str | None]
MissingReport = Callable[[tuple[PathPart, ...], str], None]


class MissingSecretError(PlanError):
    """Variables the plan references that this process's environment does not set; names only, no values."""

    def __init__(self, problems: list[Problem], names: list[str], source: str) -> None:
        self.names = names
        super().__init__(problems, source)


def references(value: object) -> list[str]:
    """Every ${NAME} used anywhere in value (a string, list, dict or plan model), sorted."""
    found: set[str] = set()

    def record(name: str) -> str | None:
        found.add(name)
        return None

    substitute(value, record)
    return sorted(found)


def substitute(
    value: T, lookup: Lookup, report_missing: MissingReport | None = None, parts: tuple[PathPart, ...] = ()
) -> T:
    """A copy of value with each ${NAME} that lookup knows replaced; unknown ones stay and are reported."""
    result: Any = value
    if isinstance(value, str):
        result = _substitute_text(value, lookup, report_missing, parts)
    elif isinstance(value, BaseModel):
        updates = {}
        for name, field in type(value).model_fields.items():
            old = getattr(value, name)
            new = substitute(old, lookup, report_missing, (*parts, field.alias or name))
            if new is not old:
                updates[name] = new
        result = value.model_copy(update=updates) if updates else value
    elif isinstance(value, list):
        items = [substitute(item, lookup, report_missing, (*parts, i)) for i, item in enumerate(value)]
        result = value if all(a is b for a, b in zip(items, value, strict=True)) else items
    elif isinstance(value, dict):
        entries = {key: substitute(item, lookup, report_missing, (*parts, key)) for key, item in value.items()}
        result = value if all(entries[key] is value[key] for key in value) else entries
    return result  # type: ignore[no-any-return]


def _substitute_text(text: str, lookup: Lookup, report: MissingReport | None, parts: tuple[PathPart, ...]) -> str:
    def fill(token: re.Match[str]) -> str:
        name = token.group(1)
        if name is None:  # $$ is left for the renderer, which turns it into one literal $
            return token.group(0)
        found = lookup(name)
        if found is None:
            if report is not None:
                report(parts, name)
            return token.group(0)
        return found

    replaced = REFERENCE.sub(fill, text)
    return text if replaced == text else replaced


def resolve_secrets(value: T, env: Mapping[str, str], where: str = "", source: str = "flightdeck.yaml") -> T:
    """value with every ${NAME} taken from env; MissingSecretError naming each variable that is not set.

    Call it in the process that uses the secret (the alerter for the Slack URL), with that process's environment.
    """
    missing: list[tuple[tuple[PathPart, ...], str]] = []
    resolved = substitute(value, env.get, lambda parts, name: missing.append((parts, name)))
    if missing:
        prefix = (where,) if where else ()
        problems = [
            Problem(join_path((*prefix, *parts)), f"${{{name}}} is not set in this process's environment")
            for parts, name in missing
        ]
        raise MissingSecretError(problems, sorted({name for _, name in missing}), source)
    return resolved


def uses_reference(value: str) -> bool:
    return any(token.group(1) for token in REFERENCE.finditer(value))


def mask_secret(value: str) -> str:
    """What a display may show of a secret: a lone ${NAME} as it is; otherwise **** and the variables it uses."""
    match = REFERENCE.fullmatch(value)
    if match and match.group(1):
        return value
    used = references(value)
    return f"{MASK} (from {', '.join(f'${{{name}}}' for name in used)})" if used else MASK

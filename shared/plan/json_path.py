"""A small path syntax into a JSON document, for smoke expectations: `data.items[0].id` (pure).

Keys are separated by dots, list items are picked by [index] (negative counts from the end), and a key holding a
dot or bracket is quoted: `headers["content.type"]`. The plan checks a path when it loads; a check walks it."""

import json
import re
from typing import Any

_TOKEN = re.compile(r'\.?([A-Za-z0-9_$@-]+)|\[(-?\d+)\]|\[("(?:[^"\\]|\\.)*")\]')
MISSING = object()  # what walk returns where the document has nothing at the path

Step = str | int


def parse(path: str) -> tuple[Step, ...]:
    """The steps of path; ValueError naming where it stops making sense."""
    steps: list[Step] = []
    at = 0
    while at < len(path):
        token = _TOKEN.match(path, at)
        if token is None or (at == 0 and path.startswith(".")) or (at > 0 and path[at] not in ".["):
            raise ValueError(
                f"JSON path {path!r} is not understood at character {at + 1}: write it like data.items[0].id"
            )
        key, index, quoted = token.groups()
        steps.append(int(index) if index is not None else json.loads(quoted) if quoted is not None else key)
        at = token.end()
    if not steps:
        raise ValueError("a JSON path names at least one key, like data.id")
    return tuple(steps)


def walk(document: Any, path: str) -> Any:
    """The value at path, or MISSING."""
    value = document
    for step in parse(path):
        if isinstance(step, int) and isinstance(value, list) and -len(value) <= step < len(value):
            value = value[step]
        elif isinstance(step, str) and isinstance(value, dict) and step in value:
            value = value[step]
        else:
            return MISSING
    return value

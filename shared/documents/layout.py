"""How a document is laid out in a hash (pure): its fields, and the document's JSON text rebuilt from them.

- `stamp`: who wrote it last and at which version ("{version}.{writer}"), changed by every write;
- `head`: a JSON object, the document without its parts and its mappings;
- `part:{name}`: a JSON object `{"name": value}`, one member of the document kept apart because it is large and
  seldom changes (a deployment's waves);
- `keys:{mapping}`: the JSON list of a mapping's keys, in order;
- `entry:{mapping}:{key}`: the JSON of one value of that mapping (one service's progress).
"""

import json
from collections.abc import Mapping

STAMP = "stamp"
HEAD = "head"
PART = "part:"
KEYS = "keys:"
ENTRY = "entry:"


def part_field(name: str) -> str:
    return PART + name


def keys_field(mapping: str) -> str:
    return KEYS + mapping


def entry_field(mapping: str, key: str) -> str:
    return f"{ENTRY}{mapping}:{key}"


def _members(obj: str) -> str:
    """A JSON object's text without its braces: what it holds, to merge with other objects'."""
    inner = obj.strip()
    if not (inner.startswith("{") and inner.endswith("}")):
        raise ValueError(f"not a JSON object: {obj[:40]!r}")
    return inner[1:-1].strip()


def compose(fields: Mapping[str, str]) -> str:
    """The document's JSON text from the hash's fields (every one of them, as HGETALL answers)."""
    if HEAD not in fields:
        raise ValueError("no head: not a document")
    members = [_members(fields[HEAD])]
    members += [_members(value) for name, value in fields.items() if name.startswith(PART)]
    for name, value in fields.items():
        if not name.startswith(KEYS):
            continue
        mapping, entries = name[len(KEYS) :], []
        for key in json.loads(value):
            entry = fields.get(entry_field(mapping, key))
            if entry is None:
                raise ValueError(f"{mapping} names {key!r} but holds no entry for it")
            entries.append(f"{json.dumps(key)}:{entry}")
        members.append(f"{json.dumps(mapping)}:{{{','.join(entries)}}}")
    return "{" + ",".join(member for member in members if member) + "}"

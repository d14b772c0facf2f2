"""The coordinator's deployments and environments as hash documents (shared/documents/layout.py): which members
are kept apart, how one is read back, and what a write must change of what Redis holds (pure).

A deployment keeps each service's spec and progress in an entry of its own, and its waves and rollback apart
from its head; an environment keeps each service's desired state in an entry, and its active deployment and queue
apart (both name every service's version). A write then rewrites the head, the entries a decision touched that
differ from what was written, and the parts that changed: O(what changed), not O(services)."""

import json
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from shared.documents.layout import HEAD, STAMP, compose, entry_field, keys_field, part_field

from .domain.model import Deployment, EnvironmentState
from .tracked import Tracked

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Layout:
    mappings: tuple[str, ...]  # dict members kept one entry per value
    parts: tuple[str, ...]  # members kept in a field of their own, rewritten when they change

    @property
    def apart(self) -> set[str]:
        return {*self.mappings, *self.parts}


DEPLOYMENT = Layout(mappings=("specs", "services"), parts=("waves", "rollback"))
ENVIRONMENT = Layout(mappings=("desired",), parts=("active", "queue"))
LAYOUTS: dict[type[BaseModel], Layout] = {Deployment: DEPLOYMENT, EnvironmentState: ENVIRONMENT}


@dataclass
class Memo:
    """What Redis holds of one document, as this replica last read or wrote it: its stamp, every field's JSON but
    the stamp's, and a copy of each part's value (to tell whether it changed without serialising it)."""

    stamp: str
    texts: dict[str, str]
    parts: dict[str, Any]


@dataclass
class Writes:
    """What one write of a document changes: `full` replaces the whole key (a new document, or one of the
    earlier layout); else `fields` are set and `gone` deleted."""

    stamp: str
    fields: dict[str, str] = field(default_factory=dict)
    gone: list[str] = field(default_factory=list)
    parts: dict[str, Any] = field(default_factory=dict)
    full: bool = False


def track(document: BaseModel) -> None:
    """From now on its mappings say which values may have changed (see tracked.py)."""
    for name in LAYOUTS[type(document)].mappings:
        value = getattr(document, name)
        if isinstance(value, Tracked):
            value.settle()
        else:
            setattr(document, name, Tracked(value))


def decode(model: type[M], fields: dict[str, str]) -> tuple[M, Memo]:
    """A document read from every field of its hash, tracked, and what Redis holds of it."""
    document = model.model_validate_json(compose(fields))
    track(document)
    parts = {name: deepcopy(getattr(document, name)) for name in LAYOUTS[model].parts}
    return document, Memo(fields.get(STAMP, ""), {k: v for k, v in fields.items() if k != STAMP}, parts)


def writes(document: BaseModel, memo: Memo | None, stamp: str) -> Writes:
    """The fields to write so that Redis holds `document` (`memo`: what it holds now; None: replace it all)."""
    layout = LAYOUTS[type(document)]
    out = Writes(stamp, full=memo is None)
    texts = memo.texts if memo is not None else {}
    out.fields[HEAD] = document.model_dump_json(exclude=layout.apart)
    for name in layout.parts:
        value = getattr(document, name)
        if memo is None or value != memo.parts.get(name):
            out.fields[part_field(name)] = document.model_dump_json(include={name})
            out.parts[name] = deepcopy(value)
    for name in layout.mappings:
        _mapping(out, name, getattr(document, name), texts, memo is None)
    out.fields = {k: v for k, v in out.fields.items() if out.full or texts.get(k) != v}
    out.fields[STAMP] = stamp
    return out


def _mapping(out: Writes, name: str, values: dict[str, BaseModel], texts: dict[str, str], full: bool) -> None:
    tracked = values if isinstance(values, Tracked) and not full else None
    for key in tracked.changed() if tracked is not None else list(dict.keys(values)):
        out.fields[entry_field(name, key)] = dict.__getitem__(values, key).model_dump_json()
    if tracked is not None and not tracked.reshaped:
        return
    keys = list(dict.keys(values))
    out.fields[keys_field(name)] = json.dumps(keys)
    before = texts.get(keys_field(name))
    if before is not None:
        out.gone += [entry_field(name, key) for key in set(json.loads(before)) - set(keys)]


def written(memo: Memo | None, done: Writes) -> Memo:
    """What Redis holds once `done` committed (`memo`, updated in place: nobody else holds it meanwhile)."""
    if memo is None or done.full:
        memo = Memo(done.stamp, {}, {})
    memo.stamp = done.stamp
    memo.texts.update((k, v) for k, v in done.fields.items() if k != STAMP)
    for gone in done.gone:
        memo.texts.pop(gone, None)
    memo.parts.update(done.parts)
    return memo

"""The coordinator's snapshots (deployments, environments) in Redis, inside a transaction: read under its WATCH
in O(1) while this replica wrote last (the hash's stamp is the one it wrote: the parsed object is reused), else
read whole and parsed; written as only what changed (documents.py), in the transaction's MULTI."""

import secrets
from dataclasses import dataclass
from typing import Generic, TypeVar

from redis.asyncio.client import Pipeline

from shared.documents.reading import Found
from shared.text import text, texts

from .documents import Memo, Writes, decode, track, writes, written
from .domain.model import Deployment, EnvironmentState
from .parsed import Parsed

M = TypeVar("M", Deployment, EnvironmentState)


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A snapshot as read, and what Redis holds of it (None: the whole key is to be replaced on write, as for a
    snapshot of the earlier layout, a plain JSON string)."""

    document: M
    memo: Memo | None


@dataclass(frozen=True)
class Pending:
    key: str
    document: Deployment | EnvironmentState
    memo: Memo | None
    writes: Writes


class Snapshots:
    def __init__(self) -> None:
        self.writer = secrets.token_hex(4)  # tells this replica's writes from any other's
        self._deployments: Parsed[Deployment] = Parsed()
        self._environments: Parsed[EnvironmentState] = Parsed(keep=64)

    def _parsed(self, model: type[M]) -> Parsed[M]:
        return self._deployments if model is Deployment else self._environments  # type: ignore[return-value]

    async def load(self, pipe: Pipeline, key: str, model: type[M], found: Found) -> Loaded[M] | None:
        """The snapshot under `key`, as `found` by a peek under the transaction's WATCH."""
        kept = self._parsed(model).take(key, text(found.value) if found.kind == "hash" and found.value else None)
        if kept is not None:
            return Loaded(*kept)
        if found.kind == "none":
            return None
        if found.kind == "string" and found.value is not None:  # written by an earlier release
            return Loaded(model.model_validate_json(found.value), None)
        if found.kind != "hash":
            raise ValueError(f"{key} is a {found.kind}, not a snapshot")
        fields = texts(await pipe.hgetall(key))
        return Loaded(*decode(model, fields)) if fields else None

    def write(
        self, pipe: Pipeline, key: str, document: Deployment | EnvironmentState, loaded: Loaded[M] | None
    ) -> Pending:
        """Queues the write of `document` (`loaded`: as it was read in this transaction, if it was)."""
        memo = loaded.memo if loaded is not None and loaded.document is document else None
        done = writes(document, memo, f"{document.version}.{self.writer}")
        if done.full:
            pipe.delete(key)
        pipe.hset(key, mapping=done.fields)  # type: ignore[arg-type]  # a dict[str, str] is a mapping of them
        if done.gone:
            pipe.hdel(key, *done.gone)
        return Pending(key, document, memo, done)

    def committed(self, pending: list[Pending]) -> None:
        """The transaction that queued `pending` committed: keep each document parsed, with what Redis holds."""
        for each in pending:
            memo = written(each.memo, each.writes)
            track(each.document)
            if isinstance(each.document, Deployment):
                self._deployments.put(each.key, each.document, memo)
            else:
                self._environments.put(each.key, each.document, memo)

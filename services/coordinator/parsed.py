"""The documents this replica wrote last, kept parsed with what Redis holds of them: parsing a deployment costs
O(its services) on every input, which made a deployment's whole run grow with the square of its plan.

The next input of the same document reuses the object when the hash's stamp is still the one this replica wrote
(no other replica wrote since; the transaction's WATCH still guards the write). An entry is taken out when used
and put back only once the write made from it committed, so a decision that did not commit never leaks into the
next one."""

from collections import OrderedDict
from typing import Generic, TypeVar

from pydantic import BaseModel

from .documents import Memo

M = TypeVar("M", bound=BaseModel)
KEEP = 256  # deployments; one in flight per environment, plus the queued ones promoted with them


class Parsed(Generic[M]):
    def __init__(self, keep: int = KEEP) -> None:
        self._kept: OrderedDict[str, tuple[M, Memo]] = OrderedDict()
        self._keep = keep

    def take(self, key: str, stamp: str | None) -> tuple[M, Memo] | None:
        """The kept document and its memo when Redis still holds what was written (`stamp`), else None; either
        way it is no longer kept."""
        kept = self._kept.pop(key, None)
        if kept is not None and stamp is not None and kept[1].stamp == stamp:
            return kept
        return None

    def put(self, key: str, document: M, memo: Memo) -> None:
        """After the write `memo` describes committed."""
        self._kept[key] = (document, memo)
        self._kept.move_to_end(key)
        while len(self._kept) > self._keep:
            self._kept.popitem(last=False)

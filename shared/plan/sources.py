"""Where a service gets its plan: the Redis store in production (store.py), or a file during development."""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from shared.plan.errors import PlanError, Problem
from shared.plan.loader import parse_plan
from shared.plan.model import Plan

FILE_REVISION = 0


@dataclass(frozen=True)
class StoredPlan:
    """One revision of the plan: the text as applied (secrets still ${NAME}) and the plan parsed from it."""

    revision: int
    text: str
    source: str
    sha256: str
    applied_at: datetime
    plan: Plan


class PlanSource(Protocol):
    async def current(self) -> StoredPlan | None: ...

    async def get(self, revision: int) -> StoredPlan | None: ...


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class FilePlanSource:
    """A plan file, read again whenever it changes on disk, as revision 0. For development only: a file keeps no
    history, so get(0) returns whatever the file says now, and an edit reaches deployments already in flight.
    """

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)
        self._cached: tuple[tuple[int, int], StoredPlan] | None = None  # parsed once per version of the file

    async def current(self) -> StoredPlan | None:
        try:
            stat = self._path.stat()
            if self._cached and self._cached[0] == (stat.st_mtime_ns, stat.st_size):
                return self._cached[1]
            text = self._path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            raise PlanError([Problem("", f"cannot read the plan: {error}")], str(self._path)) from None
        plan = parse_plan(text, str(self._path))
        modified = datetime.fromtimestamp(stat.st_mtime, UTC)
        stored = StoredPlan(FILE_REVISION, text, str(self._path), digest(text), modified, plan)
        self._cached = ((stat.st_mtime_ns, stat.st_size), stored)
        return stored

    async def get(self, revision: int) -> StoredPlan | None:
        return await self.current() if revision == FILE_REVISION else None

"""Numbered plan revisions in Redis, so every service and replica on every host acts on the same plan.

Keys (shared/keys/plan.py): the last number given, one hash per revision (text, source, sha256, applied_at) and the
number services use now. A deployment pins the revision it started with and reads it with get(n), so a new plan
never changes a deployment in flight.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared.keys.plan import PlanKeys
from shared.plan.loader import DEFAULT_PLAN_FILE, parse_plan
from shared.plan.sources import StoredPlan, digest
from shared.streams import Keys
from shared.text import text, texts
from shared.transact import transact

_ATTEMPTS = 100


@dataclass(frozen=True)
class Revision:
    """One stored revision as applied, not parsed: for listing many at once (a parse costs milliseconds each)."""

    revision: int
    text: str
    source: str
    sha256: str
    applied_at: datetime


def _utc_now() -> datetime:
    return datetime.now(UTC)


class PlanStore:
    """A PlanSource backed by Redis; works with clients made with or without decode_responses."""

    def __init__(self, redis: Redis, prefix: str = "flightdeck", clock: Callable[[], datetime] = _utc_now) -> None:
        self._redis = redis
        self.keys = PlanKeys.of(Keys(prefix))
        self._clock = clock

    async def apply(self, plan_text: str, source: str = DEFAULT_PLAN_FILE) -> int:
        """Validate (PlanError if invalid, nothing stored), then store as the next revision and make it current."""
        parse_plan(plan_text, source)
        fields = {
            "text": plan_text,
            "source": source,
            "sha256": digest(plan_text),
            "applied_at": self._clock().isoformat(),
        }
        keys = self.keys

        # WATCH/MULTI rather than a bare INCR: numbers stay gapless and `current` never moves back to an older
        # revision when two applies race.
        async def attempt(pipe: Pipeline) -> int:
            await pipe.watch(keys.counter)
            revision = int(text(await pipe.get(keys.counter) or "0")) + 1
            pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
            pipe.incr(keys.counter)
            pipe.hset(keys.revision(revision), mapping=fields)  # type: ignore[arg-type]  # mapping is typed invariantly
            pipe.set(keys.current, revision)
            await pipe.execute()
            return revision

        return await transact(self._redis, attempt, tries=_ATTEMPTS, what="the plan")

    async def current_revision(self) -> int | None:
        """Cheap to poll: a service compares it with the revision it holds to notice a new plan."""
        value = await self._redis.get(self.keys.current)
        return int(text(value)) if value is not None else None

    async def current(self) -> StoredPlan | None:
        revision = await self.current_revision()
        return await self.get(revision) if revision is not None else None

    async def get(self, revision: int) -> StoredPlan | None:
        stored = await self._redis.hgetall(self.keys.revision(revision))
        if not stored:
            return None
        fields = texts(stored)
        return StoredPlan(
            revision=revision,
            text=fields["text"],
            source=fields["source"],
            sha256=fields["sha256"],
            applied_at=datetime.fromisoformat(fields["applied_at"]),
            plan=parse_plan(fields["text"], fields["source"]),
        )

    async def latest_revision(self) -> int:
        """The last number given out (0 before the first apply); revisions are numbered 1 to it, without gaps."""
        value = await self._redis.get(self.keys.counter)
        return int(text(value)) if value is not None else 0

    async def revisions(self, before: int | None = None, count: int = 20) -> list[Revision]:
        """Newest first: up to `count` revisions numbered below `before` (from the last one when None)."""
        latest = await self.latest_revision()
        top = latest if before is None else min(latest, before - 1)
        numbers = list(range(top, max(0, top - count), -1))
        async with self._redis.pipeline(transaction=False) as pipe:
            for number in numbers:
                pipe.hgetall(self.keys.revision(number))
            found = await pipe.execute()
        listed = []
        for number, stored in zip(numbers, found, strict=True):
            if stored:
                fields = texts(stored)
                applied_at = datetime.fromisoformat(fields["applied_at"])
                listed.append(Revision(number, fields["text"], fields["source"], fields["sha256"], applied_at))
        return listed

"""Numbered plan revisions in Redis, so every service and replica on every host acts on the same plan.

Keys (prefix "flightdeck" by default): {prefix}:plan:counter (last number given), {prefix}:plan:rev:{n} (a hash:
text, source, sha256, applied_at) and {prefix}:plan:current (the number services use). A deployment pins the
revision it started with and reads it with get(n), so a new plan never changes a deployment in flight.
"""

from collections.abc import Callable
from datetime import UTC, datetime

from redis.asyncio import Redis
from redis.exceptions import WatchError

from shared.plan.loader import DEFAULT_PLAN_FILE, parse_plan
from shared.plan.sources import StoredPlan, digest

_ATTEMPTS = 100


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class PlanStore:
    """A PlanSource backed by Redis; works with clients made with or without decode_responses."""

    def __init__(self, redis: Redis, prefix: str = "flightdeck", clock: Callable[[], datetime] = _utc_now) -> None:
        self._redis = redis
        self._prefix = prefix
        self._clock = clock

    def key(self, *parts: str | int) -> str:
        return ":".join((self._prefix, "plan", *map(str, parts)))

    async def apply(self, plan_text: str, source: str = DEFAULT_PLAN_FILE) -> int:
        """Validate (PlanError if invalid, nothing stored), then store as the next revision and make it current."""
        parse_plan(plan_text, source)
        fields = {
            "text": plan_text,
            "source": source,
            "sha256": digest(plan_text),
            "applied_at": self._clock().isoformat(),
        }
        counter = self.key("counter")
        # WATCH/MULTI rather than a bare INCR: numbers stay gapless and `current` never moves back to an older
        # revision when two applies race.
        async with self._redis.pipeline(transaction=True) as pipe:
            for _ in range(_ATTEMPTS):
                try:
                    await pipe.watch(counter)
                    revision = int(_text(await pipe.get(counter) or "0")) + 1
                    pipe.multi()  # type: ignore[no-untyped-call]
                    pipe.incr(counter)
                    pipe.hset(self.key("rev", revision), mapping=fields)  # type: ignore[arg-type]
                    pipe.set(self.key("current"), revision)
                    await pipe.execute()
                    return revision
                except WatchError:
                    continue
        raise RuntimeError(f"could not store the plan after {_ATTEMPTS} attempts; too many applies at once")

    async def current_revision(self) -> int | None:
        """Cheap to poll: a service compares it with the revision it holds to notice a new plan."""
        value = await self._redis.get(self.key("current"))
        return int(_text(value)) if value is not None else None

    async def current(self) -> StoredPlan | None:
        revision = await self.current_revision()
        return await self.get(revision) if revision is not None else None

    async def get(self, revision: int) -> StoredPlan | None:
        stored = await self._redis.hgetall(self.key("rev", revision))
        if not stored:
            return None
        fields = {_text(name): _text(value) for name, value in stored.items()}
        return StoredPlan(
            revision=revision,
            text=fields["text"],
            source=fields["source"],
            sha256=fields["sha256"],
            applied_at=datetime.fromisoformat(fields["applied_at"]),
            plan=parse_plan(fields["text"], fields["source"]),
        )

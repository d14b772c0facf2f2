"""A search's candidates through the history's filters (environment, service, status, who) and time range.

Two ways, whichever reads less: when the filters together pass few deployments (ZINTERCARD, bounded), those are
read whole and the candidates checked against them in Python; otherwise the candidates go through the filters in
Redis a batch at a time, newest first (scripts.FILTERED), so a common word with a wide filter never loads what it
will not show."""

from typing import cast

from redis.asyncio import Redis

from services.dashboard.domain.query import DeploymentQuery, score_of
from shared.keys.dashboard import DashboardKeys
from shared.text import text

from . import scripts

FEW_PASSING = 5_000  # filters passing at most this many deployments are read whole


class SearchFilters:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.own = redis, keys
        self._passing = redis.register_script(scripts.FILTERED)

    async def few_passing(self, query: DeploymentQuery) -> dict[int, str] | None:
        """number -> id of every deployment the query's filters and time range pass, when the filters pass at
        most FEW_PASSING; None when there are no filters or they pass more."""
        indexes = [self.own.index(field, value) for field, value in query.filters()]
        if not indexes:
            return None
        if await self.redis.zintercard(len(indexes), indexes, limit=FEW_PASSING + 1) > FEW_PASSING:
            return None
        found = cast(list[tuple[bytes, float]], await self.redis.zinter(indexes, aggregate="MAX", withscores=True))
        low = score_of(query.since) if query.since else None
        high = score_of(query.until) if query.until else None
        ids = [
            text(member) for member, score in found if (low is None or score >= low) and (high is None or score < high)
        ]
        if not ids:
            return {}
        numbers = cast(list[bytes | None], await self.redis.hmget(self.own.seqs, ids))
        return {int(n): i for n, i in zip(numbers, ids, strict=True) if n}

    async def passing(self, numbers: list[int], query: DeploymentQuery) -> list[tuple[int, str]]:
        """(number, id) of those that pass the query's filters and time range, in the order given (with filters,
        decided in Redis: scripts.FILTERED)."""
        if not (query.filters() or query.since or query.until):
            ids = [text(i) if i else "" for i in await self.redis.hmget(self.own.seq_ids, numbers)]
            return [(n, i) for n, i in zip(numbers, ids, strict=True) if i]
        keys = [self.own.seq_ids, self.own.deployments, *(self.own.index(f, v) for f, v in query.filters())]
        low = str(score_of(query.since)) if query.since else ""
        high = str(score_of(query.until)) if query.until else ""
        kept = cast(list[bytes], await self._passing(keys=keys, args=[low, high, *numbers]))
        return [(int(kept[i]), text(kept[i + 1])) for i in range(0, len(kept), 2)]

"""The read model's reads: one deployment, its timeline, and the history filtered and paged on the server.

A filtered list intersects the indexes it names (ZINTERSTORE into a scratch key that expires in seconds), then
pages that newest first; with no filter it pages the whole history's sorted set. Either way Redis does the
filtering over the whole history, never the client over what it has loaded."""

import uuid
from typing import cast

from redis.asyncio import Redis

from services.dashboard.domain.query import (
    DeploymentQuery,
    Page,
    after_cursor,
    decode_cursor,
    encode_cursor,
    score_of,
)
from services.dashboard.domain.service_state import ServiceView
from services.dashboard.domain.views import DeploymentView
from shared.events import Event, EventError, parse_event
from shared.keys.dashboard import DashboardKeys
from shared.text import text

from .services import service_views

SCRATCH_TTL_MS = 10_000


class ReadModel:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.keys = redis, keys

    async def deployment(self, deployment_id: str) -> DeploymentView | None:
        raw = await self.redis.get(self.keys.deployment(deployment_id))
        return DeploymentView.model_validate_json(raw) if raw else None

    async def timeline(self, deployment_id: str) -> list[Event]:
        """The deployment's events in the order they happened (one unreadable entry is left out, not fatal)."""
        members = cast(list[bytes], await self.redis.zrange(self.keys.timeline(deployment_id), 0, -1))
        events = []
        for member in members:
            try:
                events.append(parse_event(member))
            except EventError:
                continue
        return events

    async def services(self, environment: str | None = None) -> list[ServiceView]:
        return await service_views(self.redis, self.keys, environment)

    async def deployments(self, query: DeploymentQuery) -> Page[DeploymentView]:
        """One page of the history, newest first; CursorError for a cursor that was not handed out."""
        cursor = decode_cursor(query.cursor) if query.cursor else None
        source = await self._source(query)
        top = cursor[0] if cursor else (score_of(query.until) - 1 if query.until else "+inf")
        bottom = score_of(query.since) if query.since else "-inf"
        ties = int(await self.redis.zcount(source, cursor[0], cursor[0])) if cursor else 0
        found = cast(
            list[tuple[bytes, float]],
            await self.redis.zrevrangebyscore(source, top, bottom, start=0, num=query.limit + ties, withscores=True),
        )
        candidates = after_cursor([(text(member), int(score)) for member, score in found], cursor)[: query.limit]
        views = await self._views([deployment_id for deployment_id, _ in candidates])
        more = len(candidates) == query.limit
        last = candidates[-1] if candidates else None
        next_cursor = encode_cursor(last[1], last[0]) if more and last else None
        return Page[DeploymentView](items=views, next_cursor=next_cursor)

    async def _source(self, query: DeploymentQuery) -> str:
        indexes = [self.keys.index(field, value) for field, value in query.filters()]
        if not indexes:
            return self.keys.deployments
        if len(indexes) == 1:
            return indexes[0]
        scratch = self.keys.scratch(uuid.uuid4().hex)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zinterstore(scratch, indexes, aggregate="MAX")
            pipe.pexpire(scratch, SCRATCH_TTL_MS)
            await pipe.execute()
        return scratch

    async def _views(self, ids: list[str]) -> list[DeploymentView]:
        if not ids:
            return []
        raws = await self.redis.mget([self.keys.deployment(i) for i in ids])
        return [DeploymentView.model_validate_json(raw) for raw in raws if raw]

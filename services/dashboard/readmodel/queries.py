"""The read model's reads: one deployment, its timeline and log, the history filtered and paged on the server,
the text search, services, alerts, silences, and the snapshot a live client starts from.

A filtered list intersects the indexes it names (ZINTERSTORE into a scratch key that expires in seconds), then
pages that newest first; with no filter it pages the whole history's sorted set. Either way Redis does the
filtering over the whole history, never the client over what it has loaded."""

import uuid
from datetime import UTC, datetime
from typing import cast

from redis.asyncio import Redis

from services.dashboard.domain.alerts import AlertView, SilenceView
from services.dashboard.domain.query import (
    DeploymentQuery,
    Page,
    after_cursor,
    decode_cursor,
    encode_cursor,
    score_of,
)
from services.dashboard.domain.search import SearchHit
from services.dashboard.domain.service_state import ServiceView
from services.dashboard.domain.snapshot import RECENT, LogLineView, Snapshot
from services.dashboard.domain.views import DeploymentView
from shared.events import Event, EventError, parse_event
from shared.keys.alerter import AlerterKeys
from shared.keys.dashboard import DashboardKeys
from shared.text import text, texts

from .alerts import alerts, silences
from .search import Search
from .services import service_views

SCRATCH_TTL_MS = 10_000
MAX_LOG_LINES = 5000


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

    async def search(self, text_: str, query: DeploymentQuery) -> Page[SearchHit]:
        """Deployments with every word of `text_` in their texts or log, newest first, through the query's filters;
        SearchTextError for a text with no word in it, CursorError for a cursor not handed out."""
        return await Search(self.redis, self.keys).search(text_, query)

    async def alerts(self) -> list[AlertView]:
        return await alerts(self.redis, self.keys, AlerterKeys.of(self.keys.streams))

    async def silences(self, now: datetime | None = None, ended: bool = False) -> list[SilenceView]:
        """Active and pending silences (and those that ended in the last week, with `ended`)."""
        at = now or datetime.now(UTC)
        found = await silences(self.redis, self.keys)
        return found if ended else [s for s in found if s.state(at) != "ended"]

    async def log(self, deployment_id: str, since: str = "-", limit: int = 1000) -> list[LogLineView]:
        """The deployment's command output after stream id `since` ("-": from the start), oldest first."""
        start = "-" if since in ("-", "0", "0-0") else f"({since}"
        rows = cast(
            list[tuple[bytes, dict[bytes, bytes]]],
            await self.redis.xrange(
                self.keys.streams.deployment_log(deployment_id), min=start, count=max(1, min(limit, MAX_LOG_LINES))
            ),
        )
        return [LogLineView(id=text(i), **_log_fields(texts(fields, errors="replace"))) for i, fields in rows]

    async def snapshot(self, environment: str | None = None, deployment: str | None = None) -> Snapshot:
        """What a live client watching everything, one environment or one deployment starts from."""
        if deployment is not None:
            view = await self.deployment(deployment)
            environment = view.environment if view else environment
            shown = [view] if view else []
        else:
            in_flight = sorted(text(i) for i in cast(set[bytes], await self.redis.smembers(self.keys.in_flight)))
            latest = await self.deployments(DeploymentQuery(environment=environment, limit=RECENT))
            flying = [v for v in await self._views(in_flight) if environment in (None, v.environment)]
            shown = flying + [v for v in latest.items if v.id not in set(in_flight)]
        every_alert = await self.alerts()
        return Snapshot(
            environment=environment,
            deployment=deployment,
            deployments=shown,
            services=await self.services(environment),
            alerts=[a for a in every_alert if environment in (None, a.environment)],
            silences=await self.silences(),
        )

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

    async def in_flight(self) -> list[DeploymentView]:
        """Every deployment not ended yet, by id."""
        ids = sorted(text(i) for i in cast(set[bytes], await self.redis.smembers(self.keys.in_flight)))
        return await self._views(ids)

    async def _views(self, ids: list[str]) -> list[DeploymentView]:
        if not ids:
            return []
        raws = await self.redis.mget([self.keys.deployment(i) for i in ids])
        return [DeploymentView.model_validate_json(raw) for raw in raws if raw]


def _log_fields(fields: dict[str, str]) -> dict[str, str]:
    return {name: fields.get(name, "") for name in ("service", "stream", "line", "ts")}

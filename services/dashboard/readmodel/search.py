"""Text search over the history: every term of the query must be in the deployment's texts or its log.

The index (search_index.py) answers for the deployments that ended; the ones in flight (a handful: one running per
environment, a few queued) are read as they are now, their log so far included. Candidates go newest first
through the query's filters (search_filters.py: the few that a narrow filter passes read whole, else in Redis a
batch at a time, so a common word with a wide filter never loads views it will not show); then each hit gets its
snippet, its log scanned in Redis when its texts do not have the words (readmodel/log_scan.py)."""

from typing import cast

from redis.asyncio import Redis

from services.dashboard.domain.query import DeploymentQuery, Page
from services.dashboard.domain.search import (
    SearchHit,
    bucket_of,
    intersect,
    newest_first,
    search_cursor,
    search_position,
    term_members,
)
from services.dashboard.domain.terms import matches, query_terms, snippet, terms, view_texts
from services.dashboard.domain.views import DeploymentView
from shared.keys.dashboard import DashboardKeys
from shared.text import text

from .log_scan import LogLine, LogScanner
from .search_filters import SearchFilters
from .search_index import deployment_terms

Line = tuple[str, str, str | None]  # where, the line, its log id
BATCH = 200
MOST_EXAMINED = 4000  # candidates looked at per page; past that the page ends early, with a cursor to go on
MOST_IN_FLIGHT = 50  # in-flight deployments read per search, newest first


class Search:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.own = redis, keys
        self.logs = LogScanner(redis, keys)
        self.filters = SearchFilters(redis, keys)

    async def search(self, text_: str, query: DeploymentQuery) -> Page[SearchHit]:
        """SearchTextError for a text with no word in it, CursorError for a cursor not handed out."""
        wanted = query_terms(text_)
        below = search_position(query.cursor)
        numbers = await self._indexed(wanted) | await self._in_flight(wanted)
        few = await self.filters.few_passing(query)
        ordered = newest_first(numbers if few is None else numbers & few.keys(), below)
        kept: list[tuple[int, str]] = []
        examined = 0
        if few is not None:  # every candidate left passes: they were checked against all that pass
            kept, examined = [(n, few[n]) for n in ordered[: query.limit + 1]], len(ordered)
        for start in range(0, len(ordered) if few is None else 0, BATCH):
            batch = ordered[start : start + BATCH]
            kept += await self.filters.passing(batch, query)
            examined += len(batch)
            if len(kept) >= query.limit or examined >= MOST_EXAMINED:
                break
        page = kept[: query.limit]
        hits = await self._hits(page, wanted)
        more = len(kept) > query.limit or examined < len(ordered)
        last = page[-1] if len(page) == query.limit else None
        if last is None and more and examined:  # the page ended early: go on below what was examined
            last = (ordered[examined - 1], "-")
        next_cursor = search_cursor(*last) if more and last else None
        return Page[SearchHit](items=hits, next_cursor=next_cursor)

    async def _indexed(self, wanted: list[str]) -> set[int]:
        async with self.redis.pipeline(transaction=False) as pipe:
            for term in wanted:
                pipe.hget(self.own.postings(bucket_of(term)), term)
                pipe.smembers(self.own.term(term))
                pipe.get(self.own.term_bits(term))
            replies = await pipe.execute()
        each = [term_members(*replies[i : i + 3]) for i in range(0, len(replies), 3)]
        return intersect(each)

    async def _in_flight(self, wanted: list[str]) -> set[int]:
        ids = sorted(text(i) for i in cast(set[bytes], await self.redis.smembers(self.own.in_flight)))
        if not ids:
            return set()
        numbers = cast(list[bytes | None], await self.redis.hmget(self.own.seqs, ids))
        known = sorted(((int(n), i) for n, i in zip(numbers, ids, strict=True) if n), reverse=True)[:MOST_IN_FLIGHT]
        views = await self._views([i for _, i in known])
        found = set()
        for (n, deployment_id), view in zip(known, views, strict=True):
            if view is None:
                continue
            said = set(deployment_terms(view, []))
            if await self.logs.has_all(deployment_id, [term for term in wanted if term not in said]):
                found.add(n)
        return found

    async def _hits(self, page: list[tuple[int, str]], wanted: list[str]) -> list[SearchHit]:
        """Each view with the first line that has every word searched for (its texts, then its log), else the
        first with any (likewise); the logs of the whole page scanned in one round trip."""
        views = [view for view in await self._views([i for _, i in page]) if view is not None]
        said: dict[str, list[Line]] = {
            view.id: [(where, line, None) for where, line in view_texts(view)] for view in views
        }
        found: dict[str, Line | None] = {view.id: _first(said[view.id], wanted) for view in views}
        missing = [deployment_id for deployment_id, line in found.items() if line is None]
        for deployment_id, in_log in zip(missing, await self.logs.page_lines(missing, wanted), strict=True):
            from_log = _log_line(in_log) if in_log is not None else None
            if in_log is not None and in_log.every:
                found[deployment_id] = from_log
            else:
                found[deployment_id] = _first(said[deployment_id], wanted, every=False) or from_log
        return [_hit(view, found[view.id], wanted) for view in views]

    async def _views(self, ids: list[str]) -> list[DeploymentView | None]:
        if not ids:
            return []
        raws = await self.redis.mget([self.own.deployment(i) for i in ids])
        return [DeploymentView.model_validate_json(raw) if raw else None for raw in raws]


def _log_line(in_log: LogLine) -> Line:
    log_id, service, line = in_log.found
    return (f"log {service}".strip(), line, log_id)


def _hit(view: DeploymentView, found: Line | None, wanted: list[str]) -> SearchHit:
    if found is None:
        return SearchHit(deployment=view, where="deployment", snippet=view.reason or view.id)
    where, line, log_id = found
    return SearchHit(deployment=view, where=where, snippet=snippet(line, wanted), log_id=log_id)


def _first(lines: list[Line], wanted: list[str], every: bool = True) -> Line | None:
    for found in lines:
        if matches(found[1], wanted) if every else terms(found[1]) & set(wanted):
            return found
    return None

"""The search index's writes: a deployment's texts and command log turned into terms, each term's postings given
the deployment's number (domain/search.py says where they are kept). A deployment is indexed when it ends (its
log is complete then) and again if a late event changes it; one in flight is searched as it is
(readmodel/search.py). Adding a number twice changes nothing, so indexing again, a redelivery or a rebuild leave
the index as it was."""

from typing import cast

from redis.asyncio import Redis

from services.dashboard.domain import search
from services.dashboard.domain.terms import terms, view_texts
from services.dashboard.domain.views import DeploymentView
from shared.keys.dashboard import DashboardKeys
from shared.text import text

from . import scripts

MAX_TERMS = 2000  # distinct terms kept per deployment: its texts first, then its log in order
LOG_BATCH = 1000
PER_CALL = 400  # terms per script call: each call holds Redis for well under a millisecond


def deployment_terms(view: DeploymentView, log_lines: list[str]) -> list[str]:
    """What the deployment is found by: its id, services, versions and commit, its texts, then its log."""
    found: dict[str, None] = {}
    said = [view.id, view.environment, view.version or "", view.commit_sha or ""]
    said += [*view.services, *view.versions, *view.versions.values()]
    for line in [*said, *(t for _, t in view_texts(view)), *log_lines]:
        for term in sorted(terms(line)):
            found[term] = None
            if len(found) >= MAX_TERMS:
                return list(found)
    return list(found)


async def log_lines(redis: Redis, keys: DashboardKeys, deployment_id: str, most: int = 10_000) -> list[str]:
    """The deployment's command log lines, oldest first, up to `most` (only the lines read: scripts.LOG_LINES)."""
    read = redis.register_script(scripts.LOG_LINES)
    found: list[str] = []
    after = "-"
    while len(found) < most:
        last, *lines = cast(
            list[bytes | None], await read(keys=[keys.streams.deployment_log(deployment_id)], args=[after, LOG_BATCH])
        )
        found += [text(line or b"", "replace") for line in lines]
        if last is None or len(lines) < LOG_BATCH:
            break
        after = f"({text(last)}"
    return found[:most]


class SearchIndexWriter:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.own = redis, keys
        self._number = redis.register_script(scripts.NUMBER)
        self._add = redis.register_script(scripts.ADD)

    async def number_in_flight(self, deployment_id: str) -> None:
        """Numbers the deployment (as `number` does) and puts it in the in-flight set, in one call."""
        own = self.own
        await self._number(keys=[own.seqs, own.seq_ids, own.seq_counter, own.in_flight], args=[deployment_id])

    async def number(self, deployment_id: str) -> int:
        """The deployment's number in the index, given now if it has none."""
        own = self.own
        return int(await self._number(keys=[own.seqs, own.seq_ids, own.seq_counter], args=[deployment_id]))

    async def index(self, view: DeploymentView) -> int:
        """Indexes the deployment's texts and its whole log; how many terms it has."""
        found = deployment_terms(view, await log_lines(self.redis, self.own, view.id))
        n = await self.number(view.id)
        for start in range(0, len(found), PER_CALL):
            chunk = found[start : start + PER_CALL]
            keys = [key for term in chunk for key in self._keys_of(term)]
            await self._add(keys=keys, args=[n, search.FEW, search.BITMAP_FROM, *chunk])
        return len(found)

    def _keys_of(self, term: str) -> tuple[str, str, str]:
        return self.own.postings(search.bucket_of(term)), self.own.term(term), self.own.term_bits(term)

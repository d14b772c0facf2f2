"""The search index's writes: a deployment's texts and command log turned into terms, each term's set (or bitmap)
given the deployment's number. A deployment is indexed when it ends (its log is complete then) and again if a
late event changes it; one in flight is searched as it is (readmodel/search.py). Adding a number twice changes
nothing, so indexing again, a redelivery or a rebuild leave the index as it was."""

from typing import cast

from redis.asyncio import Redis

from services.dashboard.domain.search import BITMAP_FROM
from services.dashboard.domain.terms import terms, view_texts
from services.dashboard.domain.views import DeploymentView
from shared.keys.dashboard import DashboardKeys
from shared.text import text

MAX_TERMS = 2000  # distinct terms kept per deployment: its texts first, then its log in order
LOG_BATCH = 1000

# KEYS: the seq hash, the reverse hash, the counter. ARGV: the deployment id. Returns its number.
_NUMBER = """
local known = redis.call('HGET', KEYS[1], ARGV[1])
if known then return tonumber(known) end
local n = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], ARGV[1], n)
redis.call('HSET', KEYS[2], n, ARGV[1])
return n
"""

# KEYS: pairs (a term's set, its bitmap). ARGV: the number, the size after which the set becomes the bitmap.
_ADD = """
local n, most = ARGV[1], tonumber(ARGV[2])
for i = 1, #KEYS, 2 do
  local members, bits = KEYS[i], KEYS[i + 1]
  if redis.call('EXISTS', bits) == 1 then
    redis.call('SETBIT', bits, n, 1)
  else
    redis.call('SADD', members, n)
    if redis.call('SCARD', members) > most then
      for _, m in ipairs(redis.call('SMEMBERS', members)) do redis.call('SETBIT', bits, m, 1) end
      redis.call('DEL', members)
    end
  end
end
return #KEYS / 2
"""


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


async def log_lines(
    redis: Redis, keys: DashboardKeys, deployment_id: str, most: int = 10_000
) -> list[tuple[str, str, str]]:
    """(id, service, line) of the deployment's command log, oldest first, up to `most` lines."""
    found: list[tuple[str, str, str]] = []
    after = "-"
    while len(found) < most:
        rows = cast(
            list[tuple[bytes, dict[bytes, bytes]]],
            await redis.xrange(keys.streams.deployment_log(deployment_id), min=after, count=LOG_BATCH),
        )
        for entry_id, fields in rows:
            found.append((text(entry_id), text(fields.get(b"service", b"")), text(fields.get(b"line", b""))))
        if len(rows) < LOG_BATCH:
            break
        after = f"({text(rows[-1][0])}"
    return found[:most]


class SearchIndexWriter:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.own = redis, keys
        self._number = redis.register_script(_NUMBER)
        self._add = redis.register_script(_ADD)

    async def number(self, deployment_id: str) -> int:
        """The deployment's number in the index, given now if it has none."""
        own = self.own
        return int(await self._number(keys=[own.seqs, own.seq_ids, own.seq_counter], args=[deployment_id]))

    async def index(self, view: DeploymentView) -> int:
        """Indexes the deployment's texts and its whole log; how many terms it has."""
        lines = [line for _, _, line in await log_lines(self.redis, self.own, view.id)]
        found = deployment_terms(view, lines)
        n = await self.number(view.id)
        for start in range(0, len(found), 500):  # a few hundred terms per call keep each script short
            pairs = [key for term in found[start : start + 500] for key in self._keys_of(term)]
            await self._add(keys=pairs, args=[n, BITMAP_FROM])
        return len(found)

    def _keys_of(self, term: str) -> tuple[str, str]:
        return self.own.term(term), self.own.term_bits(term)

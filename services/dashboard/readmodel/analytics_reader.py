"""Analytics' reads: the summaries of the deployments that ended in a range, the monitor's findings and the health
changes (readmodel/analytics.py keeps them).

Each day's summaries are kept with the token their day had when they were read: a request reads the tokens of the
range's days, the findings and the health changes in one round trip, and reads again only the days whose token
moved (the day a deployment just ended in), each joined into one reply in Redis; only summaries not seen before are
parsed. A day without a token has no summary. Only a cache: the tokens say when what Redis holds differs from it."""

import bisect
import hashlib
import json
from dataclasses import dataclass
from typing import cast

from redis.asyncio import Redis

from services.dashboard.domain.impact import Finding
from services.dashboard.domain.summary import Summary, decode
from services.dashboard.domain.uptime import Change
from shared.keys.dashboard import DashboardKeys

from .analytics import DAY_MS, AnalyticsKeys, day_field, day_start_ms

Scored = list[tuple[bytes, float]]
MEMO = 50_000  # decoded summaries kept: every deployment of a large history, with room for changed ones
DAYS = 5000  # days kept: a couple of years, for all environments and each
SLACK_S = 86400.0  # findings read a day either side of the range: a deployment's bake, and the day after it
# KEYS[1]: a sorted set of summaries; ARGV: min and max score. The members in the range joined by newlines (JSON
# has none of its own), so a day's hundred come back as one reply instead of a hundred to parse one by one.
JOINED = """
return table.concat(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[2]), '\\n')
"""


@dataclass(frozen=True)
class Read:
    summaries: list[Summary]  # by their end, oldest first
    findings: list[Finding]
    changes: list[Change]
    digest: bytes  # of the summaries as stored: the same digest, the same summaries


class AnalyticsReader:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.at = redis, AnalyticsKeys(keys)
        self._joined = redis.register_script(JOINED)
        self._decoded: dict[bytes, Summary] = {}
        self._days: dict[tuple[str, int], tuple[bytes, list[Summary]]] = {}  # (sorted set, day) -> token, summaries

    async def read(self, start: float, end: float, environment: str | None) -> Read:
        """Summaries of the deployments that ended in [start, end), findings a day either side, and every health
        change kept up to `end`."""
        ended = self.at.ended(environment)
        days = list(range(day_start_ms(start), int(end * 1000), DAY_MS))
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.hmget(self.at.days, [day_field(environment, day / 1000) for day in days])
            slack = int((start - SLACK_S) * 1000), int((end + SLACK_S) * 1000)
            pipe.zrangebyscore(self.at.findings, *slack, withscores=True)
            pipe.zrangebyscore(self.at.health, "-inf", f"({int(end * 1000)}", withscores=True)
            replies = await pipe.execute()
        tokens, found, changed = cast(tuple[list[bytes | None], Scored, Scored], replies)
        held = [(day, token) for day, token in zip(days, tokens, strict=True) if token]
        if len(self._days) + len(held) > DAYS:
            self._days.clear()  # this request reads its days again
        stale = [(day, token) for day, token in held if not self._kept(ended, day, token)]
        if stale:
            await self._read_days(ended, stale)
        digest = hashlib.blake2b(ended.encode(), digest_size=16)
        summaries: list[Summary] = []
        for day, token in held:
            digest.update(day.to_bytes(8, "big") + token)
            summaries += self._days[(ended, day)][1]
        ends = [s.ended for s in summaries]
        low, high = bisect.bisect_left(ends, start), bisect.bisect_left(ends, end)
        digest.update(low.to_bytes(4, "big") + high.to_bytes(4, "big"))
        findings = [_finding(json.loads(member), score / 1000) for member, score in found]
        changes = [_change(json.loads(member), score / 1000) for member, score in changed]
        return Read(summaries[low:high], findings, changes, digest.digest())

    def _kept(self, ended: str, day: int, token: bytes) -> bool:
        kept = self._days.get((ended, day))
        return kept is not None and kept[0] == token

    async def _read_days(self, ended: str, stale: list[tuple[int, bytes]]) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            for day, _ in stale:
                await self._joined(keys=[ended], args=[day, f"({day + DAY_MS}"], client=pipe)
            blobs = cast(list[bytes], await pipe.execute())
        for (day, token), blob in zip(stale, blobs, strict=True):
            self._days[(ended, day)] = token, self._summaries(blob)

    def _summaries(self, blob: bytes) -> list[Summary]:
        rows = blob.split(b"\n") if blob else []
        known = self._decoded
        summaries = [known.get(row) or decode(row) for row in rows]
        if len(known) + len(rows) > MEMO:
            known.clear()  # many changed, or many ranges read: keep what this one read
        known.update(zip(rows, summaries, strict=True))
        return summaries


def _finding(row: list[object], at: float) -> Finding:
    environment, service, version, metric, value, previous_value, previous_version = row[:7]
    return Finding(
        str(environment),
        str(service),
        str(version),
        str(metric),
        float(cast(float, value)),
        None if previous_value is None else float(cast(float, previous_value)),
        None if previous_version is None else str(previous_version),
        at,
    )


def _change(row: list[str], at: float) -> Change:
    environment, service, status = row[:3]
    return Change(environment=environment, service=service, status=status, at=at)

"""Analytics' reads: the summaries of the deployments that ended in a range, the monitor's findings and the health
changes (readmodel/analytics.py keeps them).

The summaries of whole days around the range are kept with the version token they were read at: while the token
stays (no deployment ended or changed since), a request reads only the token, the findings and the health changes,
in one round trip, and takes its range out of what it kept. When the token moved, the days are read again, joined
into one reply in Redis, and only the summaries not seen before are parsed. Only a cache: the token says when what
Redis holds differs from it."""

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

from .analytics import AnalyticsKeys

DAY_MS = 86_400_000
Scored = list[tuple[bytes, float]]
MEMO = 50_000  # decoded summaries kept: every deployment of a large history, with room for changed ones
SETS = 16  # days read kept, one entry per sorted set and days asked
SLACK_S = 86400.0  # findings read a day either side of the range: a deployment's bake, and the day after it
# KEYS[1]: a sorted set of summaries; ARGV: min and max score. The members in the range joined by newlines (JSON
# has none of its own), so ten thousand come back as one reply instead of ten thousand to parse one by one.
JOINED = """
return table.concat(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[2]), '\\n')
"""


@dataclass(frozen=True)
class Read:
    summaries: list[Summary]  # by their end, oldest first
    findings: list[Finding]
    changes: list[Change]
    digest: bytes  # of the summaries as stored: the same digest, the same summaries


@dataclass(frozen=True)
class Days:
    version: bytes
    summaries: list[Summary]
    ends: list[float]
    digest: bytes


class AnalyticsReader:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.at = redis, AnalyticsKeys(keys)
        self._joined = redis.register_script(JOINED)
        self._decoded: dict[bytes, Summary] = {}
        self._days: dict[tuple[str, int, int], Days] = {}

    async def read(self, start: float, end: float, environment: str | None) -> Read:
        """Summaries of the deployments that ended in [start, end), findings a day either side, and every health
        change kept up to `end`."""
        ended = self.at.ended(environment)
        first, last = int(start * 1000) // DAY_MS * DAY_MS, -(-int(end * 1000) // DAY_MS) * DAY_MS
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.get(self.at.version)
            slack = int((start - SLACK_S) * 1000), int((end + SLACK_S) * 1000)
            pipe.zrangebyscore(self.at.findings, *slack, withscores=True)
            pipe.zrangebyscore(self.at.health, "-inf", f"({int(end * 1000)}", withscores=True)
            replies = await pipe.execute()
        version, found, changed = cast(tuple[bytes | None, Scored, Scored], replies)
        days = self._days.get((ended, first, last))
        if days is None or version is None or days.version != version:
            blob = cast(bytes, await self._joined(keys=[ended], args=[first, f"({last}"]))
            days = self._keep((ended, first, last), version or b"", blob)
        low, high = bisect.bisect_left(days.ends, start), bisect.bisect_left(days.ends, end)
        digest = days.digest + low.to_bytes(4, "big") + high.to_bytes(4, "big")
        findings = [_finding(json.loads(member), score / 1000) for member, score in found]
        changes = [_change(json.loads(member), score / 1000) for member, score in changed]
        return Read(days.summaries[low:high], findings, changes, digest)

    def _keep(self, key: tuple[str, int, int], version: bytes, blob: bytes) -> Days:
        rows = blob.split(b"\n") if blob else []
        known = self._decoded
        summaries = [known.get(row) or decode(row) for row in rows]
        if len(known) + len(rows) > MEMO:
            known.clear()  # many changed, or many ranges read: keep what this one read
        known.update(zip(rows, summaries, strict=True))
        digest = hashlib.blake2b(blob, digest_size=16).digest()
        days = Days(version, summaries, [s.ended for s in summaries], digest)
        if version:  # no token (a model being rebuilt): nothing to know a change by, so nothing kept
            if len(self._days) >= SETS:
                self._days.clear()
            self._days[key] = days
        return days


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

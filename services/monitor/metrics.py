"""Probe figures per service and version, kept in Redis as 10-second buckets, and performance degradation.

Series: the stream {prefix}:monitor:metrics:{environment}:{service}, one entry a bucket (version, count, errors,
error_rate, p50_ms, p95_ms, p99_ms), about a day kept. The dashboard and the verifier read it.
"""

from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.events import PerformanceDegraded
from shared.streams import Keys

from .domain.performance import Limits, judge
from .domain.series import BUCKET_S, Bucket, Series
from .probing.result import ProbeResult
from .targets import Target

KEEP = 8640  # a day of 10-second buckets


def series_key(keys: Keys, environment: str, service: str) -> str:
    return f"{keys.prefix}:monitor:metrics:{environment}:{service}"


class Recorder:
    def __init__(self, redis: "Redis", keys: Keys, publisher: EventPublisher, bucket_s: float = BUCKET_S) -> None:
        self.redis, self.keys, self.publisher, self.bucket_s = redis, keys, publisher, bucket_s
        self._series: dict[str, Series] = {}
        self._previous: dict[str, Bucket] = {}  # the last bucket of another version: what "before" looked like
        self._last: dict[str, Bucket] = {}
        self._reported: set[tuple[str, str, str]] = set()  # (target, version, metric) reported and not yet cleared

    async def record(self, target: Target, result: ProbeResult) -> None:
        series = self._series.setdefault(target.key, Series(self.bucket_s))
        closed = series.add(result.at, result.version or "unknown", result.status != "fail", result.latency_ms)
        if closed is not None:
            await self._closed(target, closed)

    async def _closed(self, target: Target, bucket: Bucket) -> None:
        last = self._last.get(target.key)
        if last is not None and last.version != bucket.version:
            self._previous[target.key] = last
        self._last[target.key] = bucket
        await self.redis.xadd(series_key(self.keys, target.environment, target.service), bucket.fields(),
                              maxlen=KEEP, approximate=True)  # type: ignore[arg-type]
        limits = Limits(target.error_rate_limit, target.p95_limit_ms, target.regression)
        findings = judge(bucket, limits, self._previous.get(target.key))
        metrics = {f.metric for f in findings}
        for metric in ("error_rate", "latency_p95"):
            if metric not in metrics:
                self._reported.discard((target.key, bucket.version, metric))
        for finding in findings:
            mark = (target.key, bucket.version, finding.metric)
            if mark in self._reported:
                continue
            self._reported.add(mark)
            await self.publisher.publish(PerformanceDegraded(
                service=target.service, environment=target.environment, producer="monitor", payload={
                    "metric": finding.metric, "value": finding.value, "threshold": finding.threshold,
                    "version": bucket.version, "previous_value": finding.previous_value,
                    "previous_version": finding.previous_version, "bucket_start": bucket.start,
                },
            ))

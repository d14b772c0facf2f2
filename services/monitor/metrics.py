"""Probe figures per service and version, kept in Redis as 10-second buckets, and performance degradation.

Series: the stream {prefix}:monitor:metrics:{environment}:{service}, one entry a bucket (version, count, errors,
error_rate, p50_ms, p95_ms, p99_ms), about a day kept. The dashboard and the verifier read it.
"""

from typing import Literal, get_args

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.typing import EncodableT, FieldT

from shared.bus.publisher import EventPublisher
from shared.events import PerformanceDegraded
from shared.events.health import PerformanceDegradedPayload
from shared.keys.monitor import MonitorKeys
from shared.streams import Keys

from .domain.performance import Figures, Limits, Metric, judge
from .domain.series import BUCKET_S, Bucket, Series
from .probing.result import ProbeResult
from .targets import Target

KEEP = 8640  # a day of 10-second buckets
UNKNOWN = "unknown"  # the version of probes that named none
LighthouseMetric = Literal["lighthouse_performance", "lighthouse_accessibility"]


class Recorder:
    def __init__(self, redis: "Redis", keys: Keys, publisher: EventPublisher, bucket_s: float = BUCKET_S) -> None:
        self.redis, self.keys, self.publisher, self.bucket_s = redis, keys, publisher, bucket_s
        self._series: dict[str, Series] = {}
        self._previous: dict[str, Figures] = {}  # the last figures of another version: what "before" looked like
        self._last: dict[str, Figures] = {}
        self._closed_buckets: list[tuple[str, Bucket]] = []
        # (source, version, metric) -> windows it was reported in since it last cleared
        self._reported: dict[tuple[str, str, str], int] = {}

    async def record(self, target: Target, result: ProbeResult) -> None:
        series = self._series.setdefault(target.key, Series(self.bucket_s))
        closed = series.add(result.at, result.version or UNKNOWN, result.status != "fail", result.latency_ms)
        if closed is not None:
            await self._closed(target, closed)

    async def _closed(self, target: Target, bucket: Bucket) -> None:
        self._closed_buckets.append((MonitorKeys.of(self.keys).series(target.environment, target.service), bucket))
        if bucket.version == UNKNOWN and bucket.errors == bucket.count:
            return  # nothing answered with a version: the service was down (restarting, say), which its health
            # reports; it says nothing of how a version performs (a deploy's restart would read as a 100% error rate)
        await self.assess(target, bucket, bucket.start)

    def flush(self, pipe: Pipeline) -> list[tuple[str, Bucket]]:
        """Adds the buckets closed since the last flush to the caller's pipeline (at 1,000 services they all close
        in the same second, and one write each at once would exhaust the connection pool); returns them, for
        `unflushed` if the pipeline fails."""
        buckets, self._closed_buckets = self._closed_buckets, []
        for key, bucket in buckets:
            fields: dict[FieldT, EncodableT] = {name: value for name, value in bucket.fields().items()}
            pipe.xadd(key, fields, maxlen=KEEP, approximate=True)
        return buckets

    def unflushed(self, buckets: list[tuple[str, Bucket]]) -> None:
        """Buckets whose write failed (Redis gone): written by the next flush, before the ones closed since."""
        self._closed_buckets[:0] = buckets

    async def assess(self, target: Target, figures: Figures, start: float, source: str = "probes") -> None:
        """Judges a version's figures against the plan. A finding that lasts is reported in each of its first
        `agreement` windows, then not again until it clears: the rollback policy acts on a metric alone once that
        many windows agree, and an alert needs it only once."""
        key = f"{target.key}:{source}"
        last = self._last.get(key)
        if last is not None and last.version != figures.version:
            self._previous[key] = last
        self._last[key] = figures
        limits = Limits(target.error_rate_limit, target.p95_limit_ms, target.regression)
        findings = judge(figures, limits, self._previous.get(key))
        metrics = {f.metric for f in findings}
        for metric in get_args(Metric):
            if metric not in metrics:
                self._reported.pop((key, figures.version, metric), None)
        for finding in findings:
            mark = (key, figures.version, finding.metric)
            if self._reported.get(mark, 0) < target.agreement:
                self._reported[mark] = self._reported.get(mark, 0) + 1
                await self.report(
                    target,
                    finding.metric,
                    finding.value,
                    finding.threshold,
                    figures.version,
                    start,
                    finding.previous_value,
                    finding.previous_version,
                )

    async def report(
        self,
        target: Target,
        metric: Metric | LighthouseMetric,
        value: float,
        threshold: float,
        version: str,
        start: float,
        previous_value: float | None = None,
        previous_version: str | None = None,
    ) -> None:
        await self.publisher.publish(
            PerformanceDegraded(
                service=target.service,
                environment=target.environment,
                producer="monitor",
                payload=PerformanceDegradedPayload(
                    metric=metric,
                    value=value,
                    threshold=threshold,
                    version=version,
                    previous_value=previous_value,
                    previous_version=previous_version,
                    bucket_start=start,
                ),
            )
        )

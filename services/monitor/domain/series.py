"""Probe figures per service and version in fixed time buckets (pure): latency percentiles and error rate."""

from dataclasses import dataclass, field

from shared.stats import percentile

BUCKET_S = 10.0


@dataclass(frozen=True)
class Bucket:
    start: float
    version: str
    count: int
    errors: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None

    @property
    def error_rate(self) -> float:
        return self.errors / self.count if self.count else 0.0

    def fields(self) -> dict[str, str]:
        figures = {"p50_ms": self.p50_ms, "p95_ms": self.p95_ms, "p99_ms": self.p99_ms}
        return {
            "start": f"{self.start:.0f}",
            "version": self.version,
            "count": str(self.count),
            "errors": str(self.errors),
            "error_rate": f"{self.error_rate:.4f}",
            **{name: "" if value is None else f"{value:.2f}" for name, value in figures.items()},
        }


@dataclass
class _Open:
    start: float
    version: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    count: int = 0


@dataclass
class Series:
    """One service's open bucket; `add` returns the bucket it closed, if the sample starts a new one."""

    bucket_s: float = BUCKET_S
    current: _Open | None = None

    def add(self, at: float, version: str, ok: bool, latency_ms: float) -> Bucket | None:
        start = at - at % self.bucket_s
        closed = None
        if self.current and (self.current.start != start or self.current.version != version):
            closed = self.close()
        if self.current is None:
            self.current = _Open(start, version)
        self.current.count += 1
        if ok:
            self.current.latencies.append(latency_ms)
        else:
            self.current.errors += 1
        return closed

    def close(self) -> Bucket | None:
        done, self.current = self.current, None
        if done is None:
            return None
        values = done.latencies
        return Bucket(
            done.start,
            done.version,
            done.count,
            done.errors,
            percentile(values, 50),
            percentile(values, 95),
            percentile(values, 99),
        )

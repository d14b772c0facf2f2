"""A lasting finding is reported in as many windows as the rollback policy needs to agree, then not until it clears."""

from dataclasses import dataclass

from services.monitor.metrics import Recorder
from services.monitor.probing.result import ProbeResult
from services.monitor.targets import Target
from shared.events import Event
from shared.streams import Keys


@dataclass(frozen=True)
class Window:
    version: str
    error_rate: float
    count: int = 10
    p95_ms: float | None = 5.0
    p50_ms: float | None = 5.0
    p99_ms: float | None = 5.0


class Kept:
    def __init__(self) -> None:
        self.events: list[Event] = []

    async def publish(self, event: Event) -> str:
        self.events.append(event)
        return "0-0"


def target(agreement: int) -> Target:
    return Target(
        "staging", "api", "http://api/health/ready", 1.0, 1.0, 2, 3, (), error_rate_limit=0.2, agreement=agreement
    )


async def reported(agreement: int, rates: list[float]) -> list[float]:
    kept = Kept()
    recorder = Recorder(None, Keys(), kept)  # type: ignore[arg-type]
    for start, rate in enumerate(rates):
        await recorder.assess(target(agreement), Window("2.0", rate), float(start))
    return [e.payload.bucket_start for e in kept.events]  # type: ignore[attr-defined]


async def test_a_lasting_error_rate_is_reported_in_the_first_agreement_windows_only() -> None:
    assert await reported(2, [0.5, 0.5, 0.5, 0.5]) == [0.0, 1.0]
    assert await reported(3, [0.5, 0.5, 0.5, 0.5]) == [0.0, 1.0, 2.0]
    assert await reported(1, [0.5, 0.5]) == [0.0]


async def test_once_it_clears_a_new_run_is_reported_again() -> None:
    assert await reported(2, [0.5, 0.0, 0.5, 0.5, 0.5]) == [0.0, 2.0, 3.0]


async def test_figures_under_the_limit_report_nothing() -> None:
    assert await reported(2, [0.1, 0.2, 0.0]) == []


def probe(at: float, version: str | None, ok: bool) -> ProbeResult:
    return ProbeResult(
        "pass" if ok else "fail", 2.0, 200 if ok else (500 if version else None), version, (), "" if ok else "down", at
    )


async def test_a_restart_that_answered_nothing_is_no_finding_about_a_version() -> None:
    kept = Kept()
    recorder = Recorder(None, Keys(), kept, bucket_s=1.0)  # type: ignore[arg-type]
    probes = [
        probe(0.1, "1.1", True),
        probe(1.1, None, False),
        probe(1.3, None, False),
        probe(1.5, None, False),
        probe(1.7, None, False),
        probe(2.1, "1.2", False),
        probe(2.3, "1.2", False),
        probe(2.5, "1.2", True),
        probe(3.1, "1.2", True),
    ]
    for result in probes:
        await recorder.record(target(2), result)
    assert [(e.payload.version, e.payload.bucket_start) for e in kept.events] == [("1.2", 2.0)], (  # type: ignore[attr-defined]
        "the refused probes of the restart say nothing; 1.2's own 500s do"
    )


class Pipe:
    def __init__(self) -> None:
        self.written: list[tuple[str, str]] = []

    def xadd(self, key: str, fields: dict[str, str], **_: object) -> None:
        self.written.append((key, fields["start"]))


async def test_buckets_whose_write_failed_are_written_by_the_next_flush_first() -> None:
    recorder = Recorder(None, Keys(), Kept(), bucket_s=1.0)  # type: ignore[arg-type]  # no Redis: only flush is used
    for at in (0.1, 1.1, 2.1):
        await recorder.record(target(2), probe(at, "1.0", True))
    failed = recorder.flush(Pipe())  # type: ignore[arg-type]  # a stand-in pipeline
    assert [bucket.start for _, bucket in failed] == [0.0, 1.0]
    recorder.unflushed(failed)  # the pipeline's execute failed: Redis gone
    await recorder.record(target(2), probe(3.1, "1.0", True))
    pipe = Pipe()
    recorder.flush(pipe)  # type: ignore[arg-type]  # a stand-in pipeline
    series = Keys().monitor_series("staging", "api")
    assert pipe.written == [(series, "0"), (series, "1"), (series, "2")]

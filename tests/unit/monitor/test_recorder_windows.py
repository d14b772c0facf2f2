"""A lasting finding is reported in as many windows as the rollback policy needs to agree, then not until it clears."""

from dataclasses import dataclass

from services.monitor.metrics import Recorder
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
    return Target("staging", "api", "http://api/health/ready", 1.0, 1.0, 2, 3, (), error_rate_limit=0.2,
                  agreement=agreement)


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

"""The Analytics page's charts, drawn on the server from the figures (render/): deployments per bucket by outcome,
success rate and duration over time, and the rollbacks' triggers. Every bucket of the range is drawn, those without
a deployment as nothing, so the time axis is the range asked for. The same numbers are in the page's tables."""

from dataclasses import dataclass
from datetime import date

from services.dashboard.domain.analytics import Analytics
from services.dashboard.domain.dora import days_of
from services.dashboard.domain.figures_text import duration_text, percent
from services.dashboard.domain.reliability import Durations, Outcomes, bucket_of
from services.dashboard.render.bar_chart import BarSeries, bar_chart
from services.dashboard.render.line_chart import Series, line_chart
from services.dashboard.render.ticks import day_label

NO_DURATION = Durations(mean_s=None, p50_s=None, p95_s=None)


@dataclass(frozen=True)
class OutcomeRow:
    start: str
    deployments: int
    succeeded: int
    failed: int
    success_rate: str
    p50: str
    p95: str


@dataclass(frozen=True)
class Charts:
    outcomes: str
    success_rate: str
    duration: str
    rollbacks: str
    rows: list[OutcomeRow]


def buckets(figures: Analytics) -> list[date]:
    """Every bucket's first day over the range, oldest first."""
    days = days_of(figures.query.start.timestamp(), figures.query.end.timestamp())
    return sorted({bucket_of(day, figures.query.bucket) for day in days})


def rows_of(series: list[Outcomes]) -> list[OutcomeRow]:
    return [
        OutcomeRow(
            o.start.isoformat(),
            o.deployments,
            o.succeeded,
            o.failed,
            percent(o.success_rate),
            duration_text(o.duration.p50_s),
            duration_text(o.duration.p95_s),
        )
        for o in series
    ]


def charts(figures: Analytics) -> Charts:
    starts = buckets(figures)
    first, last = (starts[0], starts[-1]) if starts else (figures.query.start.date(), figures.query.end.date())
    known = {o.start: o for o in figures.over_time}
    per = figures.query.bucket
    empty = Outcomes(start=first, deployments=0, succeeded=0, failed=0, success_rate=None, duration=NO_DURATION)
    cells = [known.get(start, empty) for start in starts]
    labels = [day_label(start) for start in starts]
    outcomes = bar_chart(
        labels,
        [
            BarSeries("succeeded", [float(c.succeeded) for c in cells]),
            BarSeries("failed or rolled back", [float(c.failed) for c in cells]),
            BarSeries("other (cancelled)", [float(c.deployments - c.succeeded - c.failed) for c in cells]),
        ],
        chart_id="chart-outcomes",
        title=f"Deployments per {per} by outcome",
        stacked=True,
        empty_message="No deployment ended in this range",
    )
    rate = [(o.start, o.success_rate * 100) for o in figures.over_time if o.success_rate is not None]
    success_rate = line_chart(
        [Series("success rate", rate)],
        chart_id="chart-success-rate",
        title=f"Success rate per {per}",
        start=first,
        end=last,
        unit="%",
        y_range=(0, 100),
        empty_message="No deployment succeeded or failed in this range",
    )
    median = [(o.start, o.duration.p50_s / 60) for o in figures.over_time if o.duration.p50_s is not None]
    p95 = [(o.start, o.duration.p95_s / 60) for o in figures.over_time if o.duration.p95_s is not None]
    duration = line_chart(
        [Series("median", median), Series("p95", p95)],
        chart_id="chart-duration",
        title=f"Deployment duration per {per}, minutes",
        start=first,
        end=last,
        unit=" min",
        empty_message="No deployment's duration is known in this range",
    )
    triggers = figures.rollbacks.triggers
    rollbacks = bar_chart(
        [cause.cause for cause in triggers],
        [BarSeries("rollbacks", [float(cause.count) for cause in triggers])],
        chart_id="chart-rollbacks",
        title="Rollbacks by trigger",
        size=(640, 220),
        empty_message="No rollback in this range",
    )
    return Charts(outcomes, success_rate, duration, rollbacks, rows_of(figures.over_time))

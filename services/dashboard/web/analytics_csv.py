"""The analytics' numbers as CSV, one number a row, for a spreadsheet: what it is (section and metric), whose it is
(all, an environment or a service), its time bucket where it has one, and its value (and level for DORA)."""

import csv
import io
from collections.abc import Iterator

from services.dashboard.domain.analytics import Analytics
from services.dashboard.domain.dora import Dora
from services.dashboard.domain.reliability import Outcomes

HEADER = ["section", "scope", "name", "bucket", "metric", "value", "level"]
Row = list[str]


def _number(value: float | int | None) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _dora(scope: str, name: str, figures: Dora) -> Iterator[Row]:
    metrics = {
        "deployment_frequency": figures.deployment_frequency,
        "lead_time_s": figures.lead_time,
        "change_failure_rate": figures.change_failure_rate,
        "time_to_restore_s": figures.time_to_restore,
    }
    for metric, figure in metrics.items():
        yield ["dora", scope, name, "", metric, _number(figure.value), figure.level or ""]
    yield ["dora", scope, name, "", "deployment_frequency_bucket", figures.deployment_frequency.bucket or "", ""]


def _outcomes(scope: str, name: str, series: list[Outcomes]) -> Iterator[Row]:
    for o in series:
        numbers = {
            "deployments": o.deployments,
            "succeeded": o.succeeded,
            "failed": o.failed,
            "success_rate": o.success_rate,
            "duration_mean_s": o.duration.mean_s,
            "duration_p50_s": o.duration.p50_s,
            "duration_p95_s": o.duration.p95_s,
        }
        for metric, value in numbers.items():
            yield ["outcomes", scope, name, o.start.isoformat(), metric, _number(value), ""]


def rows(figures: Analytics) -> Iterator[Row]:
    yield from _dora("all", "", figures.dora)
    for name, by in figures.dora_by_environment.items():
        yield from _dora("environment", name, by)
    for name, by in figures.dora_by_service.items():
        yield from _dora("service", name, by)
    yield from _outcomes("all", "", figures.over_time)
    for name, series in figures.by_environment.items():
        yield from _outcomes("environment", name, series)
    for name, series in figures.by_service.items():
        yield from _outcomes("service", name, series)
    yield ["rollbacks", "all", "", "", "count", str(figures.rollbacks.count), ""]
    for cause in figures.rollbacks.triggers:
        yield ["rollbacks", "trigger", cause.cause, "", "count", str(cause.count), ""]
    for cause in figures.rollbacks.reasons:
        yield ["rollbacks", "reason", cause.cause, "", "count", str(cause.count), ""]
    for i in figures.impact:
        name = f"{i.deployment_id}/{i.service}"
        yield ["impact", "deployment", name, "", f"{i.metric}_before", _number(i.before), ""]
        yield ["impact", "deployment", name, "", f"{i.metric}_after", _number(i.after), ""]
    for u in figures.uptime:
        yield ["uptime", "service", f"{u.environment}/{u.service}", "", "uptime", _number(u.uptime), ""]


def to_csv(figures: Analytics) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows(figures))
    return out.getvalue()

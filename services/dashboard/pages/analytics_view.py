"""The Analytics page's decisions from plain values: the form's fields read into the API's query (a GET form: every
view is a URL), and the figures said as words a person reads: durations in minutes and hours, rates in per cent,
each DORA metric with its level and the deployments behind it."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from services.dashboard.domain.dora import Dora, Metric
from services.dashboard.domain.dora_levels import DEFAULT_REPORT, LEVELS
from services.dashboard.domain.figures_text import duration_text, percent
from services.dashboard.domain.reliability import Bucket, Outcomes
from services.dashboard.domain.stats import ratio

from .history_view import moment

FIELDS = ("environment", "service", "from", "to", "bucket", "report")
BUCKETS: tuple[Bucket, ...] = ("day", "week")
REPORTS = tuple(sorted(LEVELS))
SHOWN_IDS = 12  # the deployments listed under a metric; the CSV and the API have them all


@dataclass(frozen=True)
class AnalyticsAsked:
    environment: str | None
    service: str | None
    start: datetime | None
    end: datetime | None
    bucket: Bucket
    report: int
    values: dict[str, str]
    errors: list[str]


def asked(params: Mapping[str, str]) -> AnalyticsAsked:
    """The form's fields; one that cannot be read is left at its default and named in errors. A date as `to` means
    the whole of that day."""
    values = {name: params.get(name, "").strip() for name in FIELDS}
    errors: list[str] = []
    when: dict[str, datetime | None] = {"from": None, "to": None}
    for name in when:
        if values[name]:
            try:
                when[name] = moment(name, values[name], name == "to")
            except ValueError as error:
                errors.append(str(error))
    bucket: Bucket = "day"
    if values["bucket"] in BUCKETS:
        bucket = "week" if values["bucket"] == "week" else "day"
    elif values["bucket"]:
        errors.append(f"bucket: {values['bucket'][:20]!r} is not one of {', '.join(BUCKETS)}")
    report = DEFAULT_REPORT
    if values["report"]:
        if values["report"].isdigit() and int(values["report"]) in LEVELS:
            report = int(values["report"])
        else:
            known = ", ".join(map(str, REPORTS))
            errors.append(f"report: no levels kept for {values['report'][:20]!r}; known: {known}")
    environment, service = values["environment"] or None, values["service"] or None
    return AnalyticsAsked(environment, service, when["from"], when["to"], bucket, report, values, errors)


def csv_href(values: Mapping[str, str]) -> str:
    kept = [(name, values[name]) for name in FIELDS if values.get(name)]
    return "/api/v1/analytics/csv" + (f"?{urlencode(kept)}" if kept else "")


@dataclass(frozen=True)
class Card:
    key: str
    name: str
    value: str
    level: str | None
    detail: str
    ids: list[str]
    more: int  # ids behind the figure that are not listed


def _card(key: str, name: str, metric: Metric, value: str, detail: str) -> Card:
    ids = metric.deployment_ids
    return Card(key, name, value, metric.level, detail, ids[:SHOWN_IDS], max(0, len(ids) - SHOWN_IDS))


def cards(dora: Dora) -> list[Card]:
    """The four DORA metrics, as the page's cards show them."""
    frequency, lead = dora.deployment_frequency, dora.lead_time
    failures, restore = dora.change_failure_rate, dora.time_to_restore
    per_day = "—" if frequency.value is None else f"{frequency.value:.2f} a day"
    open_ones = f"; {len(restore.open_incident_ids)} still open" if restore.open_incident_ids else ""
    return [
        _card(
            "deployment-frequency",
            "Deployment frequency",
            frequency,
            per_day,
            f"{frequency.deployments} successful over {frequency.days} days; Four Keys: {frequency.bucket or 'none'}",
        ),
        _card("lead-time", "Lead time for changes", lead, duration_text(lead.value), "median, commit to live"),
        _card(
            "change-failure-rate",
            "Change failure rate",
            failures,
            percent(failures.value),
            f"{failures.failed} of {failures.judged} deployments failed, rolled back or opened an incident",
        ),
        _card(
            "time-to-restore",
            "Time to restore",
            restore,
            duration_text(restore.value),
            f"median time to recover of {restore.incidents} incident{'' if restore.incidents == 1 else 's'}{open_ones}",
        ),
    ]


def breakdown(groups: Mapping[str, Dora]) -> list[tuple[str, list[Card]]]:
    """Each environment's (or service's) four figures, by name."""
    return [(name, cards(figures)) for name, figures in sorted(groups.items())]


def range_text(start: datetime, end: datetime, environment: str | None, service: str | None) -> str:
    """ "2026-11-01 to 2026-11-07, production, api": the days the range covers (its end is not in it)."""
    last = (end - timedelta(microseconds=1)).astimezone(UTC).date()
    scope = ", ".join(part for part in (environment, service) if part) or "every environment and service"
    return f"{start.astimezone(UTC).date().isoformat()} to {last.isoformat()}, {scope}"


@dataclass(frozen=True)
class Totals:
    name: str
    deployments: int
    succeeded: int
    failed: int
    success_rate: str


def totals(groups: Mapping[str, list[Outcomes]]) -> list[Totals]:
    """Each group's outcomes over the whole range (its buckets summed), by name."""
    found = []
    for name, series in sorted(groups.items()):
        ok, bad = sum(o.succeeded for o in series), sum(o.failed for o in series)
        found.append(Totals(name, sum(o.deployments for o in series), ok, bad, percent(ratio(ok, ok + bad))))
    return found

"""Everything analytics works out from the deployments alone: DORA (with ids), outcomes over time and rollbacks for
all of them, and the breakdowns by environment and by service, made from each day's part (domain/day_parts.py).
The breakdowns' figures are those of domain/dora.py without the ids, which a query narrowed to the group gives."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .day_parts import Cell, DayPart, day_part
from .dora import ChangeFailureRate, DeploymentFrequency, Dora, Metric, TimeToRestore, dora, frequency_bucket
from .dora_levels import Levels
from .reliability import Bucket, Outcomes, bucket_of, durations
from .rollbacks import Rollbacks, rollbacks
from .stats import median, ratio
from .summary import Summary

PartOf = Callable[[list[Summary], str | None], DayPart]


@dataclass
class Overview:
    dora: Dora
    over_time: list[Outcomes]
    rollbacks: Rollbacks
    dora_by_environment: dict[str, Dora]
    dora_by_service: dict[str, Dora]
    by_environment: dict[str, list[Outcomes]]
    by_service: dict[str, list[Outcomes]]


def dora_of(cell: Cell, deployed: set[date], days: list[date], levels: Levels) -> Dora:
    """A group's DORA figures from its cell over the range and the days it had a successful deployment."""
    bucket = frequency_bucket(deployed, days)
    lead, rate, restore = median(cell.leads), ratio(cell.failed, cell.judged), median(cell.restored)
    return Dora(
        report=levels.report,
        deployment_frequency=DeploymentFrequency(
            value=cell.succeeded / len(days) if days else None,
            unit="deployments per day",
            level=levels.frequency[bucket] if bucket else None,
            deployment_ids=[],
            bucket=bucket,
            deployments=cell.succeeded,
            days=len(days),
        ),
        lead_time=Metric(value=lead, unit="seconds", level=levels.lead_time_s.level(lead), deployment_ids=[]),
        change_failure_rate=ChangeFailureRate(
            value=rate,
            unit="fraction of deployments",
            level=levels.change_failure_rate.level(rate),
            deployment_ids=[],
            failed=cell.failed,
            judged=cell.judged,
            judged_ids=[],
        ),
        time_to_restore=TimeToRestore(
            value=restore,
            unit="seconds",
            level=levels.time_to_restore_s.level(restore),
            deployment_ids=[],
            incidents=cell.incidents,
            open_incident_ids=[],
        ),
    )


def outcomes(start: date, cell: Cell) -> Outcomes:
    return Outcomes(
        start=start,
        deployments=cell.deployments,
        succeeded=cell.succeeded,
        failed=cell.failed,
        success_rate=ratio(cell.succeeded, cell.succeeded + cell.failed),
        duration=durations(cell.took),
    )


class _Group:
    """One group's cells summed over the range and per bucket, and the days it deployed successfully. A bucket of
    one day holds that day's own cell (never changed here), so its figures are made once while the day is kept."""

    def __init__(self) -> None:
        self.total, self.buckets, self.deployed = Cell(), dict[date, Cell](), set[date]()
        self.own: set[date] = set()  # buckets whose cell is ours to add to

    def add(self, day: date, start: date, cell: Cell) -> None:
        self.total.merge(cell)
        if cell.succeeded:
            self.deployed.add(day)
        held = self.buckets.get(start)
        if held is None:
            self.buckets[start] = cell
            return
        if start not in self.own:
            held = self.buckets[start] = _copy(held)
            self.own.add(start)
        held.merge(cell)

    def series(self) -> list[Outcomes]:
        return [_figures(start, self.buckets[start]) for start in sorted(self.buckets)]


def _copy(cell: Cell) -> Cell:
    copy = Cell()
    copy.merge(cell)
    return copy


def _figures(start: date, cell: Cell) -> Outcomes:
    made = cell.figures.get(start)
    if made is None:
        made = cell.figures[start] = outcomes(start, cell)
    return made


def overview(
    chosen: list[Summary],
    days: list[date],
    bucket: Bucket,
    levels: Levels,
    only: str | None,
    part_of: PartOf = day_part,
) -> Overview:
    """The figures of `chosen` over `days`, by environment and by service (`only` keeps one service); `part_of`
    makes a day's part (a caller may pass one that keeps them)."""
    by_day: dict[date, list[Summary]] = {}
    for s in chosen:
        by_day.setdefault(s.day, []).append(s)
    everything, environments, services = _Group(), dict[str, _Group](), dict[str, _Group]()
    for day in sorted(by_day):
        part, start = part_of(by_day[day], only), bucket_of(day, bucket)
        everything.add(day, start, part.everything)
        for name, cell in part.environments.items():
            environments.setdefault(name, _Group()).add(day, start, cell)
        for name, cell in part.services.items():
            services.setdefault(name, _Group()).add(day, start, cell)
    return Overview(
        dora=dora(chosen, days, levels),
        over_time=everything.series(),
        rollbacks=rollbacks(chosen),
        dora_by_environment={k: dora_of(g.total, g.deployed, days, levels) for k, g in sorted(environments.items())},
        dora_by_service={k: dora_of(g.total, g.deployed, days, levels) for k, g in sorted(services.items())},
        by_environment={k: g.series() for k, g in sorted(environments.items())},
        by_service={k: g.series() for k, g in sorted(services.items())},
    )

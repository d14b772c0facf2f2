"""Everything analytics works out from the deployments alone, in one pass: DORA, outcomes over time and rollbacks
for all of them, and the breakdowns by environment and by service. Each deployment's part in the DORA figures is
worked out once, then only counted into every group it belongs to (ten thousand deployments with a dozen services
each are 120,000 memberships). The breakdowns' figures are those of domain/dora.py without the ids, which a query
narrowed to the group gives."""

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from .dora import ChangeFailureRate, DeploymentFrequency, Dora, Metric, TimeToRestore, dora, frequency_bucket
from .dora_levels import Levels
from .reliability import Bucket, Outcomes, bucket_of, outcomes
from .rollbacks import Rollbacks, rollbacks
from .stats import median, ratio
from .summary import Summary

K = TypeVar("K")


@dataclass
class DoraTally:
    parts: list[Summary] = field(default_factory=list)

    def figures(self, days: list[date], levels: Levels) -> Dora:
        good = [p for p in self.parts if p.succeeded]
        bucket = frequency_bucket({p.day for p in good}, days)
        leads = [p.lead_s for p in good if p.lead_s is not None]
        judged = [p for p in self.parts if p.judged]
        failed = sum(1 for p in judged if p.failed)
        incidents = [p for p in self.parts if p.incident]
        restored = [p.recover_s for p in incidents if p.resolved and p.recover_s is not None]
        lead, rate, restore = median(leads), ratio(failed, len(judged)), median(restored)
        frequency = DeploymentFrequency(
            value=len(good) / len(days) if days else None,
            unit="deployments per day",
            level=levels.frequency[bucket] if bucket else None,
            deployment_ids=[],
            bucket=bucket,
            deployments=len(good),
            days=len(days),
        )
        return Dora(
            report=levels.report,
            deployment_frequency=frequency,
            lead_time=Metric(value=lead, unit="seconds", level=levels.lead_time_s.level(lead), deployment_ids=[]),
            change_failure_rate=ChangeFailureRate(
                value=rate,
                unit="fraction of deployments",
                level=levels.change_failure_rate.level(rate),
                deployment_ids=[],
                failed=failed,
                judged=len(judged),
                judged_ids=[],
            ),
            time_to_restore=TimeToRestore(
                value=restore,
                unit="seconds",
                level=levels.time_to_restore_s.level(restore),
                deployment_ids=[],
                incidents=len(incidents),
                open_incident_ids=[],
            ),
        )


@dataclass
class Overview:
    dora: Dora
    over_time: list[Outcomes]
    rollbacks: Rollbacks
    dora_by_environment: dict[str, Dora]
    dora_by_service: dict[str, Dora]
    by_environment: dict[str, list[Outcomes]]
    by_service: dict[str, list[Outcomes]]


def overview(chosen: list[Summary], days: list[date], bucket: Bucket, levels: Levels, only: str | None) -> Overview:
    """The figures of `chosen` over `days`, by environment and by service (`only` keeps one service). The loop over
    memberships is kept to appends: it runs 120,000 times for ten thousand deployments."""
    starts: dict[date, date] = {}
    over_time: dict[date, list[Summary]] = {}
    environments: dict[tuple[str, date], list[Summary]] = {}
    cells: dict[tuple[str, date], tuple[list[Summary], list[float]]] = {}
    for s in chosen:
        start = starts.get(s.day)
        if start is None:
            start = starts[s.day] = bucket_of(s.day, bucket)
        _cell(over_time, start).append(s)
        _cell(environments, (s.environment, start)).append(s)
        for name, run in s.services.items():
            if only is not None and name != only:
                continue
            cell = cells.get((name, start))
            if cell is None:
                cell = cells[(name, start)] = ([], [])
            cell[0].append(s)
            if run.duration_s is not None:
                cell[1].append(run.duration_s)
    service_parts: dict[str, list[Summary]] = {}
    for (name, _), (parts, _) in cells.items():
        service_parts.setdefault(name, []).extend(parts)
    env_parts: dict[str, list[Summary]] = {}
    for (name, _), parts in environments.items():
        env_parts.setdefault(name, []).extend(parts)
    return Overview(
        dora=dora(chosen, days, levels),
        over_time=[outcomes(start, rows, [s.duration_s for s in rows]) for start, rows in sorted(over_time.items())],
        rollbacks=rollbacks(chosen),
        dora_by_environment={k: DoraTally(env_parts[k]).figures(days, levels) for k in sorted(env_parts)},
        dora_by_service={k: DoraTally(service_parts[k]).figures(days, levels) for k in sorted(service_parts)},
        by_environment=_series({key: (rows, [s.duration_s for s in rows]) for key, rows in environments.items()}),
        by_service=_series(cells),
    )


def _cell(cells: dict[K, list[Summary]], key: K) -> list[Summary]:
    found = cells.get(key)  # not setdefault: it would make a list for every deployment counted
    if found is None:
        found = cells[key] = []
    return found


def _series(cells: dict[tuple[str, date], tuple[list[Summary], list[float]]]) -> dict[str, list[Outcomes]]:
    grouped: dict[str, list[Outcomes]] = {}
    for name, start in sorted(cells):
        rows, took = cells[(name, start)]
        grouped.setdefault(name, []).append(outcomes(start, rows, took))
    return grouped

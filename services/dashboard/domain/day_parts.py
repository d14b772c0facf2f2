"""One day's deployments counted per group (all of them, each environment, each service): the counts and values
every figure of analytics is made of. A day's part depends on that day's deployments alone, so a caller that keeps
parts makes again only the day that changed (the one a deployment just ended in), and the figures of the range are
sums of parts (domain/breakdown.py)."""

from dataclasses import dataclass, field
from datetime import date

from .reliability import Outcomes
from .summary import Summary


@dataclass
class Cell:
    """One group's deployments in one day (or, summed, in a bucket or a range)."""

    deployments: int = 0
    succeeded: int = 0
    failed: int = 0
    judged: int = 0
    took: list[float] = field(default_factory=list)  # the durations known: the deployment's, or the service's own
    leads: list[float] = field(default_factory=list)
    incidents: int = 0
    restored: list[float] = field(default_factory=list)
    figures: dict[date, Outcomes] = field(default_factory=dict)  # once made (domain/breakdown.py)

    def add(self, s: Summary, duration: float | None) -> None:
        self.deployments += 1
        self.succeeded += s.succeeded
        self.failed += s.failed
        self.judged += s.judged
        if duration is not None:
            self.took.append(duration)
        if s.lead_s is not None:
            self.leads.append(s.lead_s)
        if s.incident:
            self.incidents += 1
            if s.resolved and s.recover_s is not None:
                self.restored.append(s.recover_s)

    def merge(self, other: "Cell") -> None:
        self.deployments += other.deployments
        self.succeeded += other.succeeded
        self.failed += other.failed
        self.judged += other.judged
        self.took.extend(other.took)
        self.leads.extend(other.leads)
        self.incidents += other.incidents
        self.restored.extend(other.restored)


@dataclass(frozen=True)
class DayPart:
    everything: Cell
    environments: dict[str, Cell]
    services: dict[str, Cell]  # each with the service's own durations


def day_part(rows: list[Summary], only: str | None) -> DayPart:
    """The part of one day's deployments (`only` counts one service in the services)."""
    everything, environments, services = Cell(), dict[str, Cell](), dict[str, Cell]()
    for s in rows:
        took = s.duration_s
        everything.add(s, took)
        environment = environments.get(s.environment)
        if environment is None:
            environment = environments[s.environment] = Cell()
        environment.add(s, took)
        for name, duration in s.durations.items():
            if only is None or name == only:
                cell = services.get(name)
                if cell is None:
                    cell = services[name] = Cell()
                cell.add(s, duration)
    return DayPart(everything, environments, services)

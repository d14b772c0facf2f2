"""The performance levels of the State of DevOps report, kept as data keyed by the report's year, and the level a
figure falls in.

2021: Accelerate State of DevOps 2021 (DORA, Google Cloud), "Software delivery performance metric" table, p. 11
(https://cloud.google.com/resources/state-of-devops, retrieved as the 2021 report). It says:
  deployment frequency: elite on-demand (multiple deploys per day), high between once per week and once per month,
    medium between once per month and once every six months, low fewer than once per six months;
  lead time for changes: elite less than one hour, high between one day and one week, medium between one month and
    six months, low more than six months;
  time to restore service: elite less than one hour, high less than one day, medium between one day and one week,
    low more than six months;
  change failure rate: elite 0%-15%, high, medium and low 16%-30%.
The report's bands leave gaps (lead time between an hour and a day, say); a figure takes the first level whose
upper bound it is within, so the gaps fall to the next level down. The report gives high, medium and low one
change failure band, so here a rate within 30% is high and above it (outside every band the report gives) low.
Deployment frequency is judged by Four Keys' bucket (domain/dora.py): daily is elite, weekly high, monthly medium,
yearly low, as the Four Keys dashboard colours them."""

from dataclasses import dataclass
from typing import Literal

Level = Literal["elite", "high", "medium", "low"]
Frequency = Literal["daily", "weekly", "monthly", "yearly"]
HOUR, DAY, WEEK = 3600.0, 86400.0, 7 * 86400.0
SIX_MONTHS = 182.5 * DAY


@dataclass(frozen=True)
class Bands:
    """Upper bounds, inclusive, of elite, high and medium; above the last, low."""

    elite: float
    high: float
    medium: float

    def level(self, value: float | None) -> Level | None:
        if value is None:
            return None
        if value <= self.elite:
            return "elite"
        if value <= self.high:
            return "high"
        return "medium" if value <= self.medium else "low"


@dataclass(frozen=True)
class Levels:
    report: int
    source: str
    lead_time_s: Bands
    time_to_restore_s: Bands
    change_failure_rate: Bands
    frequency: dict[Frequency, Level]


LEVELS: dict[int, Levels] = {
    2021: Levels(
        report=2021,
        source="Accelerate State of DevOps 2021, DORA / Google Cloud, p. 11",
        lead_time_s=Bands(elite=HOUR, high=WEEK, medium=SIX_MONTHS),
        time_to_restore_s=Bands(elite=HOUR, high=DAY, medium=WEEK),
        change_failure_rate=Bands(elite=0.15, high=0.30, medium=0.30),
        frequency={"daily": "elite", "weekly": "high", "monthly": "medium", "yearly": "low"},
    ),
}
DEFAULT_REPORT = 2021


class UnknownReportError(ValueError):
    """A report year whose levels are not kept here."""


def levels_of(report: int) -> Levels:
    try:
        return LEVELS[report]
    except KeyError:
        known = ", ".join(str(year) for year in sorted(LEVELS))
        raise UnknownReportError(f"report: no levels kept for {report}; known: {known}") from None

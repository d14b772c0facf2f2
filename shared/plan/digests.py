"""Scheduled digests: a summary of an environment's deliveries (deployments, failures, rollbacks, the DORA figures,
uptime) sent daily or weekly to channels of alerting.channels, at a time of day in a time zone the plan names."""

import re
import zoneinfo
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from shared.plan.types import Names, StrictModel

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def _time_of_day(value: str) -> str:
    if not _TIME.fullmatch(value):
        raise ValueError(f"'{value}' is not a time of day; write it as HH:MM on a 24-hour clock, like 09:00")
    return value


def _zone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        named = "name one of the IANA database, like Europe/Berlin or UTC"
        raise ValueError(f"'{value}' is not a time zone; {named}") from None
    return value


class Digest(StrictModel):
    """Sent once per period at `at` (and, weekly, on `weekday`), about the period that ends then: the day or the
    seven days before."""

    environment: str
    every: Literal["daily", "weekly"]
    at: Annotated[str, AfterValidator(_time_of_day)] = "09:00"
    weekday: Weekday = Field("monday", description="the day a weekly digest is sent; ignored by a daily one")
    timezone: Annotated[str, AfterValidator(_zone)] = "UTC"
    channels: Annotated[Names, Field(min_length=1)]

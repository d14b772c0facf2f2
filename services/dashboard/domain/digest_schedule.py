"""When a scheduled digest (alerting.digests) is due, decided from plain values: the last time it was to go out at
or before now, in its own time zone (09:00 in Europe/Berlin stays 09:00 across a change of clocks), and the
period it covers: the day, or the seven days, that end then.

A digest is due from its time for a while (GRACE): a dashboard that was down at 09:00 sends it when it comes back
that morning, but one down for days does not send last week's as if it were new. Each period has one key
(environment, schedule, channels and end), so replicas that find it due at once send it once."""

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared.plan.digests import WEEKDAYS, Digest

GRACE = {"daily": timedelta(hours=6), "weekly": timedelta(days=1)}
LENGTH_DAYS = {"daily": 1, "weekly": 7}


@dataclass(frozen=True)
class Period:
    start: datetime  # aware, in UTC
    end: datetime  # when the digest was to go out
    key: str  # the same period of the same digest, the same key

    @property
    def event_id(self) -> str:
        """The digest-ready event's id: the same for every replica and every try of this period."""
        return "digest-" + hashlib.sha256(self.key.encode()).hexdigest()[:32]


def _at(digest: Digest, day: date) -> datetime:
    hour, minute = (int(part) for part in digest.at.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(digest.timezone))


def last_time(digest: Digest, now: datetime) -> datetime:
    """The last time at or before `now` the digest was to go out, in UTC."""
    local = now.astimezone(ZoneInfo(digest.timezone))
    day = local.date()
    if digest.every == "weekly":
        day -= timedelta(days=(day.weekday() - WEEKDAYS.index(digest.weekday)) % 7)
    step = timedelta(days=LENGTH_DAYS[digest.every])
    while _at(digest, day) > local:
        day -= step
    return _at(digest, day).astimezone(UTC)


def period_ending(digest: Digest, end: datetime) -> Period:
    """The period whose digest goes out at `end`: from the same time of day one or seven days before."""
    local_end = end.astimezone(ZoneInfo(digest.timezone))
    start = _at(digest, local_end.date() - timedelta(days=LENGTH_DAYS[digest.every])).astimezone(UTC)
    channels = ",".join(sorted(digest.channels))
    key = f"{digest.environment}:{digest.every}:{channels}:{end.astimezone(UTC).isoformat()}"
    return Period(start=start, end=end.astimezone(UTC), key=key)


def due(digest: Digest, now: datetime) -> Period | None:
    """The period whose digest is due at `now`, if one is (sent or not: the caller knows what it sent)."""
    end = last_time(digest, now)
    if now - end > GRACE[digest.every]:
        return None
    return period_ending(digest, end)

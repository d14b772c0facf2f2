"""What the last analytics answers were made of, remembered: the figures of the deployments by what they were
made from (the same stored summaries, by their digest, with the same environment, service, bucket, report and
days give the same figures), and each day's part by that day's summaries (the reader hands back the very same
summary objects while they stay as stored). A dashboard polling its analytics pays for the figures once per change
in the history, and a change makes again only the day it touched."""

from collections import OrderedDict
from datetime import date

from services.dashboard.domain.analytics import Split
from services.dashboard.domain.breakdown import Overview, overview
from services.dashboard.domain.day_parts import DayPart, day_part
from services.dashboard.domain.dora_levels import Levels
from services.dashboard.domain.reliability import Bucket
from services.dashboard.domain.summary import Summary

KEEP = 4  # whole answers' figures (a few thousand small models each)
DAYS = 5000  # days' parts: a couple of years of days, for the whole history and per environment

Key = tuple[bytes, str | None, str | None, Bucket, int, date | None, date | None]


class OverviewMemo:
    def __init__(self, keep: int = KEEP, days: int = DAYS) -> None:
        self.keep, self.days = keep, days
        self._made: OrderedDict[Key, Overview] = OrderedDict()
        self._parts: dict[tuple[str | None, tuple[int, ...]], tuple[list[Summary], DayPart]] = {}

    def split(self, digest: bytes, environment: str | None) -> Split:
        """A `split` for analyse() over the summaries whose digest this is (read for `environment`)."""

        def remembered(
            chosen: list[Summary], days: list[date], bucket: Bucket, levels: Levels, only: str | None
        ) -> Overview:
            first, last = (days[0], days[-1]) if days else (None, None)
            key: Key = (digest, environment, only, bucket, levels.report, first, last)
            made = self._made.get(key)
            if made is None:
                made = self._made[key] = overview(chosen, days, bucket, levels, only, self.part)
                while len(self._made) > self.keep:
                    self._made.popitem(last=False)
            self._made.move_to_end(key)
            return made

        return remembered

    def part(self, rows: list[Summary], only: str | None) -> DayPart:
        """The day's part, made again only when one of its summaries is not the very object it was made from (the
        rows are kept with it, so no object id is reused while it is remembered)."""
        key = (only, tuple(id(s) for s in rows))
        known = self._parts.get(key)
        if known is not None and all(a is b for a, b in zip(known[0], rows, strict=True)):
            return known[1]
        if len(self._parts) >= self.days:
            self._parts.clear()
        made = day_part(rows, only)
        self._parts[key] = (rows, made)
        return made

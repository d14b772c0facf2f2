"""The breakdowns of the last few analytics answers, remembered by what they were made from: the same stored
summaries (their digest), environment, service, bucket, report and days give the same breakdowns, so a dashboard
polling its analytics pays for them once per change in the history rather than on every request."""

from collections import OrderedDict
from datetime import date

from services.dashboard.domain.analytics import Split
from services.dashboard.domain.breakdown import Overview, overview
from services.dashboard.domain.dora_levels import Levels
from services.dashboard.domain.reliability import Bucket
from services.dashboard.domain.summary import Summary

KEEP = 8

Key = tuple[bytes, str | None, str | None, Bucket, int, date | None, date | None]


class OverviewMemo:
    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self._made: OrderedDict[Key, Overview] = OrderedDict()

    def split(self, digest: bytes, environment: str | None) -> Split:
        """A `split` for analyse() over the summaries whose digest this is (read for `environment`)."""

        def remembered(
            chosen: list[Summary], days: list[date], bucket: Bucket, levels: Levels, only: str | None
        ) -> Overview:
            key: Key = (
                digest,
                environment,
                only,
                bucket,
                levels.report,
                days[0] if days else None,
                days[-1] if days else None,
            )
            made = self._made.get(key)
            if made is None:
                made = self._made[key] = overview(chosen, days, bucket, levels, only)
                while len(self._made) > self.keep:
                    self._made.popitem(last=False)
            self._made.move_to_end(key)
            return made

        return remembered

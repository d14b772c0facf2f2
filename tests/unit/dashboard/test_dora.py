"""The four DORA metrics from plain summaries, against figures worked out by hand: Four Keys' frequency buckets,
lead time's median leaving out what has no or no positive lead time, the change failure rate over deployments,
time to restore without the incidents still open, and the levels of the 2021 report."""

from datetime import UTC, datetime, timedelta

import pytest

from services.dashboard.domain.dora import (
    change_failure_rate,
    days_of,
    deployment_frequency,
    dora,
    frequency_bucket,
    lead_time,
    time_to_restore,
)
from services.dashboard.domain.dora_levels import LEVELS, Bands, UnknownReportError, levels_of
from services.dashboard.domain.summary import Summary

SUNDAY = datetime(2026, 3, 1, tzinfo=UTC)  # a Sunday: Four Keys' weeks start on it
LEVELS_2021 = LEVELS[2021]


def at(days: float, hours: float = 12) -> float:
    return (SUNDAY + timedelta(days=days, hours=hours)).timestamp()


def summary(n: int, status: str = "succeeded", ended: float | None = None, **fields: object) -> Summary:
    end = at(0) if ended is None else ended
    return Summary(id=f"d-{n}", environment="prod", status=status, created=end - 60, ended=end, **fields)  # type: ignore[arg-type]


def day(n: int) -> datetime:
    return SUNDAY + timedelta(days=n)


@pytest.mark.parametrize(
    ("deployed_on", "weeks", "bucket"),
    [
        ([0, 1, 2, 7, 8, 9], 2, "daily"),  # 3 days in each week: median 3
        ([0, 1, 7], 2, "weekly"),  # 2 and 1 days: median 1.5, but every week has one
        ([1], 4, "monthly"),  # one week of four in March has one: the median week's month has one
        ([], 2, "yearly"),
        ([36], 8, "yearly"),  # weeks of 1 Mar to 19 Apr: only April's three have one; the median month count is 0.5
    ],
)
def test_four_keys_buckets(deployed_on: list[int], weeks: int, bucket: str) -> None:
    days = days_of(SUNDAY.timestamp(), day(7 * weeks).timestamp())
    assert len(days) == 7 * weeks
    assert frequency_bucket({day(n).date() for n in deployed_on}, days) == bucket


def test_a_range_of_no_day_has_no_bucket_and_an_end_at_midnight_touches_nothing_of_that_day() -> None:
    assert frequency_bucket(set(), []) is None
    assert days_of(at(1), at(1)) == []
    assert days_of(SUNDAY.timestamp(), day(1).timestamp()) == [SUNDAY.date()]
    assert days_of(at(0), at(1)) == [SUNDAY.date(), day(1).date()]


def test_deployment_frequency_counts_successful_deployments_only() -> None:
    summaries = [summary(1, ended=at(0)), summary(2, ended=at(1)), summary(3, ended=at(2)), summary(4, "failed")]
    summaries += [summary(5, ended=at(7)), summary(6, ended=at(8)), summary(7, ended=at(9)), summary(8, "rolled-back")]
    figure = deployment_frequency(summaries, days_of(SUNDAY.timestamp(), day(14).timestamp()), LEVELS_2021)
    assert (figure.bucket, figure.level, figure.deployments, figure.days) == ("daily", "elite", 6, 14)
    assert figure.value == pytest.approx(6 / 14)
    assert figure.deployment_ids == ["d-1", "d-2", "d-3", "d-5", "d-6", "d-7"]


def test_no_deployments_deploy_yearly_and_an_empty_range_says_nothing() -> None:
    none = deployment_frequency([], days_of(SUNDAY.timestamp(), day(14).timestamp()), LEVELS_2021)
    assert (none.value, none.bucket, none.level, none.deployment_ids) == (0.0, "yearly", "low", [])
    empty = deployment_frequency([], days_of(at(3), at(3)), LEVELS_2021)
    assert (empty.value, empty.bucket, empty.level) == (None, None, None)


def test_lead_time_is_the_median_from_commit_to_the_end_of_a_successful_deployment() -> None:
    end = at(3)
    summaries = [
        summary(1, ended=end, commit=end - 600),
        summary(2, ended=end, commit=end - 5400),
        summary(3, ended=end, commit=end - 7200),
        summary(4, "failed", ended=end, commit=end - 60),  # not deployed
        summary(5, ended=end),  # CI sent no commit time
        summary(6, ended=end, commit=end + 300),  # commit after the deployment: a clock off, ignored
        summary(7, ended=end, commit=end),  # zero: ignored as Four Keys does
    ]
    figure = lead_time(summaries, LEVELS_2021)
    assert (figure.value, figure.unit, figure.level) == (5400, "seconds", "high")
    assert figure.deployment_ids == ["d-1", "d-2", "d-3"]
    assert lead_time([summary(1, commit=at(0) - 1800)], LEVELS_2021).level == "elite"
    nothing = lead_time([summary(5), summary(6, commit=at(0) + 1)], LEVELS_2021)
    assert (nothing.value, nothing.level, nothing.deployment_ids) == (None, None, [])


def test_change_failure_rate_is_over_deployments_judged() -> None:
    summaries = [summary(n) for n in (1, 2, 3)]
    summaries += [summary(4, "failed"), summary(5, "rolled-back"), summary(6, incident=True)]
    summaries += [summary(7, "cancelled"), summary(8, "rejected"), summary(9, "cancelled", incident=True)]
    figure = change_failure_rate(summaries, LEVELS_2021)
    assert (figure.failed, figure.judged) == (4, 7)
    assert figure.value == pytest.approx(4 / 7) and figure.level == "low"
    assert figure.deployment_ids == ["d-4", "d-5", "d-6", "d-9"]
    assert figure.judged_ids == ["d-1", "d-2", "d-3", "d-4", "d-5", "d-6", "d-9"]
    tenth = [summary(n) for n in range(9)] + [summary(9, "failed")]
    assert change_failure_rate(tenth, LEVELS_2021).level == "elite"
    assert change_failure_rate(tenth[2:], LEVELS_2021).level == "elite"  # 1 in 8: 12.5%
    fifth = [summary(n) for n in range(8)] + [summary(8, "failed"), summary(9, "failed")]
    assert change_failure_rate(fifth, LEVELS_2021).level == "high"
    none = change_failure_rate([summary(7, "cancelled")], LEVELS_2021)
    assert (none.value, none.level, none.judged) == (None, None, 0)


def test_time_to_restore_leaves_open_incidents_out_and_lists_them() -> None:
    summaries = [
        summary(1, "rolled-back", incident=True, resolved=True, recover_s=600),
        summary(2, "rolled-back", incident=True, resolved=True, recover_s=1200),
        summary(3, "failed", incident=True, resolved=True, recover_s=4000),
        summary(4, "rolled-back", incident=True),  # still open
        summary(5, "failed", incident=True, resolved=True),  # closed without a time to recover
        summary(6),
    ]
    figure = time_to_restore(summaries, LEVELS_2021)
    assert (figure.value, figure.level, figure.incidents) == (1200, "elite", 5)
    assert figure.deployment_ids == ["d-1", "d-2", "d-3"] and figure.open_incident_ids == ["d-4"]
    slower = time_to_restore(summaries[2:], LEVELS_2021)
    assert (slower.value, slower.level) == (4000, "high")
    only_open = time_to_restore([summaries[3]], LEVELS_2021)
    assert (only_open.value, only_open.level, only_open.open_incident_ids) == (None, None, ["d-4"])


def test_no_deployments_at_all() -> None:
    figures = dora([], days_of(SUNDAY.timestamp(), day(7).timestamp()), LEVELS_2021)
    assert figures.report == 2021
    assert figures.lead_time.value is None and figures.change_failure_rate.value is None
    assert figures.time_to_restore.value is None and figures.time_to_restore.open_incident_ids == []
    assert figures.deployment_frequency.deployments == 0


def test_levels_take_the_first_band_a_figure_is_within() -> None:
    bands = Bands(elite=3600, high=86400, medium=604800)
    assert [bands.level(v) for v in (0, 3600, 3601, 86400, 604800, 604801)] == [
        "elite",
        "elite",
        "high",
        "high",
        "medium",
        "low",
    ]
    assert bands.level(None) is None
    assert (
        LEVELS_2021.change_failure_rate.level(0.30) == "high" and LEVELS_2021.change_failure_rate.level(0.31) == "low"
    )
    assert levels_of(2021) is LEVELS_2021
    with pytest.raises(UnknownReportError, match="no levels kept for 1999; known: 2021"):
        levels_of(1999)

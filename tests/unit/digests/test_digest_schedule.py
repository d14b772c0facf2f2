"""When a digest is due, with plain values: its time in its own zone across a change of clocks, the weekly day,
the grace after its time, the period it covers, and one key (and event id) per period."""

from datetime import UTC, datetime, timedelta

from services.dashboard.domain.digest_schedule import due, last_time, period_ending
from shared.plan.digests import Digest


def digest(**fields: object) -> Digest:
    values: dict[str, object] = {"environment": "production", "every": "daily", "channels": ["mail"]}
    return Digest.model_validate(values | fields)


def test_a_daily_digest_goes_out_at_its_local_time_even_when_the_clocks_change() -> None:
    berlin = digest(at="09:00", timezone="Europe/Berlin")
    # 2026-10-25: Berlin leaves summer time (UTC+2 -> UTC+1)
    assert last_time(berlin, datetime(2026, 10, 24, 7, 30, tzinfo=UTC)) == datetime(2026, 10, 24, 7, 0, tzinfo=UTC)
    assert last_time(berlin, datetime(2026, 10, 25, 7, 59, tzinfo=UTC)) == datetime(2026, 10, 24, 7, 0, tzinfo=UTC)
    assert last_time(berlin, datetime(2026, 10, 25, 8, 0, tzinfo=UTC)) == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)
    period = period_ending(berlin, datetime(2026, 10, 25, 8, 0, tzinfo=UTC))
    assert period.start == datetime(2026, 10, 24, 7, 0, tzinfo=UTC), "09:00 to 09:00, a day of 25 hours"


def test_a_weekly_digest_goes_out_on_its_day_for_the_seven_days_before() -> None:
    weekly = digest(every="weekly", weekday="monday", at="08:30")
    friday = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    assert last_time(weekly, friday) == datetime(2026, 11, 30, 8, 30, tzinfo=UTC)
    monday_early = datetime(2026, 11, 30, 8, 29, tzinfo=UTC)
    assert last_time(weekly, monday_early) == datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
    period = period_ending(weekly, datetime(2026, 11, 30, 8, 30, tzinfo=UTC))
    assert (period.start, period.end) == (datetime(2026, 11, 23, 8, 30, tzinfo=UTC), period.end)


def test_a_digest_is_due_for_a_while_after_its_time_then_no_longer() -> None:
    daily = digest(at="09:00")
    at = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    assert due(daily, at) == due(daily, at + timedelta(hours=5, minutes=59)) is not None
    assert due(daily, at + timedelta(hours=6, minutes=1)) is None, "a day-old digest is not sent as new"
    weekly = digest(every="weekly", weekday="sunday", at="09:00")
    assert due(weekly, at + timedelta(hours=23)) is not None and due(weekly, at + timedelta(hours=25)) is None


def test_each_period_has_its_own_key_and_event_id() -> None:
    daily, other = digest(at="09:00"), digest(at="09:00", channels=["chat"])
    today, tomorrow = datetime(2026, 12, 6, 9, 0, tzinfo=UTC), datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    first, again = period_ending(daily, today), period_ending(daily, today)
    assert first == again and first.event_id == again.event_id and first.event_id.startswith("digest-")
    assert first.key != period_ending(daily, tomorrow).key != period_ending(other, tomorrow).key
    assert first.key == "production:daily:mail:2026-12-06T09:00:00+00:00"

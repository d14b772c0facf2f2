"""The Analytics page's decisions as pure code: the form read into a query (a bad field named, a date as `to` the
whole day), figures said as words, each DORA card with its level and the ids behind it, and the charts drawing
every bucket of the range, empty ones included, with an empty state when nothing ended."""

from datetime import UTC, datetime, timedelta

from services.dashboard.domain.analytics import Analytics, AnalyticsQuery, analyse
from services.dashboard.domain.dora_levels import LEVELS
from services.dashboard.domain.figures_text import duration_text, percent
from services.dashboard.domain.reliability import Bucket
from services.dashboard.domain.summary import Summary
from services.dashboard.pages.analytics_charts import buckets, charts
from services.dashboard.pages.analytics_view import (
    SHOWN_IDS,
    Totals,
    asked,
    cards,
    csv_href,
    range_text,
    totals,
)

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)


def test_the_form_is_read_into_the_query_and_a_field_it_cannot_read_is_named() -> None:
    form = asked({"environment": " production ", "from": "2026-03-02", "to": "2026-03-08", "bucket": "week"})
    assert (form.environment, form.service, form.bucket, form.report, form.errors) == (
        "production",
        None,
        "week",
        2021,
        [],
    )
    assert form.start == MONDAY and form.end == MONDAY + timedelta(days=7)  # `to` is the whole of its day
    bad = asked({"from": "yesterday", "bucket": "hour", "report": "1999"})
    assert bad.errors == [
        "from: 'yesterday' is not a date (2026-11-30) or a date and time",
        "bucket: 'hour' is not one of day, week",
        "report: no levels kept for '1999'; known: 2021",
    ]
    assert (bad.start, bad.bucket, bad.report) == (None, "day", 2021)
    assert asked({}).errors == [] and asked({}).start is None


def test_figures_are_said_in_the_words_a_person_reads() -> None:
    assert [duration_text(s) for s in (None, 42, 3780, 5400, 7260, 3 * 86400)] == [
        "—",
        "42 s",
        "63 min",
        "1 h 30 min",
        "2 h 1 min",
        "3.0 days",
    ]
    assert [percent(f) for f in (None, 0.4, 0.999008, 1.0)] == ["—", "40%", "99.9%", "100%"]
    assert csv_href({"from": "2026-03-02", "service": "", "bucket": "week"}) == (
        "/api/v1/analytics/csv?from=2026-03-02&bucket=week"
    )
    end = MONDAY + timedelta(days=7)
    assert range_text(MONDAY, end, "production", None) == "2026-03-02 to 2026-03-08, production"


def summary(n: int, day: int, status: str = "succeeded") -> Summary:
    end = (MONDAY + timedelta(days=day, hours=12)).timestamp()
    durations: dict[str, float | None] = {"api": 60.0}
    return Summary(
        id=f"d-{n:02}",
        status=status,
        environment="prod",
        durations=durations,
        created=end - 120,
        started=end - 100,
        ended=end,
    )


def week(rows: list[Summary], bucket: Bucket = "day") -> Analytics:
    query = AnalyticsQuery(start=MONDAY, end=MONDAY + timedelta(days=7), bucket=bucket)
    return analyse(query, LEVELS[2021], rows, [], [])


def test_each_card_has_its_level_and_lists_the_first_ids_behind_it() -> None:
    rows = [summary(n, n % 7) for n in range(1, 21)] + [summary(21, 2, "failed"), summary(22, 3, "rolled-back")]
    figures = week(rows)
    shown = {card.key: card for card in cards(figures.dora)}
    frequency = shown["deployment-frequency"]
    assert (frequency.value, frequency.level) == ("2.86 a day", "elite")
    assert frequency.ids == [f"d-{n:02}" for n in range(1, SHOWN_IDS + 1)]
    assert frequency.more == 20 - SHOWN_IDS
    failures = shown["change-failure-rate"]
    assert (failures.value, failures.level, failures.ids, failures.more) == ("9.1%", "elite", ["d-21", "d-22"], 0)
    assert shown["time-to-restore"].value == "—" and shown["time-to-restore"].level is None


def test_the_charts_draw_every_bucket_of_the_range_and_say_when_nothing_ended() -> None:
    figures = week([summary(1, 1), summary(2, 1, "failed")])
    assert len(buckets(figures)) == 7
    drawn = charts(figures)
    assert "succeeded: Mar 2 0, Mar 3 1, Mar 4 0" in drawn.outcomes
    assert "failed or rolled back: Mar 2 0, Mar 3 1" in drawn.outcomes
    assert [(r.start, r.deployments, r.success_rate) for r in drawn.rows] == [("2026-03-03", 2, "50%")]
    assert [d.isoformat() for d in buckets(week([], "week"))] == ["2026-03-02"]
    empty = charts(week([]))
    assert "No deployment ended in this range" in empty.outcomes and "No rollback in this range" in empty.rollbacks


def test_each_service_s_outcomes_are_summed_over_the_range() -> None:
    figures = week([summary(1, 1), summary(2, 1, "failed"), summary(3, 4), summary(4, 5, "cancelled")])
    assert totals(figures.by_service) == [Totals("api", 4, 2, 1, "66.7%")]
    assert totals({}) == []

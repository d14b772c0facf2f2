"""The History page's form read into the API's query, the older link that keeps the filters, and where a search
hit lands on the deployment's page."""

from datetime import UTC, datetime

from services.dashboard.domain.search import SearchHit
from services.dashboard.domain.views import DeploymentView
from services.dashboard.pages.history_view import PAGE, anchor_of, asked, older_link, permalink

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def test_the_filters_become_the_query_the_server_runs_over_the_whole_history() -> None:
    form = asked({"environment": "prod", "service": " api ", "status": "failed", "who": "ana", "q": ""})
    assert form.errors == []
    assert form.query.filters() == [("environment", "prod"), ("service", "api"), ("status", "failed"), ("who", "ana")]
    assert form.query.limit == PAGE
    assert form.text == ""


def test_a_day_range_covers_the_whole_last_day_and_a_time_is_read_as_utc() -> None:
    form = asked({"since": "2026-11-01", "until": "2026-11-02"})
    assert form.query.since == datetime(2026, 11, 1, tzinfo=UTC)
    assert form.query.until == datetime(2026, 11, 3, tzinfo=UTC)
    assert asked({"since": "2026-11-01T10:30"}).query.since == datetime(2026, 11, 1, 10, 30, tzinfo=UTC)


def test_what_cannot_be_read_is_named_with_its_field_and_left_out() -> None:
    form = asked({"status": "exploded", "since": "yesterday", "environment": "prod"})
    assert form.errors == [
        "status: 'exploded' is not one of " + form.errors[0].split("is not one of ")[1],
        "since: 'yesterday' is not a date (2026-11-30) or a date and time",
    ]
    assert "requested" in form.errors[0]


def test_the_older_link_keeps_every_filter_and_the_search() -> None:
    values = {"environment": "prod", "service": "", "q": "timeout api", "status": ""}
    assert older_link(values, "abc") == "/history?environment=prod&q=timeout+api&cursor=abc"
    assert older_link(values, None) is None


def hit(where: str, log_id: str | None = None) -> SearchHit:
    view = DeploymentView(id="d/1 x", environment="prod", created_at=T0, updated_at=T0)
    return SearchHit(deployment=view, where=where, snippet="...", log_id=log_id)


def test_a_hit_is_a_permalink_to_where_it_matched() -> None:
    assert (
        permalink(hit("log api", "1700000000000-3"))
        == "/deployments/d%2F1%20x?log_at=1700000000000-3#log-1700000000000-3"
    )
    assert permalink(hit("failure")) == "/deployments/d%2F1%20x#outcome"
    assert anchor_of("check smoke-home", None) == "verification"
    assert anchor_of("api attempt 2", None) == "services"
    assert anchor_of("api rollback", None) == "services"
    assert anchor_of("rollback", None) == "rollback"
    assert anchor_of("incident", None) == "incident"
    assert anchor_of("reason", None) == "summary"

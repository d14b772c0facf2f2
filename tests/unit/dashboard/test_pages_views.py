"""The pages' decisions from plain values: where a sign-in may go next, where an anonymous page request is sent,
the nav, and the Now page's parts and rows."""

from datetime import UTC, datetime, timedelta

import pytest

from services.dashboard.domain.views import DeploymentView
from services.dashboard.pages.views import login_location, nav, now_parts, row_of, safe_next

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("asked", "lands"),
    [
        (None, "/"),
        ("", "/"),
        ("/", "/"),
        ("/history?env=prod", "/history?env=prod"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("history", "/"),
        ("/\t/evil.example", "/"),
        ("/\n/evil.example", "/"),
        ("/ history", "/"),
    ],
)
def test_a_sign_in_goes_on_only_to_a_page_of_this_site(asked: str | None, lands: str) -> None:
    assert safe_next(asked) == lands


def test_an_anonymous_page_request_is_sent_to_login_told_to_come_back() -> None:
    assert login_location("/") == "/login?next=/"
    assert login_location("/history", "env=prod&who=ana") == "/login?next=/history%3Fenv%3Dprod%26who%3Dana"
    assert safe_next("/history?env=prod&who=ana") == "/history?env=prod&who=ana"


def test_the_nav_marks_the_page_shown() -> None:
    shown = nav("/")
    assert [(i.label, i.current) for i in shown if i.href == "/"] == [("Now", True)]
    assert not any(i.current for i in shown if i.href != "/")
    assert not any(i.current for i in nav("/login"))


def view(n: int, status: str, **more: object) -> DeploymentView:
    at = T0 + timedelta(minutes=n)
    return DeploymentView.model_validate(
        {"id": f"d-{n}", "environment": "staging", "status": status, "created_at": at, "updated_at": at, **more}
    )


def test_now_shows_what_is_in_flight_then_what_ended_each_newest_first() -> None:
    flying, recent = now_parts([view(1, "succeeded"), view(2, "running"), view(3, "failed"), view(4, "paused")])
    assert (flying.key, [r.id for r in flying.rows]) == ("in-flight", ["d-4", "d-2"])
    assert (recent.key, [r.id for r in recent.rows]) == ("recent", ["d-3", "d-1"])
    empty = now_parts([])
    assert [p.rows for p in empty] == [[], []] and all(p.empty for p in empty)


def test_a_row_says_versions_by_service_who_why_and_when_in_utc() -> None:
    row = row_of(view(5, "running", versions={"web": "2.0", "api": "1.5"}, requested_by="ana", reason="fix"))
    assert row.versions == "api 1.5, web 2.0"
    assert (row.requested_by, row.reason) == ("ana", " — fix")
    assert (row.created_text, row.created_iso) == ("2026-11-01 12:05:00 UTC", "2026-11-01T12:05:00+00:00")
    assert row_of(view(6, "queued", version="3.1")).versions == "all 3.1"
    assert row_of(view(7, "requested")).versions == "—" and row_of(view(7, "requested")).reason == ""

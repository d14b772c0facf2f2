"""The deployment page's decisions: the header's facts (a CI link only for a web address), durations in words,
services' rows, the timeline's filter, the alerts sent, the versions' diff, the log's paging and the report's
policy."""

from datetime import UTC, datetime

from services.dashboard.domain.views import DeploymentView
from services.dashboard.pages.deployment_timeline import alerts_sent, choices, timeline_rows
from services.dashboard.pages.deployment_view import before, duration, header_facts, log_start, web_link
from services.dashboard.pages.diff_view import diff
from services.dashboard.pages.report_view import disposition, report_policy, style_hash
from shared.events import AlertFailed, AlertSent, DeploymentFailed, ServiceDeployStarted
from shared.events import deployment as d
from shared.events.operations import AlertDeliveryPayload
from shared.events.stage import ServiceDeployStartedPayload

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def view(**more: object) -> DeploymentView:
    return DeploymentView.model_validate(
        {"id": "d-1", "environment": "prod", "created_at": T0, "updated_at": T0, **more}
    )


def test_a_ci_link_is_a_link_only_when_it_is_a_web_address() -> None:
    assert web_link("https://ci.example/run/1") == "https://ci.example/run/1"
    assert web_link("javascript:alert(1)") is None
    assert web_link("//evil.example") is None
    facts = {f.label: f for f in header_facts(view(ci_run_url="javascript:alert(1)", commit_sha="abc"))}
    assert facts["CI run"].href is None and facts["CI run"].value == "javascript:alert(1)"
    assert facts["Commit"].value == "abc"


def test_durations_read_as_words() -> None:
    assert [duration(s) for s in (None, 2.25, 42, 125, 7300)] == ["—", "2.2 s", "42 s", "2 min 05 s", "2 h 01 min"]


def test_the_timeline_is_filtered_by_service_and_kind() -> None:
    events = [
        ServiceDeployStarted(
            occurred_at=T0,
            service="api",
            payload=ServiceDeployStartedPayload(version="2"),
            deployment_id="d-1",
            environment="prod",
        ),
        ServiceDeployStarted(
            occurred_at=T0,
            service="web",
            payload=ServiceDeployStartedPayload(version="3"),
            deployment_id="d-1",
            environment="prod",
        ),
        DeploymentFailed(
            occurred_at=T0,
            payload=d.DeploymentFailedPayload(reason="<b>exit 3</b>"),
            deployment_id="d-1",
            environment="prod",
        ),
    ]
    assert [r.service for r in timeline_rows(events, service="api")] == ["api"]
    assert [r.kind for r in timeline_rows(events, kind="deployment-failed")] == ["deployment-failed"]
    assert timeline_rows(events, kind="deployment-failed")[0].said == "reason <b>exit 3</b>"
    assert choices(events) == (["api", "web"], ["deployment-failed", "service-deploy-started"])


def test_the_alerts_sent_are_the_deliveries_in_its_timeline() -> None:
    sent = AlertDeliveryPayload(fingerprint="f", channel="oncall", channel_type="slack", severity="critical")
    failed = sent.model_copy(update={"channel_type": "email", "channel": "mail", "error": "refused"})
    rows = alerts_sent(
        [
            AlertSent(payload=sent, deployment_id="d-1", environment="prod"),
            AlertFailed(payload=failed, deployment_id="d-1", environment="prod"),
        ]
    )
    assert [(r.outcome, r.channel, r.error) for r in rows] == [
        ("sent", "oncall (slack)", ""),
        ("failed", "mail (email)", "refused"),
    ]


def test_the_diff_shows_changed_services_first() -> None:
    a, b = view(versions={"api": "1", "web": "2", "db": "9"}), view(versions={"api": "1", "web": "3", "jobs": "1"})
    assert [(r.service, r.left, r.right, r.change) for r in diff(a, b)] == [
        ("db", "9", "—", "removed"),
        ("jobs", "—", "1", "added"),
        ("web", "2", "3", "changed"),
        ("api", "1", "1", "same"),
    ]


def test_a_permalinked_log_line_is_read_from_itself_on() -> None:
    assert before("1700000000000-3") == "1700000000000-2"
    assert before("1700000000000-0") == "1699999999999-18446744073709551615"
    assert before("0-0") == "-"
    assert log_start("", "1700000000000-3") == "1700000000000-2"
    assert log_start("1700000000000-9", "") == "1700000000000-9"
    assert log_start("", "") == "-"


def test_the_report_allows_only_its_own_stylesheet_and_downloads_under_a_safe_name() -> None:
    policy = report_policy("body{}")
    assert f"style-src '{style_hash('body{}')}'" in policy and "default-src 'none'" in policy
    assert "script-src" not in policy
    assert disposition('d"1/x', True).startswith('attachment; filename="deployment-d_1_x.html"')
    assert disposition("d-1", False).startswith("inline;")

"""The Services page's decisions from plain values: the matrix's cells (version, health, last change, drift, the
controls a person may use there), the graph's live state with root cause and impacted, and who did what."""

from datetime import UTC, datetime, timedelta
from typing import Any

from services.dashboard.domain.roles import Principal
from services.dashboard.domain.service_state import ServiceView
from services.dashboard.domain.views import DeploymentView
from services.dashboard.pages.controls_view import deeds, in_flight
from services.dashboard.pages.services_view import graph_state, matrix
from tests.unit.dashboard.graph_building import plan_graph

AT = datetime(2026, 11, 1, 12, tzinfo=UTC)
GRAPH = plan_graph([["db"], ["api"], ["web"]], {"api": ["db"], "web": ["api"]}, environment="staging")
DEPLOYER = Principal(name="dee", role="deployer", environments=("staging",))
VIEWER = Principal(name="vi", role="viewer")


def service(name: str, environment: str = "staging", **more: Any) -> ServiceView:
    return ServiceView(environment=environment, service=name, version="1.0", version_at=AT, **more)


def deployment(id: str, status: str, minutes: int = 0, **more: Any) -> DeploymentView:
    at = AT + timedelta(minutes=minutes)
    values = {"id": id, "environment": "staging", "status": status, "created_at": at, "updated_at": at, **more}
    return DeploymentView.model_validate(values)


def test_a_cell_shows_drift_in_words_and_its_version_health_and_last_change() -> None:
    states = [service("api", health="healthy", drift=True, reported_version="0.9", last_deployment_id="d-1")]
    (row,) = matrix(["staging", "production"], ["api"], states, [], VIEWER)
    staging, production = row.cells
    assert (staging.version, staging.health, staging.glyph) == ("1.0", "healthy", "✓")
    assert staging.drift == "reports 0.9, desired 1.0" and staging.deployment_id == "d-1"
    assert staging.changed_text == "2026-11-01 12:00:00 UTC"
    assert (production.known, production.version, production.health, production.drift) == (False, "—", "unknown", "")


def test_a_cell_offers_approve_and_rollback_to_a_deployer_there_and_nothing_to_a_viewer() -> None:
    waiting = deployment("d-2", "awaiting-approval", versions={"api": "1.1"})
    running = deployment("d-3", "running", versions={"web": "2"})
    states = [service("api"), service("web")]
    rows = matrix(["staging"], ["api", "web"], states, [waiting, running], DEPLOYER)
    api, web = (row.cells[0] for row in rows)
    assert [(c.deployment_id, c.spec.control, c.services) for c in api.controls] == [("d-2", "approve", ())]
    assert [(c.deployment_id, c.spec.control, c.services) for c in web.controls] == [("d-3", "rollback", ("web",))]
    assert api.redeploy and web.redeploy
    for row in matrix(["staging"], ["api", "web"], states, [waiting, running], VIEWER):
        assert row.cells[0].controls == [] and not row.cells[0].redeploy


def test_the_graph_marks_the_failed_service_as_root_cause_and_what_depends_on_it_as_impacted() -> None:
    states = [service("db", health="healthy"), service("api", health="unhealthy")]
    failed = deployment("d-4", "rolled-back", 5, failed_services=["api"])
    shown = graph_state(GRAPH, states, [deployment("d-3", "succeeded"), failed])
    assert shown.root_cause == ["api"] and shown.impacted == ["web"]
    assert {name: state.health for name, state in shown.states.items()} == {
        "db": "healthy",
        "api": "unhealthy",
        "web": "unknown",
    }
    after = graph_state(GRAPH, [service("api", health="healthy")], [failed, deployment("d-5", "succeeded", 9)])
    assert after.root_cause == [] and after.impacted == []


def test_the_monitor_s_root_cause_counts_while_the_service_is_unwell() -> None:
    states = [service("db", health="degraded", root_cause="db"), service("api", health="degraded", root_cause="db")]
    shown = graph_state(GRAPH, states, [])
    assert shown.root_cause == ["db"] and shown.impacted == ["api", "web"]


def test_who_did_what_and_why_newest_first() -> None:
    view = deployment(
        "d-1",
        "cancelled",
        requested_by="ana",
        reason="ship <b>it</b>",
        cancel={"at": AT + timedelta(minutes=3), "by": "bo", "reason": "wrong build"},
    )
    assert [(d.who, d.what, d.reason) for d in deeds([view])] == [
        ("bo", "cancelled", "wrong build"),
        ("ana", "asked to deploy", "ship <b>it</b>"),
    ]


def test_the_deployments_in_flight_with_the_controls_each_person_may_use() -> None:
    views = [deployment("d-1", "succeeded"), deployment("d-2", "paused", 1), deployment("d-3", "running", 2)]
    shown = in_flight(views, DEPLOYER)
    assert [(item.row.id, [spec.control for spec in item.controls]) for item in shown] == [
        ("d-3", ["cancel", "rollback"]),
        ("d-2", ["cancel", "retry", "resume", "rollback"]),
    ]
    assert [item.controls for item in in_flight(views, VIEWER)] == [[], []]

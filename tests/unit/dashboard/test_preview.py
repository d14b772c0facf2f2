"""What a control or a new deployment will do, decided before it is confirmed: services in the order they are
touched with versions from and to, the blast radius from the plan's graph, production's typed confirmation."""

from datetime import UTC, datetime
from typing import Any

import pytest

from services.dashboard.domain.controls import controls_for, usable
from services.dashboard.domain.preview import action_preview, deploy_preview
from services.dashboard.domain.roles import Principal
from services.dashboard.domain.service_state import ServiceView
from services.dashboard.domain.views import DeploymentView
from shared.requests import RequestError
from shared.requests.deploy import DeployInput
from tests.unit.dashboard.graph_building import plan_graph

AT = datetime(2026, 11, 1, tzinfo=UTC)
GRAPH = plan_graph([["db"], ["api", "worker"], ["web"]], {"api": ["db"], "worker": ["db"], "web": ["api"]})
STATES = {name: ServiceView(environment="production", service=name, version="1.0") for name in ("db", "api", "web")}


def deployment(status: str = "running", **more: Any) -> DeploymentView:
    steps = {
        "db": {"service": "db", "wave": 0, "from_version": "1.0", "to_version": "1.1"},
        "api": {"service": "api", "wave": 1, "from_version": "1.0", "to_version": "1.1"},
    }
    values = {"id": "d-1", "environment": "production", "status": status, "created_at": AT, "updated_at": AT}
    values |= {"versions": {"db": "1.1", "api": "1.1"}, "waves": [["db"], ["api"]], "services": steps, **more}
    return DeploymentView.model_validate(values)


def test_a_rollback_goes_back_last_wave_first_and_names_what_depends_on_it() -> None:
    shown = action_preview(deployment(), "rollback", GRAPH, STATES, production=True)
    assert [(s.service, s.from_version, s.to_version) for s in shown.steps] == [
        ("api", "1.1", "1.0"),
        ("db", "1.1", "1.0"),
    ]
    assert shown.order == "reverse wave order" and shown.production
    assert shown.blast_radius == ["worker", "web"]
    assert shown.url == "/api/v1/deployments/d-1/rollback" and shown.body == {}


def test_a_rollback_of_one_service_says_so_in_its_body_and_refuses_a_service_it_does_not_deploy() -> None:
    shown = action_preview(deployment(), "rollback", GRAPH, STATES, production=False, services=["api"])
    assert [s.service for s in shown.steps] == ["api"] and shown.body == {"services": ["api"]}
    assert shown.blast_radius == ["web"]
    with pytest.raises(RequestError, match="d-1 does not deploy web"):
        action_preview(deployment(), "rollback", GRAPH, STATES, production=False, services=["web"])


def test_approving_deploys_forward_in_wave_order_and_retry_only_the_failed_services() -> None:
    approve = action_preview(deployment("awaiting-approval", services={}), "approve", GRAPH, STATES, False)
    assert [(s.service, s.from_version, s.to_version, s.wave) for s in approve.steps] == [
        ("db", "1.0", "1.1", 0),
        ("api", "1.0", "1.1", 1),
    ]
    retry = action_preview(deployment("paused", failed_services=["api"]), "retry", GRAPH, STATES, False)
    assert [s.service for s in retry.steps] == ["api"] and retry.body == {"action": "retry"}
    assert retry.url.endswith("/resume")
    assert action_preview(deployment("paused"), "resume", GRAPH, STATES, False).body == {"action": "continue"}


def test_a_new_deployment_goes_from_what_runs_to_what_is_asked_with_a_service_s_own_version_winning() -> None:
    asked = DeployInput(environment="production", version="2.0", versions={"api": "2.1"}, reason="x")
    shown = deploy_preview(asked, GRAPH, STATES, production=True)
    assert [(s.service, s.from_version, s.to_version) for s in shown.steps] == [
        ("db", "1.0", "2.0"),
        ("api", "1.0", "2.1"),
        ("worker", None, "2.0"),
        ("web", "1.0", "2.0"),
    ]
    assert shown.body == {"environment": "production", "version": "2.0", "versions": {"api": "2.1"}}
    assert shown.blast_radius == [] and shown.url == "/api/v1/deployments"
    one = deploy_preview(DeployInput(environment="production", versions={"api": "2.1"}), GRAPH, STATES, False)
    assert [s.service for s in one.steps] == ["api"] and one.blast_radius == ["web"]


def test_a_new_deployment_of_a_service_the_plan_lacks_is_refused_by_field() -> None:
    with pytest.raises(RequestError) as refused:
        deploy_preview(DeployInput(environment="production", versions={"nope": "1"}), GRAPH, STATES, False)
    assert refused.value.field == "versions.nope" and "not a service of the plan" in refused.value.message


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        ("awaiting-approval", ["approve", "cancel"]),
        ("running", ["cancel", "rollback"]),
        ("paused", ["cancel", "retry", "resume", "rollback"]),
        ("succeeded", []),
    ],
)
def test_the_controls_a_status_allows(status: str, shown: list[str]) -> None:
    assert [spec.control for spec in controls_for(status)] == shown


def test_a_viewer_gets_no_control_and_a_deployer_only_in_its_environments() -> None:
    viewer = Principal(name="vi", role="viewer")
    deployer = Principal(name="dee", role="deployer", environments=("staging",))
    assert usable(viewer, "paused", "staging") == [] and usable(None, "paused", "staging") == []
    assert usable(deployer, "paused", "production") == []
    assert [spec.control for spec in usable(deployer, "running", "staging")] == ["cancel", "rollback"]

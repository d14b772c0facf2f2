"""What waits for a person, decided once, on the server (domain/attention.py: every page renders it, and
/api/v1/attention answers it to the page script), lists what `flightdeck status` would: a pause, an approval, a
last deployment that failed and was not rolled back, drift, an open incident, each with where its action is."""

from datetime import UTC, datetime, timedelta
from typing import Any

from services.dashboard.domain.attention import may_roll_back, need_controls, needs_of, replaced
from services.dashboard.domain.roles import Principal
from services.dashboard.domain.views import DeploymentView

T = datetime(2026, 11, 1, 12, tzinfo=UTC)


def view(n: int, environment: str, status: str, **more: Any) -> DeploymentView:
    at = (T + timedelta(minutes=n)).isoformat()
    return DeploymentView.model_validate(
        {"id": f"d-{n}", "environment": environment, "status": status, "created_at": at, "updated_at": at, **more}
    )


VIEWS = [
    view(1, "staging", "failed", failure="exit 3"),
    view(2, "staging", "paused", pause={"at": T.isoformat(), "reason": "api failed <b>"}),
    view(3, "production", "awaiting-approval"),
    view(4, "production", "failed", failure="old"),
    view(5, "production", "rolled-back"),
    view(6, "qa", "failed"),
]
FOUND: dict[str, Any] = {
    "staging": {"drift": {"web": {"desired": "2", "reported": "1"}}, "incidents": []},
    "qa": {"drift": {}, "incidents": [{"incident_id": "i-1", "title": "web down", "deployment_id": "d 6"}]},
}


def test_each_need_says_what_waits_and_links_to_its_action() -> None:
    said = [(n.kind, n.text, n.href) for n in needs_of(VIEWS, FOUND)]
    assert said == [
        ("approval", "d-3 in production waits for approval", "/deployments/d-3"),
        ("failed", "d-6 in qa failed and was not rolled back", "/deployments/d-6"),
        ("incident", "Incident i-1 in qa is open: web down", "/deployments/d%206"),
        ("paused", "d-2 in staging is paused: api failed <b>", "/deployments/d-2"),
        ("failed", "d-1 in staging failed and was not rolled back: exit 3", "/deployments/d-1"),
        ("drift", "web in staging runs 1 where 2 was deployed", "/services?environment=staging"),
    ]


def test_controls_stand_beside_a_need_for_who_may_use_them() -> None:
    steps = {"api": {"service": "api", "from_version": "1.0", "to_version": "2.0"}, "db": {"service": "db"}}
    failed = view(7, "staging", "failed", services=steps)
    paused_one = view(8, "production", "paused")
    needs = {n.deployment_id: n for n in needs_of([failed, paused_one], {})}
    deployer = Principal(name="dee", role="deployer", environments=("staging",))
    viewer = Principal(name="vi", role="viewer")
    assert replaced(failed) == {"api": "1.0"} and needs["d-7"].back_to == {"api": "1.0"}
    assert may_roll_back(needs["d-7"], deployer) and not may_roll_back(needs["d-7"], viewer)
    assert need_controls(needs["d-7"], deployer) == [], "an ended deployment's only way back is a new deployment"
    assert [s.control for s in need_controls(needs["d-8"], Principal(name="a", role="admin"))] == [
        "retry",
        "resume",
        "rollback",
    ]
    assert need_controls(needs["d-8"], deployer) == [], "not the deployer's environment"
    assert not may_roll_back(needs_of([view(9, "qa", "failed")], {})[0], deployer), "nothing ran before it"

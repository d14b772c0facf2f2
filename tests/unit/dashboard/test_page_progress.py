"""A deployment's timeline reads the same rendered by the server (pages/progress_view.py) and drawn live by the page
script (static/j./progress.js, run by node) for the same deployment and the same moment, and says what it should:
every attempt of a retried service, the gate, what the deployment waits for, how long it has taken."""

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.dashboard.domain.views import DeploymentView
from services.dashboard.pages.progress_text import duration
from services.dashboard.pages.progress_view import progress_of
from tests.unit.dashboard.test_page_scripts import run

T = datetime(2026, 11, 1, 12, 0, 0, tzinfo=UTC)
NOW = T + timedelta(minutes=3, seconds=7, milliseconds=400)


def at(seconds: float) -> str:
    return (T + timedelta(seconds=seconds)).isoformat()


def attempt(n: int, outcome: str, **more: Any) -> dict[str, Any]:
    return {"attempt": n, "step": "deploy", "version": "1.1", "started_at": at(10 * n), "outcome": outcome, **more}


RETRIED = {
    "status": "running",
    "started_at": at(1),
    "waves": [["db"], ["api", "web"]],
    "versions": {"db": "7", "api": "1.1", "web": "<b>1.1</b>"},
    "services": {
        "db": {
            "service": "db",
            "wave": 0,
            "from_version": "6",
            "to_version": "7",
            "attempts": [attempt(1, "succeeded", duration_s=2.25, exit_code=0)],
            "gate": {"requested_at": at(5), "outcome": "passed", "ended_at": at(8), "waited_s": 3.05},
        },
        "api": {
            "service": "api",
            "wave": 1,
            "attempts": [
                attempt(1, "failed", duration_s=61.5, exit_code=3, reason="exit 3 <script>x</script>"),
                attempt(2, "running"),
            ],
        },
        "web": {"service": "web", "wave": 1, "gate": {"requested_at": at(40)}},
        "cache": {"service": "cache", "attempts": [attempt(1, "failed", timed_out=True, duration_s=30)]},
    },
}
VIEWS: list[dict[str, Any]] = [
    RETRIED,
    {
        **RETRIED,
        "status": "paused",
        "pause": {"at": at(70), "by": "flightdeck", "reason": "api failed"},
        "resumes": [{"at": at(90), "by": "ana", "reason": "retry"}],
    },
    {"status": "awaiting-approval", "approval": {"requested_at": at(2), "approvers": ["bo", "cy"]}},
    {"status": "queued", "queued_behind": "d-0"},
    {
        "status": "baking",
        "started_at": at(1),
        "bake_until": at(600),
        "verification": {
            "status": "passed",
            "requested_at": at(30),
            "ended_at": at(40),
            "kinds": ["smoke"],
            "summary": "all good",
        },
    },
    {
        "status": "rolled-back",
        "started_at": at(1),
        "ended_at": at(200),
        "bake_until": at(100),
        "rollback": {
            "requested_at": at(120),
            "trigger": "health-degraded",
            "outcome": "completed",
            "duration_s": 12.35,
            "waves": [["web", "api"], ["db"]],
        },
        "services": {
            "api": {"service": "api", "restored_version": "1.0"},
            "web": {"service": "web", "rollback_ok": False, "rollback_detail": "exit 1"},
        },
    },
]


def view_of(more: dict[str, Any]) -> DeploymentView:
    return DeploymentView.model_validate(
        {"id": "d-1", "environment": "staging", "created_at": at(0), "updated_at": at(150), **more}
    )


@pytest.mark.parametrize("more", VIEWS)
def test_a_live_timeline_reads_as_the_server_renders_it(more: dict[str, Any]) -> None:
    view = view_of(more)
    server = dataclasses.asdict(progress_of(view, NOW))
    now_ms = int(NOW.timestamp() * 1000)
    client = run(
        "import { progressOf } from './progress.js';"
        f"console.log(JSON.stringify(progressOf({view.model_dump_json()}, {now_ms})))"
    )
    assert client == server


def test_a_retried_service_keeps_every_attempt_and_the_page_says_what_it_waits_for() -> None:
    timeline = progress_of(view_of(RETRIED), NOW)
    assert [wave.title for wave in timeline.waves] == ["Wave 1", "Wave 2", "Other services"]
    api = timeline.waves[1].services[0]
    assert api.title == "api 1.1" and api.running
    assert [step.text for step in api.steps] == [
        "Deploy attempt 1 (1.1): failed after 1 min 1 s, exit 3: exit 3 <script>x</script>",
        "Deploy attempt 2 (1.1): running since 12:00:20",
    ]
    db = timeline.waves[0].services[0]
    assert db.title == "db 6 → 7"
    assert [step.text for step in db.steps][1] == "Health gate: passed after 3.1 s"
    assert timeline.waves[2].services[0].steps[0].text == "Deploy attempt 1 (1.1): timed out after 30.0 s"
    assert timeline.waiting == "Waiting for the health gate of web"
    assert timeline.elapsed == "3 min 6 s" and timeline.until_iso == ""


def test_an_ended_deployment_says_how_long_it_took_and_its_milestones_in_order() -> None:
    timeline = progress_of(view_of(VIEWS[-1]), NOW)
    assert timeline.ended and timeline.waiting == "" and timeline.elapsed == "3 min 19 s"
    assert [step.text for step in timeline.after] == [
        "Baked until 12:01:40 UTC",
        "Rollback (health-degraded): completed in 12.4 s; waves web, api then db",
    ]
    assert [(m.clock, m.label) for m in timeline.milestones] == [
        ("12:00:00", "Requested"),
        ("12:00:01", "Started"),
        ("12:02:00", "Rollback asked"),
        ("12:03:20", "Rolled-back"),
    ]


@pytest.mark.parametrize(
    ("seconds", "said"), [(0, "0.0 s"), (0.25, "0.3 s"), (59.94, "59.9 s"), (59.96, "1 min 0 s"), (125, "2 min 5 s")]
)
def test_durations_round_their_tenths_half_up(seconds: float, said: str) -> None:
    assert duration(seconds) == said

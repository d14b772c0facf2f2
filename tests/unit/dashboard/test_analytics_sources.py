"""What analytics is computed from, as plain values: a deployment's view summarized (its durations, rollback and
incident), the summary's compact form, the monitor's performance findings given to the deployment that brought
the version, and uptime from health changes."""

from datetime import UTC, datetime, timedelta

import pytest

from services.dashboard.domain.impact import Finding, impacts
from services.dashboard.domain.summary import Summary, decode, encode, summarize
from services.dashboard.domain.uptime import Change, uptime
from services.dashboard.domain.views import (
    Attempt,
    DeploymentView,
    GateView,
    IncidentView,
    RollbackView,
    ServiceSteps,
)

T = datetime(2026, 3, 2, 12, tzinfo=UTC)


def s(seconds: float) -> datetime:
    return T + timedelta(seconds=seconds)


def test_a_view_summarized() -> None:
    api = ServiceSteps(
        service="api",
        to_version="2.0",
        attempts=[
            Attempt(attempt=1, step="deploy", version="2.0", started_at=s(10), ended_at=s(20), outcome="failed"),
            Attempt(attempt=2, step="deploy", version="2.0", started_at=s(25), ended_at=s(40), outcome="succeeded"),
            Attempt(attempt=1, step="rollback", version="1.9", started_at=s(100), ended_at=s(130)),
        ],
        gate=GateView(requested_at=s(40), ended_at=s(55), outcome="passed"),
    )
    view = DeploymentView(
        id="d-1",
        environment="prod",
        status="rolled-back",
        created_at=s(0),
        updated_at=s(140),
        started_at=s(5),
        ended_at=s(135),
        commit_time=s(-600),
        versions={"api": "2.0", "db": "7"},
        services={"api": api},
        rollback=RollbackView(trigger="health-degraded", reasons=["p95 900ms > 500ms"]),
        incident=IncidentView(incident_id="i-1", outcome="rolled-back", time_to_recover_s=80),
    )
    summary = summarize(view)
    assert (summary.created, summary.started, summary.ended) == (T.timestamp(), s(5).timestamp(), s(135).timestamp())
    assert summary.commit == s(-600).timestamp() and summary.duration_s == 130
    assert summary.durations == {"api": 45.0, "db": None}  # from the first attempt to the end of the gate
    assert summary.versions == {"api": "2.0", "db": "7"}
    assert (summary.trigger, summary.reasons, summary.rolled_back) == ("health-degraded", ("p95 900ms > 500ms",), True)
    assert (summary.incident, summary.resolved, summary.recover_s, summary.failed) == (True, True, 80, True)
    assert decode(encode(summary)) == summary
    bare = summarize(DeploymentView(id="d-2", environment="qa", status="rejected", created_at=T, updated_at=s(3)))
    assert (bare.ended, bare.started, bare.duration_s, bare.judged) == (s(3).timestamp(), None, 3, False)
    assert decode(encode(bare)) == bare
    opened = view.model_copy(update={"incident": IncidentView(incident_id="i-2")})
    assert (summarize(opened).incident, summarize(opened).resolved) == (True, False)


def deployment(n: int, created: float, version: str, environment: str = "prod") -> Summary:
    versions: dict[str, str | None] = {"api": version}
    return Summary(f"d-{n}", environment, "succeeded", created, created + 60, versions=versions)


def finding(version: str, metric: str, value: float, at: float, environment: str = "prod") -> Finding:
    return Finding(environment, "api", version, metric, value, 100.0, "1.0", at)


def test_a_finding_belongs_to_the_latest_deployment_of_its_version_before_it() -> None:
    rows = [
        deployment(1, 0, "2.0"),
        deployment(2, 1000, "2.0"),
        deployment(3, 2000, "3.0"),
        deployment(4, 0, "2.0", "qa"),
    ]
    found = [
        finding("2.0", "latency_p95", 480.0, 1500),
        finding("2.0", "latency_p95", 650.0, 1600),  # the worst of the two is kept
        finding("2.0", "error_rate", 0.08, 500),  # before d-2 was created: d-1's
        finding("3.0", "lighthouse_performance", 40.0, 2100),  # not a latency or error rate
        finding("9.9", "latency_p95", 999.0, 2100),  # no deployment brought it
        finding("3.0", "latency_p95", 300.0, 1900),  # before the deployment of 3.0
    ]
    result = impacts(rows, found)
    assert [(i.deployment_id, i.metric, i.before, i.after) for i in result] == [
        ("d-1", "error_rate", 100.0, 0.08),
        ("d-2", "latency_p95", 100.0, 650.0),
    ]
    assert result[1].version == "2.0" and result[1].previous_version == "1.0" and result[1].at == 1600
    assert impacts([], found) == [] and impacts(rows, []) == []


def test_uptime_from_health_changes() -> None:
    changes = [
        Change("prod", "api", "healthy", -100),  # before the range: api is healthy at its start
        Change("prod", "api", "unhealthy", 100),
        Change("prod", "api", "degraded", 400),  # degraded still answers: up
        Change("prod", "api", "healthy", 600),
        Change("prod", "db", "unhealthy", 500),  # first seen inside the range
        Change("prod", "web", "healthy", 1200),  # only after it
        Change("qa", "api", "unknown", 0),
    ]
    result = {(u.environment, u.service): u for u in uptime(changes, 0, 1000)}
    assert set(result) == {("prod", "api"), ("prod", "db"), ("qa", "api")}
    api = result[("prod", "api")]
    assert (api.observed_s, api.down_s, api.degraded_s, api.changes) == (1000, 300, 200, 3)
    assert api.uptime == pytest.approx(0.7)
    db = result[("prod", "db")]
    assert (db.observed_s, db.down_s, db.uptime) == (500, 500, 0.0)
    assert result[("qa", "api")].uptime is None and result[("qa", "api")].observed_s == 0
    assert uptime([], 0, 1000) == []

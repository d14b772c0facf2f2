"""The demo's expectations (pure): what counts as the scenario going as planned, and what is said when it did not."""

from cli.demo.report import incident_line, summary_lines
from cli.demo.scenario import FINAL_VERSIONS, SCENARIO, Observed, deviations, in_reverse_order, rollback_order
from shared.events import IncidentResolved, ServiceDeployStarted
from shared.events.recovery import IncidentResolvedPayload
from shared.events.stage import CommandStep, ServiceDeployStartedPayload


def started(service: str, step: CommandStep, deployment_id: str = "demo-1.2.0") -> ServiceDeployStarted:
    return ServiceDeployStarted(
        deployment_id=deployment_id,
        environment="demo",
        service=service,
        payload=ServiceDeployStartedPayload(version="1.1.0", step=step),
    )


def resolved(deployment_id: str = "demo-1.2.0") -> IncidentResolved:
    return IncidentResolved(
        deployment_id=deployment_id,
        environment="demo",
        payload=IncidentResolvedPayload(
            incident_id="i-1", outcome="rolled-back", time_to_detect_s=1.0, time_to_recover_s=3.5
        ),
    )


def as_planned() -> Observed:
    events = [
        started("api", "deploy"),
        started("web", "rollback"),
        started("worker", "rollback"),
        started("api", "rollback"),
        started("migrate", "rollback"),
        resolved(),
    ]
    return Observed(
        endings={s.deployment_id: s.expect for s in SCENARIO},
        events=events,
        versions=dict(FINAL_VERSIONS),
        mails=["[CRITICAL] ..."],
        posts={"slack": ["x"], "webhook": ["y"]},
    )


def test_everything_as_planned_has_no_deviation() -> None:
    assert deviations(as_planned()) == []


def test_the_rollback_order_counts_only_rollback_commands_of_the_bad_release() -> None:
    events = [*as_planned().events, started("web", "rollback", "demo-1.1.0")]
    assert rollback_order(events, "demo-1.2.0") == ["web", "worker", "api", "migrate"]


def test_reverse_order_allows_any_order_within_a_wave_but_not_across_waves() -> None:
    assert in_reverse_order(["web", "api", "worker", "migrate"])
    assert in_reverse_order(["web", "worker", "api", "migrate"])
    assert not in_reverse_order(["api", "web", "worker", "migrate"])
    assert not in_reverse_order(["web", "api", "migrate"]), "worker was never rolled back"
    assert not in_reverse_order([])


def test_deviations_come_first_step_first_and_name_what_differed() -> None:
    observed = as_planned()
    observed.endings["demo-1.2.0"] = "succeeded"
    observed.versions["api"] = "1.2.0"
    observed.mails = []
    found = deviations(observed)
    assert found[0] == "step 3 (1.2.0) ended succeeded, not rolled back"
    assert "api runs 1.2.0 at the end, not 1.1.0" in found
    assert "no alert email arrived at the SMTP server" in found


def test_a_missing_step_or_incident_is_a_deviation() -> None:
    observed = as_planned()
    del observed.endings["demo-1.0.0"]
    observed.events = [e for e in observed.events if e.type != "incident-resolved"]
    assert deviations(observed)[:2] == [
        "step 1 (1.0.0) ended never, not succeeded",
        "no resolved incident for demo-1.2.0",
    ]


def test_the_summary_says_each_milestone_and_whether_the_scenario_held() -> None:
    lines = summary_lines({"services_ready_s": 2.5, "scenario_s": 33.0}, [])
    assert any("services ready" in line and "2.5s" in line for line in lines)
    assert lines[-1].strip() == "every step ended as the scenario expects"
    assert summary_lines({}, ["step 1 went wrong"])[-1].strip() == "- step 1 went wrong"


def test_the_incident_line_gives_time_to_detect_and_to_recover() -> None:
    assert incident_line("demo-1.2.0", (0.9, 3.5)) == (
        "   incident of demo-1.2.0: detected 900ms after it began, recovered 3.5s after that"
    )
    assert "no incident" in incident_line("demo-1.2.0", None)

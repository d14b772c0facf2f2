"""Drift decisions: agreement of the newest reports, unknown ignored, no repeat, the correction flag, and the desired
state folded from the events that end deployments (pure)."""

from datetime import UTC, datetime, timedelta

import pytest

from services.rollback.domain.drift import Desired, Drift, agreed, assess, desired_from, fold, reports
from shared.events import DeploymentRolledBack, DeploymentStarted, DeploymentSucceeded, RollbackFailed
from shared.events.deployment import DeploymentRolledBackPayload, DeploymentStartedPayload, DeploymentSucceededPayload
from shared.events.rollback import RollbackOutcomePayload, ServiceRollbackOutcome

AT = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("reported", "expected"),
    [
        (["2.0", "2.0"], "2.0"),
        (["2.0", "2.0", "1.0"], "2.0"),
        (["2.0", "1.0", "1.0"], None),  # the newest disagrees with the one before: not yet
        (["2.0"], None),  # one report is not enough
        ([], None),
        (["unknown", "2.0", "unknown", "2.0"], "2.0"),  # unknown is no evidence either way
        (["unknown", "unknown"], None),
        (["", "2.0", "2.0"], "2.0"),
    ],
)
def test_agreement_of_the_newest_known_reports(reported: list[str], expected: str | None) -> None:
    assert agreed(reported) == expected


def test_agreement_can_ask_for_more_reports() -> None:
    assert agreed(["2.0", "2.0"], agreement=3) is None
    assert agreed(["2.0", "2.0", "2.0"], agreement=3) == "2.0"


def test_reports_that_agree_on_another_version_are_drift() -> None:
    assert assess("1.0", ["2.0", "2.0"], None, correct=False) == Drift("1.0", "2.0", redeploy=False)


def test_one_odd_report_is_not_drift() -> None:
    assert assess("1.0", ["2.0", "1.0", "1.0"], None, correct=True) is None
    assert assess("1.0", ["1.0", "2.0", "1.0"], None, correct=True) is None


def test_reports_of_the_desired_version_are_not_drift() -> None:
    assert assess("1.0", ["1.0", "1.0"], None, correct=True) is None


def test_unknown_reports_are_ignored() -> None:
    assert assess("1.0", ["unknown", "unknown"], None, correct=True) is None
    assert assess("1.0", ["unknown", "2.0", "unknown", "2.0"], None, correct=True) == Drift("1.0", "2.0", True)


def test_a_drift_already_reported_is_not_reported_again() -> None:
    assert assess("1.0", ["2.0", "2.0"], "2.0", correct=True) is None


def test_a_new_reported_version_is_reported_even_after_another_one() -> None:
    assert assess("1.0", ["3.0", "3.0", "2.0"], "2.0", correct=True) == Drift("1.0", "3.0", True)


def test_the_correction_flag_decides_the_action() -> None:
    redeploy = assess("1.0", ["2.0", "2.0"], None, correct=True)
    report = assess("1.0", ["2.0", "2.0"], None, correct=False)
    assert redeploy is not None and redeploy.redeploy and redeploy.action == "redeploy"
    assert report is not None and not report.redeploy and report.action == "report"


def test_agreement_below_one_is_a_mistake() -> None:
    with pytest.raises(ValueError, match="agreement"):
        assess("1.0", ["2.0"], None, correct=False, agreement=0)


def test_series_entries_before_the_desired_version_are_left_out() -> None:
    entries = [
        {"start": "130", "version": "2.0"},
        {"start": "120", "version": ""},
        {"start": "110", "version": "1.0"},
        {"start": "oops", "version": "9"},
    ]
    assert reports(entries, since=115) == ["2.0", "unknown"]
    assert reports(entries, since=0) == ["2.0", "unknown", "1.0"]


def test_a_deployment_that_succeeded_makes_its_versions_desired() -> None:
    event = DeploymentSucceeded(
        deployment_id="d-1",
        environment="prod",
        occurred_at=AT,
        payload=DeploymentSucceededPayload(duration_s=3, versions={"api": "2.0", "web": "5"}),
    )
    assert desired_from(event) == {
        "api": Desired("2.0", "d-1", AT.timestamp()),
        "web": Desired("5", "d-1", AT.timestamp()),
    }


def test_a_rollback_makes_the_restored_versions_desired() -> None:
    event = DeploymentRolledBack(
        deployment_id="d-2",
        environment="prod",
        occurred_at=AT,
        payload=DeploymentRolledBackPayload(reason="health", services={"api": "1.0"}),
    )
    assert desired_from(event) == {"api": Desired("1.0", "d-2", AT.timestamp())}


def test_a_failed_rollback_counts_only_the_services_it_restored() -> None:
    event = RollbackFailed(
        deployment_id="d-3",
        environment="prod",
        occurred_at=AT,
        payload=RollbackOutcomePayload(
            outcomes=[
                ServiceRollbackOutcome(service="api", restored_version="1.0", ok=True),
                ServiceRollbackOutcome(service="web", restored_version="4", ok=False),
                ServiceRollbackOutcome(service="db", restored_version=None, ok=True),
            ]
        ),
    )
    assert desired_from(event) == {"api": Desired("1.0", "d-3", AT.timestamp())}


def test_other_events_say_nothing_about_the_desired_state() -> None:
    started = DeploymentStarted(
        deployment_id="d-4", environment="prod", payload=DeploymentStartedPayload(versions={"api": "3"})
    )
    assert desired_from(started) == {}


def test_the_later_event_wins_whatever_order_they_are_folded_in() -> None:
    earlier = Desired("1.0", "d-1", AT.timestamp())
    later = Desired("2.0", "d-2", (AT + timedelta(minutes=5)).timestamp())
    assert fold(None, earlier) == earlier
    assert fold(earlier, later) == later
    assert fold(later, earlier) == later


def test_the_desired_state_round_trips_as_json() -> None:
    desired = Desired("2.0", None, AT.timestamp())
    assert Desired.from_json(desired.to_json()) == desired

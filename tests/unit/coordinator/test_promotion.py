"""Queue promotion (pure): when the environment frees up, the first queued deployment that still exists takes it."""

from datetime import UTC, datetime

from services.coordinator.domain import lifecycle
from services.coordinator.domain.model import Deployment, EnvironmentState, Phase, Queued
from services.coordinator.domain.transition import Transition

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def queued(deployment_id: str) -> Deployment:
    """One that waits for approval once promoted: promotion is all these tests look at."""
    return Deployment(
        id=deployment_id,
        environment="staging",
        phase=Phase.QUEUED,
        correlation_id=deployment_id,
        approval_required=True,
        created_at=NOW,
    )


def waiting_for(*ids: str, active: str | None = None) -> Transition:
    env = EnvironmentState(name="staging", queue=[Queued(id=i, versions={}) for i in ids])
    env.active = Queued(id=active, versions={}) if active else None
    return Transition(env)


def test_a_busy_environment_needs_nothing_and_promotes_nobody() -> None:
    transition = waiting_for("d2", active="d1")
    assert lifecycle.awaiting(transition) == []
    assert lifecycle.promote_next(transition, {"d2": queued("d2")}, NOW) == lifecycle.Promotion()
    assert [q.id for q in transition.env.queue] == ["d2"]


def test_the_head_takes_the_freed_environment_and_the_rest_wait() -> None:
    transition = waiting_for("d2", "d3")
    assert lifecycle.awaiting(transition) == ["d2", "d3"]
    promotion = lifecycle.promote_next(transition, {"d2": queued("d2"), "d3": queued("d3")}, NOW)
    assert promotion == lifecycle.Promotion(promoted=("d2",))
    assert transition.env.active is not None and transition.env.active.id == "d2"
    assert [q.id for q in transition.env.queue] == ["d3"]
    assert transition.deployments["d2"].phase is Phase.AWAITING_APPROVAL


def test_vanished_deployments_are_skipped_never_blocking_the_queue() -> None:
    transition = waiting_for("gone", "also-gone", "d4")
    promotion = lifecycle.promote_next(transition, {"gone": None, "d4": queued("d4")}, NOW)
    assert promotion == lifecycle.Promotion(promoted=("d4",), vanished=("gone", "also-gone"))
    assert transition.env.active is not None and transition.env.active.id == "d4" and transition.env.queue == []


def test_a_deployment_the_transition_holds_is_not_loaded_again() -> None:
    transition = waiting_for("d2")
    transition.keep(queued("d2"))
    assert lifecycle.awaiting(transition) == []
    assert lifecycle.promote_next(transition, {}, NOW).promoted == ("d2",)


def test_an_empty_queue_leaves_the_environment_free() -> None:
    transition = waiting_for()
    assert lifecycle.promote_next(transition, {}, NOW) == lifecycle.Promotion()
    assert transition.env.active is None

"""Where `flightdeck rollback` takes an environment back to (pure, on the coordinator's snapshots as values): what
the last successful deployment replaced, one service of it, a version named by hand, or why there is nothing."""

from datetime import UTC, datetime

from services.coordinator.domain.model import Deployment, Phase, ServiceProgress
from services.coordinator.domain.rollback_target import NoRollbackTarget, RollbackTarget, rollback_target

AT = datetime(2026, 1, 31, 12, tzinfo=UTC)


def _deployment(deployment_id: str, phase: Phase, **previous: str | None) -> Deployment:
    """A deployment that moved each service from `previous[name]` (None: its first deployment) to 2.0.0."""
    services = {name: ServiceProgress(version="2.0.0", previous_version=was) for name, was in previous.items()}
    return Deployment(id=deployment_id, environment="staging", phase=phase, services=services, created_at=AT)


def test_what_the_last_successful_deployment_replaced() -> None:
    history = [
        _deployment("d3", Phase.FAILED, api="2.0.0"),
        _deployment("d2", Phase.SUCCEEDED, api="1.0.0", web="1.1.0", worker=None),
        _deployment("d1", Phase.SUCCEEDED, api="0.9.0"),
    ]
    assert rollback_target(history) == RollbackTarget({"api": "1.0.0", "web": "1.1.0"}, after="d2")


def test_one_service_of_it() -> None:
    history = [_deployment("d2", Phase.SUCCEEDED, api="1.0.0", web="1.1.0")]
    assert rollback_target(history, service="web") == RollbackTarget({"web": "1.1.0"}, after="d2")


def test_a_version_named_by_hand_is_the_target_whatever_the_history() -> None:
    assert rollback_target([], service="api", to="0.8.0") == RollbackTarget({"api": "0.8.0"})
    assert isinstance(rollback_target([], to="0.8.0"), NoRollbackTarget)


def test_nothing_succeeded_lately() -> None:
    history = [_deployment("d1", Phase.FAILED, api="1.0.0"), _deployment("d0", Phase.ROLLED_BACK, api="1.0.0")]
    assert rollback_target(history) == NoRollbackTarget("no deployment succeeded there lately")


def test_a_first_deployment_replaced_nothing() -> None:
    history = [_deployment("d1", Phase.SUCCEEDED, api=None)]
    assert rollback_target(history) == NoRollbackTarget(
        "d1, the last deployment that succeeded, replaced no earlier version"
    )


def test_a_service_the_last_deployment_did_not_deploy() -> None:
    history = [_deployment("d2", Phase.SUCCEEDED, api="1.0.0")]
    assert rollback_target(history, service="web") == NoRollbackTarget(
        "d2, the last deployment that succeeded, did not deploy web"
    )

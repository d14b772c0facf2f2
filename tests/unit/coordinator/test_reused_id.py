"""A deploy request whose id an existing deployment holds (pure): the same request again is answered as that
deployment's own, a different one is refused with a reason naming it; either way it is left as it was."""

from datetime import UTC, datetime
from typing import Any

from services.coordinator.domain import intake, request
from services.coordinator.domain.effects import Publish
from services.coordinator.domain.intake import PinnedPlan
from services.coordinator.domain.model import Deployment, EnvironmentState
from services.coordinator.domain.transition import Transition
from shared.events import DeployRequested, DeployRequestRefused, DeployRequestRepeated
from shared.events.answers import DeployRequestRefusedPayload, DeployRequestRepeatedPayload
from shared.events.deployment import DeployRequestedPayload
from tests.unit.coordinator.scenario import resolved

NOW = datetime(2026, 1, 1, tzinfo=UTC)
PLAN = resolved()
ENV = EnvironmentState(name="staging")


def _asked(environment: str = "staging", **payload: Any) -> DeployRequested:
    """`payload`: DeployRequestedPayload's fields; none asks for version 1.0."""
    asked = DeployRequestedPayload(**(payload or {"version": "1.0"}))
    return DeployRequested(deployment_id="d-1", environment=environment, payload=asked)


def _answer(event: DeployRequested, existing: Deployment) -> Publish:
    transition = Transition(ENV.model_copy(deep=True))
    intake.answer_reuse(transition, event, existing, PinnedPlan(PLAN), NOW)
    (published,) = transition.effects
    assert isinstance(published, Publish) and not transition.deployments, "the existing deployment is not touched"
    return published


def test_the_same_versions_again_are_its_own_request() -> None:
    existing = request.build(_asked(), PLAN, 3, ENV, NOW)
    again = _asked(versions={"migrate": "1.0", "api": "1.0", "worker": "1.0", "web": "1.0"})
    answer = _answer(again, existing).event
    assert isinstance(answer, DeployRequestRepeated) and answer.payload.request_event_id == again.event_id
    assert answer.causation_id == again.event_id and answer.deployment_id == "d-1" and answer.payload.phase == "queued"


def test_other_versions_or_another_environment_are_refused_by_name() -> None:
    existing = request.build(_asked(), PLAN, 3, ENV, NOW)
    for other in (_asked(version="2.0"), _asked("production"), _asked(services=["api"], version="1.0")):
        answer = _answer(other, existing).event
        assert isinstance(answer, DeployRequestRefused) and answer.payload.request_event_id == other.event_id
        assert answer.payload.reason.startswith("deployment d-1 already exists in staging (queued: migrate 1.0, ")
        assert "give this request a new --id" in answer.payload.reason


def test_a_rejected_request_is_the_same_when_it_is_rejected_for_the_same_reason() -> None:
    bad = _asked(versions={"nope": "1.0"})
    existing = request.rejected(
        bad, "unknown service 'nope' in environment 'staging'; the plan has api, migrate, web, worker", NOW
    )
    assert intake.reused(_asked(versions={"nope": "1.0"}), existing, PinnedPlan(PLAN), ENV, NOW) is None
    assert "already exists" in (intake.reused(_asked(), existing, PinnedPlan(PLAN), ENV, NOW) or "")


def test_an_answer_is_no_step_and_no_end_of_the_deployment_it_names() -> None:
    from services.alerter.domain.rules import evaluate
    from services.coordinator.domain.history import rebuild
    from shared.events import DeploymentStarted, DeploymentSucceeded
    from shared.events.deployment import DeploymentStartedPayload, DeploymentSucceededPayload

    answers: list[DeployRequestRefused | DeployRequestRepeated] = [
        DeployRequestRefused(
            deployment_id="d-1",
            environment="staging",
            payload=DeployRequestRefusedPayload(request_event_id="e2", phase="running", reason="x"),
        ),
        DeployRequestRepeated(
            deployment_id="d-1",
            environment="staging",
            payload=DeployRequestRepeatedPayload(request_event_id="e3", phase="running"),
        ),
    ]
    started = DeploymentStarted(
        deployment_id="d-1",
        environment="staging",
        payload=DeploymentStartedPayload(waves=[["api"]], versions={"api": "1.0"}),
    )
    view = rebuild([started, *answers])
    assert view is not None and view.phase == "running" and view.failure == ""
    succeeded = DeploymentSucceeded(
        deployment_id="d-1", environment="staging", payload=DeploymentSucceededPayload(duration_s=1)
    )
    done = rebuild([started, succeeded, *answers])
    assert done is not None and done.phase == "succeeded"
    assert all(evaluate(answer, lambda _: True) == [] for answer in answers)

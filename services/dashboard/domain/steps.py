"""What the per-service events do to a deployment's view of one service: its attempts and its health gate.

Every change is keyed (an attempt by its number and command, a gate by the service), so applying an event again,
as at-least-once delivery may, leaves the view as it was."""

from typing import get_args

from shared.events import (
    Event,
    HealthGateFailed,
    HealthGatePassed,
    HealthGateRequested,
    ServiceDeployFailed,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
)

from .views import Attempt, DeploymentView, GateView, ServiceSteps

ServiceEvent = (
    ServiceDeployStarted
    | ServiceDeploySucceeded
    | ServiceDeployFailed
    | HealthGateRequested
    | HealthGatePassed
    | HealthGateFailed
)
SERVICE_EVENTS: tuple[type[Event], ...] = get_args(ServiceEvent)


def with_service(view: DeploymentView, steps: ServiceSteps) -> DeploymentView:
    return view.model_copy(update={"services": {**view.services, steps.service: steps}})


def steps_of(view: DeploymentView, service: str) -> ServiceSteps:
    return view.services.get(service) or ServiceSteps(service=service, wave=_wave_of(view, service))


def _wave_of(view: DeploymentView, service: str) -> int | None:
    return next((index for index, wave in enumerate(view.waves) if service in wave), None)


def _put(steps: ServiceSteps, attempt: Attempt) -> ServiceSteps:
    """The attempt in its place: replaces the one of the same number and command, else joins them in order."""
    kept = [a for a in steps.attempts if (a.attempt, a.step) != (attempt.attempt, attempt.step)]
    ordered = sorted([*kept, attempt], key=lambda a: (a.started_at, a.attempt))
    return steps.model_copy(update={"attempts": ordered})


def _current(steps: ServiceSteps, step: str) -> Attempt | None:
    """The latest attempt of the command, the one its end belongs to."""
    return next((a for a in reversed(steps.attempts) if a.step == step), None)


def apply_service_event(view: DeploymentView, event: ServiceEvent) -> DeploymentView:
    steps = steps_of(view, event.service)
    match event:
        case ServiceDeployStarted(payload=p):
            steps = _put(
                steps,
                Attempt(
                    attempt=p.attempt,
                    step=p.step,
                    version=p.version,
                    previous_version=p.previous_version,
                    started_at=event.occurred_at,
                ),
            )
            if p.step == "deploy":
                steps = steps.model_copy(update={"to_version": p.version, "from_version": p.previous_version})
        case ServiceDeploySucceeded(payload=p):
            ended = _ended(steps, p.step, p.version, event)
            steps = _put(steps, ended.model_copy(update={"outcome": "succeeded", "duration_s": p.duration_s}))
            if p.step == "rollback":
                steps = steps.model_copy(update={"restored_version": p.version})
        case ServiceDeployFailed(payload=p):
            ended = _ended(steps, p.step, p.version, event)
            failed = {"outcome": "failed", "duration_s": p.duration_s, "exit_code": p.exit_code, "reason": p.reason}
            steps = _put(steps, ended.model_copy(update={**failed, "timed_out": p.timed_out}))
        case HealthGateRequested():
            steps = steps.model_copy(update={"gate": GateView(requested_at=event.occurred_at)})
        case HealthGatePassed(payload=p):
            gate = GateView(
                requested_at=steps.gate.requested_at if steps.gate else None,
                outcome="passed",
                ended_at=event.occurred_at,
                waited_s=p.waited_s,
            )
            steps = steps.model_copy(update={"gate": gate})
        case HealthGateFailed(payload=p):
            gate = GateView(
                requested_at=steps.gate.requested_at if steps.gate else None,
                outcome="failed",
                ended_at=event.occurred_at,
                waited_s=p.waited_s,
                reason=p.reason,
            )
            steps = steps.model_copy(update={"gate": gate})
    return with_service(view, steps)


def _ended(steps: ServiceSteps, step: str, version: str, event: Event) -> Attempt:
    """The attempt this end closes; an end whose start was never seen (trimmed away) gets one of its own."""
    current = _current(steps, step)
    if current is not None:
        return current.model_copy(update={"ended_at": event.occurred_at})
    return Attempt(attempt=1, step=step, version=version, started_at=event.occurred_at, ended_at=event.occurred_at)

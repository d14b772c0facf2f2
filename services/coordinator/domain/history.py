"""A deployment rebuilt from its events alone (pure): what the stream says happened, step by step.

The coordinator keeps a snapshot for speed, but every transition it makes is published, so anyone (the dashboard,
the CLI, an auditor, a new coordinator) can fold the stream into the same phase and per-service steps.
"""

from collections.abc import Iterable

from pydantic import Field

from shared.events import (
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentRejected,
    DeploymentStarted,
    Event,
    RollbackCompleted,
    RollbackFailed,
    RollbackStarted,
)

from .model import IN_FLIGHT, Phase, State, Step, Undo

_PHASES = {
    "deployment-rejected": Phase.REJECTED,
    "deployment-queued": Phase.QUEUED,
    "approval-requested": Phase.AWAITING_APPROVAL,
    "deployment-started": Phase.RUNNING,
    "verification-requested": Phase.VERIFYING,
    "bake-started": Phase.BAKING,
    "deployment-succeeded": Phase.SUCCEEDED,
    "deployment-failed": Phase.FAILED,
    "deployment-cancelled": Phase.CANCELLED,
    "rollback-requested": Phase.ROLLING_BACK,
    "deployment-rolled-back": Phase.ROLLED_BACK,
    "rollback-failed": Phase.FAILED,
    "rollback-started": Phase.ROLLING_BACK,
    "deployment-paused": Phase.PAUSED,
}


class DeploymentView(State):
    id: str
    environment: str = ""
    phase: Phase | None = None
    failure: str = ""
    versions: dict[str, str] = Field(default_factory=dict)
    steps: dict[str, Step] = Field(default_factory=dict)
    undo: dict[str, Undo] = Field(default_factory=dict)


def rebuild(events: Iterable[Event]) -> DeploymentView | None:
    view: DeploymentView | None = None
    for event in events:
        if event.deployment_id is None:
            continue
        view = view or DeploymentView(id=event.deployment_id, environment=event.environment or "")
        _apply(view, event)
    return view


def _apply(view: DeploymentView, event: Event) -> None:
    match event:
        case DeploymentStarted():
            view.versions = dict(event.payload.versions)
            view.steps = dict.fromkeys(view.versions, Step.WAITING)
        case DeploymentRejected():
            view.failure = event.payload.reason
        case DeploymentFailed():
            view.failure = event.payload.reason
            for name in event.payload.failed_services:
                view.steps[name] = Step.FAILED
        case DeploymentCancelled():
            _stop_in_flight(view)
        case RollbackStarted():
            _stop_in_flight(view)
            view.undo = {name: Undo.WAITING for wave in event.payload.waves for name in wave}
        case RollbackCompleted() | RollbackFailed():
            for outcome in event.payload.outcomes:
                view.undo[outcome.service] = Undo.RESTORED if outcome.ok else Undo.FAILED
    if event.type in _PHASES and not (event.type == "rollback-failed" and view.phase is not Phase.ROLLING_BACK):
        view.phase = _PHASES[event.type]
    if event.service and event.service in view.steps:
        _service(view, event)


def _stop_in_flight(view: DeploymentView) -> None:
    for name, step in view.steps.items():
        if step in IN_FLIGHT:
            view.steps[name] = Step.CANCELLED


def _undo(view: DeploymentView, event: Event, name: str) -> None:
    step, kind = getattr(event.payload, "step", "rollback"), event.type
    if name not in view.undo or (kind.startswith("service-deploy") and step != "rollback"):
        return
    moves = {
        "service-deploy-started": Undo.RUNNING,
        "service-deploy-succeeded": Undo.RESTORED,
        "service-deploy-failed": Undo.FAILED,
        "health-gate-requested": Undo.GATING,
        "health-gate-passed": Undo.RESTORED,
        "health-gate-failed": Undo.FAILED,
    }
    if kind in moves:
        view.undo[name] = moves[kind]


def _service(view: DeploymentView, event: Event) -> None:
    name, step = event.service or "", getattr(event.payload, "step", "deploy")
    if view.phase is Phase.ROLLING_BACK:
        _undo(view, event, name)
        return
    current = view.steps[name]
    running = view.phase is Phase.RUNNING
    if event.type == "service-deploy-started":
        view.steps[name] = Step.SWITCHING if step == "switch" else Step.DEPLOYING
    elif event.type == "service-deploy-succeeded" and running and current in IN_FLIGHT:
        view.steps[name] = Step.PASSED  # a gate request, if any, follows at once and moves it to gating
    elif event.type == "health-gate-requested":
        view.steps[name] = Step.GATING
    elif event.type == "health-gate-passed" and running and current is Step.GATING:
        view.steps[name] = Step.PASSED
    elif event.type in ("service-deploy-failed", "health-gate-failed") and running and current in IN_FLIGHT:
        view.steps[name] = Step.FAILED

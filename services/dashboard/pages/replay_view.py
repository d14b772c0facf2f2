"""A replay of a deployment on the dependency graph: what each service was at a moment, folded from the
deployment's timeline up to that moment, and the moments a scrubber steps through (the times of its events). Pure:
the page's routes render graph_svg(layout, frame.states, at=...) from it."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from services.dashboard.domain.graph import GraphNode, PlanGraph
from services.dashboard.render.graph_node import NodeState
from shared.events import (
    Event,
    HealthDegraded,
    HealthGateFailed,
    HealthGatePassed,
    HealthGateRequested,
    HealthRecovered,
    RollbackCompleted,
    RollbackFailed,
    RollbackStarted,
    ServiceDeployFailed,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
)

DOING = {"deploy": "deploying", "switch": "switching", "rollback": "rolling back"}
DONE = {"deploy": "deployed", "switch": "switched", "rollback": "rolled back"}


@dataclass(frozen=True)
class Frame:
    at: datetime | None
    states: dict[str, NodeState] = field(default_factory=dict)
    root_cause: frozenset[str] = frozenset()
    impacted: frozenset[str] = frozenset()


def moments(events: Sequence[Event]) -> list[str]:
    """The distinct times of the events, in order, as the scrubber's stops: to the millisecond, written as a
    browser writes them (Date.toISOString), so a stop that arrives live matches one the page was given."""
    return sorted({stop_of(event.occurred_at) for event in events})


def stop_of(at: datetime) -> str:
    at = at.astimezone(UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03}Z"


def through(stop: datetime) -> datetime:
    """The last instant a stop (a whole millisecond) covers: an event at 12:00:00.000500 is in the 12:00:00.000 stop."""
    return stop.replace(microsecond=stop.microsecond // 1000 * 1000) + timedelta(microseconds=999)


def _set(states: dict[str, NodeState], service: str, health: str | None = None, step: str | None = None) -> None:
    was = states.get(service, NodeState())
    states[service] = NodeState(health or was.health, step if step is not None else was.step)


def frame_at(events: Sequence[Event], at: datetime) -> Frame:
    """Every service's health and step after the events that happened at or before `at`."""
    states: dict[str, NodeState] = {}
    root: frozenset[str] = frozenset()
    hit: frozenset[str] = frozenset()
    for event in sorted(events, key=lambda e: e.occurred_at):
        if event.occurred_at > at:
            break
        service = event.service or ""
        match event:
            case ServiceDeployStarted(payload=p):
                _set(states, service, step=f"{DOING.get(p.step, p.step)} {p.version}")
            case ServiceDeploySucceeded(payload=p):
                _set(states, service, step=f"{DONE.get(p.step, p.step)} {p.version}")
            case ServiceDeployFailed(payload=p):
                _set(states, service, "unhealthy", f"{p.step} failed")
            case HealthGateRequested():
                _set(states, service, step="health gate")
            case HealthGatePassed():
                _set(states, service, "healthy", "gate passed")
            case HealthGateFailed():
                _set(states, service, "unhealthy", "gate failed")
            case HealthDegraded(payload=p) | HealthRecovered(payload=p):
                _set(states, service, p.status)
                root = frozenset([p.root_cause]) if p.root_cause else root
                hit = frozenset(p.impacted) if p.impacted else hit
                if isinstance(event, HealthRecovered):
                    root, hit = root - {service}, hit - {service}
            case RollbackStarted(payload=p):
                for name in (name for wave in p.waves for name in wave):
                    _set(states, name, step="to roll back")
            case RollbackCompleted(payload=p) | RollbackFailed(payload=p):
                for outcome in p.outcomes:
                    restored = f"restored {outcome.restored_version or ''}".strip()
                    _set(states, outcome.service, step=restored if outcome.ok else "rollback failed")
    return Frame(at, states, root, hit)


def graph_of_waves(environment: str, waves: Sequence[Sequence[str]]) -> PlanGraph:
    """A graph of the deployment's waves alone (no edges) when the plan it ran on is no longer to be had."""
    nodes = [
        GraphNode(name=name, kind="job", wave=index, depends_on=[], dependents=[])
        for index, wave in enumerate(waves)
        for name in wave
    ]
    return PlanGraph(
        environment=environment, nodes=nodes, edges=[], waves=[list(w) for w in waves], max_parallelism=None
    )

"""A replay's frames: each service's health and step folded from the deployment's timeline up to a moment, and the
scrubber's stops written as a browser writes times."""

from datetime import UTC, datetime, timedelta

from services.dashboard.pages.replay_view import frame_at, graph_of_waves, moments, stop_of, through
from services.dashboard.render.graph_node import NodeState
from shared.events import (
    Event,
    HealthDegraded,
    HealthGatePassed,
    RollbackCompleted,
    RollbackStarted,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
)
from shared.events.health import HealthChangePayload, HealthGatePassedPayload
from shared.events.rollback import RollbackOutcomePayload, RollbackStartedPayload, ServiceRollbackOutcome
from shared.events.stage import ServiceDeployStartedPayload, ServiceDeploySucceededPayload

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def story() -> list[Event]:
    return [
        ServiceDeployStarted(
            occurred_at=at(1),
            service="db",
            payload=ServiceDeployStartedPayload(version="2"),
            deployment_id="d-1",
            environment="prod",
        ),
        ServiceDeploySucceeded(
            occurred_at=at(2),
            service="db",
            payload=ServiceDeploySucceededPayload(version="2", duration_s=1),
            deployment_id="d-1",
            environment="prod",
        ),
        HealthGatePassed(
            occurred_at=at(3),
            service="db",
            payload=HealthGatePassedPayload(waited_s=1),
            deployment_id="d-1",
            environment="prod",
        ),
        ServiceDeployStarted(
            occurred_at=at(4),
            service="api",
            payload=ServiceDeployStartedPayload(version="5"),
            deployment_id="d-1",
            environment="prod",
        ),
        HealthDegraded(
            occurred_at=at(5),
            service="api",
            payload=HealthChangePayload(
                status="unhealthy", previous_status="healthy", root_cause="api", impacted=["web"]
            ),
            deployment_id="d-1",
            environment="prod",
        ),
        RollbackStarted(
            occurred_at=at(6),
            payload=RollbackStartedPayload(reason="bad", waves=[["api"], ["db"]]),
            deployment_id="d-1",
            environment="prod",
        ),
        RollbackCompleted(
            occurred_at=at(7),
            payload=RollbackOutcomePayload(
                outcomes=[ServiceRollbackOutcome(service="api", restored_version="4", ok=True)]
            ),
            deployment_id="d-1",
            environment="prod",
        ),
    ]


def test_before_anything_happened_no_service_has_a_state() -> None:
    assert frame_at(story(), at(0)).states == {}


def test_each_moment_shows_what_had_happened_by_then() -> None:
    events = story()
    assert frame_at(events, at(1)).states == {"db": NodeState("unknown", "deploying 2")}
    assert frame_at(events, at(3)).states == {"db": NodeState("healthy", "gate passed")}
    degraded = frame_at(events, at(5))
    assert degraded.states["api"] == NodeState("unhealthy", "deploying 5")
    assert (degraded.root_cause, degraded.impacted) == (frozenset({"api"}), frozenset({"web"}))
    ended = frame_at(events, at(7)).states
    assert ended["api"] == NodeState("unhealthy", "restored 4")
    assert ended["db"] == NodeState("healthy", "to roll back")


def test_the_order_events_are_given_in_does_not_change_a_frame() -> None:
    events = story()
    assert frame_at(list(reversed(events)), at(5)) == frame_at(events, at(5))


def test_the_stops_are_the_events_times_to_the_millisecond_and_cover_their_millisecond() -> None:
    late = T0 + timedelta(microseconds=1500)
    assert stop_of(late) == "2026-11-01T12:00:00.001Z"
    assert moments(story())[0] == "2026-11-01T12:00:01.000Z"
    assert len(moments(story() + story())) == 7
    assert through(late) == T0 + timedelta(microseconds=1999)


def test_a_graph_of_waves_alone_has_the_services_in_their_waves_and_no_edges() -> None:
    graph = graph_of_waves("prod", [["db"], ["api", "web"]])
    assert [(node.name, node.wave) for node in graph.nodes] == [("db", 0), ("api", 1), ("web", 1)]
    assert graph.edges == []

"""What goes over the dashboard's API (pure): each event the CLI publishes as its route and body, checked by the
API's own request model; an event the API does not take refused by name; Server-Sent Events read as the spec says;
the coordinator's answer to a request the API published named by the command's own request."""

from datetime import UTC, datetime

import pytest

from cli import kept
from cli.http_routes import Route, deploy_input, route_of
from cli.http_sse import Message, SseDecoder
from cli.http_transport import as_asked
from cli.transport import TransportError
from services.coordinator.domain.model import Deployment, Phase
from shared.events import (
    AlertAcknowledged,
    ApprovalGranted,
    DeploymentRecorded,
    DeployRequested,
    DeployRequestRefused,
    Matcher,
    RollbackRequested,
    SilenceCreated,
    SilenceExpired,
)
from shared.events.alerting import AlertAcknowledgedPayload, SilenceCreatedPayload, SilenceExpiredPayload
from shared.events.answers import DeployRequestRefusedPayload
from shared.events.deployment import ApprovalGrantedPayload, DeploymentRecordedPayload, DeployRequestedPayload
from shared.events.rollback import RollbackRequestedPayload
from shared.requests.deploy import deploy_request

NOW = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 1, 31, 14, 0, tzinfo=UTC)


def test_a_deploy_request_goes_as_the_api_builds_it_again() -> None:
    asked = DeployRequested(
        deployment_id="d-1",
        environment="production",
        payload=DeployRequestedPayload(versions={"api": "2"}, services=["api"], reason="why", redeploy=True),
    )
    route = route_of(asked)
    assert route.method == "POST" and route.path == "/deployments" and route.body is not None
    assert route.body["confirm"] == "production" and route.body["id"] == "d-1" and route.body["services"] == []
    again = deploy_request(deploy_input(asked), by="ana").payload
    assert again.versions == {"api": "2"} and again.redeploy and again.reason == "why"


def test_a_request_the_api_cannot_carry_is_refused_by_name() -> None:
    some = DeployRequested(
        deployment_id="d-1",
        environment="staging",
        payload=DeployRequestedPayload(versions={"api": "2", "web": "3"}, services=["api"]),
    )
    with pytest.raises(TransportError) as refused:
        deploy_input(some)
    assert "only some of the services" in str(refused.value)
    recorded = DeploymentRecorded(
        deployment_id="r-1", environment="staging", payload=DeploymentRecordedPayload(versions={"api": "1"})
    )
    with pytest.raises(TransportError) as none:
        route_of(recorded)
    assert "takes no deployment-recorded event" in str(none.value) and "REDIS_URL" in str(none.value)
    assert none.value.exit_code == 64


def test_actions_alerts_and_silences_each_have_their_route() -> None:
    approve = ApprovalGranted(
        deployment_id="d/1", environment="live", payload=ApprovalGrantedPayload(approved_by="x", comment="ok")
    )
    assert route_of(approve) == Route("POST", "/deployments/d%2F1/approve", {"reason": "ok", "confirm": "live"})
    rollback = RollbackRequested(
        deployment_id="d-1", environment="staging", payload=RollbackRequestedPayload(reason="bad", services=["api"])
    )
    assert route_of(rollback).body == {"reason": "bad", "services": ["api"], "confirm": "staging"}
    ack = AlertAcknowledged(payload=AlertAcknowledgedPayload(fingerprint="f1", by="x", comment="on it"))
    assert route_of(ack) == Route("POST", "/alerts/f1/ack", {"comment": "on it"})
    quiet = SilenceCreatedPayload(
        silence_id="s-1",
        matchers=[Matcher(label="service", value="api")],
        starts_at=NOW,
        ends_at=LATER,
        created_by="x",
        comment="c",
    )
    body = route_of(SilenceCreated(payload=quiet)).body
    assert body == {
        "matchers": [{"label": "service", "op": "=", "value": "api"}],
        "starts_at": "2026-01-31T12:00:00+00:00",
        "ends_at": "2026-01-31T14:00:00+00:00",
        "comment": "c",
    }
    expired = SilenceExpired(payload=SilenceExpiredPayload(silence_id="s-1", by="x"))
    assert route_of(expired) == Route("DELETE", "/silences/s-1")


def test_server_sent_events_are_read_as_the_spec_says() -> None:
    decoder = SseDecoder(last_id="0-0")
    lines = ["retry: 2000", "", ": keep-alive", "", "id: 1-0", "event: stage-started", "data: {", "data:}", ""]
    lines += ["event: dropped", 'data: {"reason": "slow"}', ""]
    messages = [m for m in map(decoder.feed, lines) if m is not None]
    assert messages == [Message("stage-started", "{\n}", "1-0"), Message("dropped", '{"reason": "slow"}', "1-0")]
    assert decoder.last_id == "1-0"


def test_an_answer_to_the_apis_request_names_the_commands_request() -> None:
    answer = DeployRequestRefused(
        deployment_id="d-1",
        environment="staging",
        payload=DeployRequestRefusedPayload(request_event_id="api-1", phase="running", reason="taken"),
    )
    ours = as_asked(answer, {"api-1": "cli-1"})
    assert isinstance(ours, DeployRequestRefused) and ours.payload.request_event_id == "cli-1"
    assert as_asked(answer, {}) is answer


def test_a_snapshot_decodes_the_same_from_text_or_from_json() -> None:
    snapshot = Deployment(id="d-1", environment="staging", phase=Phase.RUNNING, created_at=NOW)
    assert kept.snapshot(Deployment, snapshot.model_dump_json(), "d-1") == snapshot
    assert kept.snapshot(Deployment, snapshot.model_dump(mode="json"), "d-1") == snapshot
    assert kept.snapshot(Deployment, None, "d-1") is None
    with pytest.raises(TransportError) as unreadable:
        kept.snapshot(Deployment, "not json {", "deployment d-1")
    assert "the coordinator's snapshot of deployment d-1 does not read as this CLI's" in str(unreadable.value)

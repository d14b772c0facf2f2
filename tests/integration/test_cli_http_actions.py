"""What the CLI does says the same over the dashboard's API as over Redis: approve, cancel and a wrong state (the
coordinator would ignore it), an alert acknowledged or unknown, a silence expired (known or not), dead letters
listed and replayed; over HTTP the event is the dashboard's, with who acted taken from the token."""

import json
import time

import pytest
from redis.asyncio import Redis

from services.alerter.domain.alert import Alert
from services.coordinator.domain.model import Phase
from shared.events import AlertAcknowledged, ApprovalGranted, CancelRequested
from shared.keys.alerter import AlerterKeys
from shared.keys.coordinator import CoordinatorKeys
from shared.reads import snapshots
from shared.streams import Keys
from tests.integration.cli_http_world import Run, Shell, shell_fixture  # noqa: F401 (a fixture)
from tests.support.deploy_world import events
from tests.support.inprocess import eventually

pytestmark = pytest.mark.integration


def named(run: Run, name: str) -> Run:
    """The run as it reads with its deployment (or alert, or silence) called X."""
    return Run(run.code, run.out.replace(name, "X"), run.err.replace(name, "X"))


async def phase_is(redis: Redis, deployment_id: str, phase: Phase) -> bool:
    raw = await snapshots.deployment(redis, CoordinatorKeys.of(Keys()), deployment_id)
    return raw is not None and json.loads(raw)["phase"] == phase


async def waiting(shell: Shell, redis: Redis, deployment_id: str) -> None:
    """A deployment to `gated` (g-N deploys 1.0.N), waiting for a person, as the coordinator and the dashboard
    both see it."""
    shell.over_redis()
    version = f"1.0.{deployment_id.removeprefix('g-')}"
    assert (await shell.run("deploy", "--env", "gated", "--version", version, "--id", deployment_id)).code == 0
    await eventually(lambda: phase_is(redis, deployment_id, Phase.AWAITING_APPROVAL))
    await eventually(lambda: shell.dashboard_sees(deployment_id, "awaiting-approval"))


async def test_approve_and_cancel_say_the_same_both_ways(shell: Shell, redis_client: Redis) -> None:
    await waiting(shell, redis_client, "g-1")
    over_redis = await shell.run("approve", "g-1", "--reason", "looks good")
    await eventually(lambda: phase_is(redis_client, "g-1", Phase.SUCCEEDED))
    await waiting(shell, redis_client, "g-2")
    shell.over_http()
    over_http = await shell.run("approve", "g-2", "--reason", "looks good")
    assert named(over_http, "g-2") == named(over_redis, "g-1") and over_http.code == 0
    assert over_http.out == "approve: published approval-granted for g-2 in gated\n"
    (approved,) = [e for e in await events(redis_client, "g-2") if isinstance(e, ApprovalGranted)]
    assert approved.producer == "dashboard" and approved.payload.approved_by == "ana"
    assert approved.payload.comment == "looks good"
    await eventually(lambda: phase_is(redis_client, "g-2", Phase.SUCCEEDED))

    again = await shell.both("approve", "g-1")
    assert again[1] == again[0] and again[0].code == 1 and "g-1 is succeeded, not waiting for approval" in again[0].err

    await waiting(shell, redis_client, "g-3")
    over_redis = await shell.run("cancel", "g-3", "--reason", "not today")
    await eventually(lambda: phase_is(redis_client, "g-3", Phase.CANCELLED))
    await waiting(shell, redis_client, "g-4")
    shell.over_http()
    over_http = await shell.run("cancel", "g-4", "--reason", "not today")
    assert named(over_http, "g-4") == named(over_redis, "g-3") and over_http.code == 0
    (cancelled,) = [e for e in await events(redis_client, "g-4") if isinstance(e, CancelRequested)]
    assert cancelled.payload.requested_by == "ana" and cancelled.payload.reason == "not today"
    await eventually(lambda: phase_is(redis_client, "g-4", Phase.CANCELLED))
    unknown = await shell.both("cancel", "nope")
    assert unknown[1] == unknown[0] and unknown[0].code == 1 and "no deployment nope" in unknown[0].err


async def test_what_the_coordinator_would_ignore_is_refused_alike_both_ways(shell: Shell, redis_client: Redis) -> None:
    """One rule (shared/requests/actions.py): a deployment waiting for approval is not rolled back, an ended one
    not cancelled; refused in the same words and exit code by the CLI over Redis and by the API."""
    await waiting(shell, redis_client, "g-5")
    rollback = await shell.both("rollback", "--env", "gated", "--reason", "bad")
    assert rollback[1] == rollback[0] and rollback[0].code == 1, rollback
    assert "g-5 is awaiting-approval, not running, verifying, baking or paused" in rollback[0].err
    assert (await shell.run("cancel", "g-5")).code == 0
    await eventually(lambda: phase_is(redis_client, "g-5", Phase.CANCELLED))
    await eventually(lambda: shell.dashboard_sees("g-5", "cancelled"))
    again = await shell.both("cancel", "g-5")
    assert again[1] == again[0] and again[0].code == 1 and "g-5 is cancelled, not queued or in flight" in again[0].err
    published = [e for e in await events(redis_client, "g-5") if e.type in ("rollback-requested", "cancel-requested")]
    assert len(published) == 1, "only the cancel that could be done was published"


async def test_alerts_acknowledged_say_the_same_both_ways(shell: Shell, redis_client: Redis) -> None:
    own = AlerterKeys.of(Keys())
    for fingerprint in ("f1", "f2"):
        alert = Alert(
            fingerprint=fingerprint,
            name="deployment-failed",
            severity="critical",
            environment="staging",
            summary="down",
            starts_at=time.time(),
            event_id="e0",
        )
        await redis_client.hset(own.alerts, fingerprint, alert.model_dump_json())
    shell.over_redis()
    over_redis = await shell.run("alerts", "ack", "f1", "--comment", "on it")
    shell.over_http()
    over_http = await shell.run("ack", "f2", "--comment", "on it")
    assert named(over_http, "f2") == named(over_redis, "f1") and over_http.code == 0
    (acked,) = [e for e in await events(redis_client) if isinstance(e, AlertAcknowledged) and e.producer == "dashboard"]
    assert (acked.payload.fingerprint, acked.payload.by, acked.payload.comment) == ("f2", "ana", "on it")
    unknown = await shell.both("alerts", "ack", "ffff")
    assert unknown[1] == unknown[0] and unknown[0].code == 1 and "no active alert ffff" in unknown[0].err

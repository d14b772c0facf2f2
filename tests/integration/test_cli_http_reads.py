"""What the CLI reads says the same over the dashboard's API as over Redis, exit codes included: history, status,
a deployment's command output, the alerts and the silences, with the coordinator and the dashboard real and
nothing reachable on REDIS_URL while the CLI goes over HTTP."""

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Literal

import pytest
from redis.asyncio import Redis

from services.alerter.domain.alert import Alert
from services.coordinator.domain.model import Phase
from shared.events import Matcher
from shared.events.alerting import SilenceCreatedPayload
from shared.keys.alerter import AlerterKeys
from shared.keys.coordinator import CoordinatorKeys
from shared.reads import snapshots
from shared.streams import Keys
from tests.integration.cli_http_world import Shell, shell_fixture  # noqa: F401 (a fixture)
from tests.support.inprocess import eventually

pytestmark = pytest.mark.integration
STEADY_S = 3 * 3600 + 30 * 60 + 30  # "3h30m" for as long as a test runs: half a minute from the next change


async def awaiting_approval(redis: Redis, deployment_id: str) -> bool:
    raw = await snapshots.deployment(redis, CoordinatorKeys.of(Keys()), deployment_id)
    return raw is not None and json.loads(raw)["phase"] == Phase.AWAITING_APPROVAL


async def test_history_status_and_logs_read_the_same_both_ways(shell: Shell, redis_client: Redis) -> None:
    shell.over_redis()
    for deployment_id, version in (("h-1", "1.0.0"), ("h-2", "1.1.0")):
        deployed = await shell.run("deploy", "--env", "staging", "--version", version, "--wait", "--id", deployment_id)
        assert deployed.code == 0, deployed.out + deployed.err
    assert (await shell.run("deploy", "--env", "gated", "--version", "2.0.0", "--id", "g-1")).code == 0
    await eventually(lambda: awaiting_approval(redis_client, "g-1"))
    for argv in (
        ["history"],
        ["history", "--json"],
        ["history", "--env", "staging", "--limit", "1"],
        ["history", "--env", "nosuch"],
        ["status"],
        ["status", "--json"],
        ["status", "--env", "staging"],
        ["logs", "h-2"],
        ["logs", "nope"],
    ):
        over_redis, over_http = await shell.both(*argv, token="ro")
        assert over_http == over_redis, argv
    history = (await shell.run("history", "--env", "staging")).out
    assert history.index("h-2") < history.index("h-1") and "succeeded" in history
    status = await shell.run("status")
    assert status.code == 1 and "g-1 waits for approval: `flightdeck approve g-1`" in status.out
    assert "staging: ok\n  running   api 1.1.0, web 1.1.0" in status.out
    logs = await shell.run("logs", "h-2")
    assert "deploying api 1.1.0" in logs.out and "warning from web" in logs.out
    missing = await shell.run("history", "--env", "nosuch")
    assert missing.code == 64 and "no environment 'nosuch' in the plan" in missing.err


async def test_alerts_and_silences_read_the_same_both_ways(shell: Shell, redis_client: Redis) -> None:
    own, now = AlerterKeys.of(Keys()), datetime.now(UTC)
    severities: list[tuple[str, Literal["critical", "warning"]]] = [("f1", "critical"), ("f2", "warning")]
    for fingerprint, severity in severities:
        alert = Alert(
            fingerprint=fingerprint,
            name="deployment-failed",
            severity=severity,
            environment="staging",
            summary=f"{fingerprint} is down",
            starts_at=time.time() - STEADY_S,
            event_id="e0",
        )
        await redis_client.hset(own.alerts, fingerprint, alert.model_dump_json())
    await redis_client.hset(own.acks, "f1", json.dumps({"by": "ana", "via": "cli", "at": time.time() - STEADY_S}))
    quiet = SilenceCreatedPayload(
        silence_id="s-1",
        matchers=[Matcher(label="environment", value="staging")],
        starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(seconds=STEADY_S),
        created_by="ana",
        comment="load test",
    )
    await redis_client.hset(own.silences, "s-1", quiet.model_dump_json())
    await redis_client.hset(own.silences, "s-bad", "not a silence")
    for argv in (["alerts", "list"], ["alerts", "list", "--json"], ["silence", "list"], ["silence", "list", "--json"]):
        over_redis, over_http = await shell.both(*argv, token="ro")
        assert over_http == over_redis, argv
    listed = await shell.run("alerts", "list")
    assert "f1" in listed.out and "f2" in listed.out and "ana" in listed.out
    silences = await shell.run("silence", "list")
    assert "s-1" in silences.out and "skipping unreadable silence s-bad" in silences.err

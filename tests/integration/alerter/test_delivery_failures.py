"""Channels that fail: Slack's 429 and 400, a webhook receiver down then up, an SMTP server refusing then accepting.
Each failure stays with its channel; the others are delivered on time."""

import pytest
from prometheus_client import REGISTRY
from redis.asyncio import Redis

from shared.events import AlertFailed, AlertSent
from shared.keys.alerter import AlerterKeys
from shared.streams import Keys
from tests.support.alerting import failed, of_type, publish, webhook
from tests.support.inprocess import eventually
from tests.support.receivers import Receiver, Reply, receiver, wait_for_requests
from tests.support.smtp import smtp_server

from .conftest import Alerter

pytestmark = pytest.mark.integration
SLACK_PATH = "/services/T000/B000/slack-token-9f8e7d"


def slack() -> dict[str, str]:
    return {"type": "slack", "webhook_url": "${SLACK_WEBHOOK_URL}"}


async def outcomes(redis: Redis) -> list[AlertSent | AlertFailed]:
    return [e for e in await of_type(redis, "alert-sent", "alert-failed") if isinstance(e, AlertSent | AlertFailed)]


async def test_slack_429_is_retried_after_retry_after(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_WEBHOOK_URL", f"{hook.url}{SLACK_PATH}")
    hook.respond(Reply(429, "rate_limited", {"Retry-After": "1"}))
    async with alerter({"ops": slack()}):
        await publish(redis_client, failed("d-1"))
        first, second = await wait_for_requests(hook, 2, within=10)
        assert second.at - first.at >= 0.95
        assert second.json()["blocks"][0]["type"] == "header" and second.json()["text"]
        await eventually(lambda: outcomes(redis_client))
    (sent,) = await outcomes(redis_client)
    assert sent.type == "alert-sent" and sent.payload.attempts == 2 and sent.payload.channel_type == "slack"


async def test_slack_400_is_final_reported_and_blocks_no_other_channel(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    failures_before = _count("slack", "failed")
    async with receiver() as slack_server, alerter({"ops": slack(), "hook": webhook(f"{hook.url}/hook")}):
        monkeypatch.setenv("SLACK_WEBHOOK_URL", f"{slack_server.url}{SLACK_PATH}")
        slack_server.respond(Reply(400, "invalid_blocks"))
        await publish(redis_client, failed("d-1"))

        async def both() -> bool:
            return len(await outcomes(redis_client)) == 2

        await eventually(both)
    results = {e.payload.channel: e for e in await outcomes(redis_client)}
    assert results["hook"].type == "alert-sent"
    assert results["ops"].type == "alert-failed" and "invalid_blocks" in results["ops"].payload.error
    assert results["ops"].payload.attempts == 1 and results["ops"].deployment_id == "d-1"
    assert "slack-token" not in results["ops"].model_dump_json()
    assert _count("slack", "failed") == failures_before + 1


def _count(channel_type: str, outcome: str) -> float:
    labels = {"channel_type": channel_type, "outcome": outcome}
    return REGISTRY.get_sample_value("flightdeck_alerter_notifications_total", labels) or 0.0


async def test_a_webhook_receiver_down_then_up_gets_the_message_once(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
) -> None:
    await hook.stop()
    async with alerter({"hook": webhook(f"{hook.url}/hook")}):
        await publish(redis_client, failed("d-1"))

        async def retried() -> bool:
            raw = await redis_client.hgetall(AlerterKeys.of(Keys()).deliveries)
            return any(b'"attempts":2' in value for value in raw.values())

        await eventually(retried)
        await hook.start()
        await wait_for_requests(hook, 1)
        await eventually(lambda: outcomes(redis_client))
    (sent,) = await outcomes(redis_client)
    assert sent.type == "alert-sent" and sent.payload.attempts >= 3
    assert len(hook.received) == 1


async def test_an_smtp_server_refusing_then_accepting(
    alerter: Alerter,
    redis_client: Redis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SMTP_PASSWORD", "mail-password-5b4a")
    async with smtp_server("starttls", users={"alerts": "mail-password-5b4a"}) as box:
        box.refuse(1, 451, "try later")
        channel = {
            "type": "email",
            "to": ["oncall@example.com"],
            "from": "flightdeck@example.com",
            "smtp": {
                "host": "127.0.0.1",
                "port": box.port,
                "security": "starttls",
                "username": "alerts",
                "password": "${SMTP_PASSWORD}",
                "ca_file": box.ca_file,
            },
        }
        async with alerter({"mail": channel}):
            await publish(redis_client, failed("d-7"))
            await eventually(lambda: box.messages)
            await eventually(lambda: outcomes(redis_client))
        (message,) = box.messages
    assert "d-7" in message["Subject"] and "production" in message["Subject"]
    assert message.get_content_type() == "multipart/alternative"
    (sent,) = await outcomes(redis_client)
    assert sent.type == "alert-sent" and sent.payload.attempts == 2
    assert box.logins == ["alerts", "alerts"]  # one login per try


async def test_one_slack_webhook_gets_about_one_message_a_second(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_WEBHOOK_URL", f"{hook.url}{SLACK_PATH}")
    async with alerter({"ops": slack()}):
        await publish(redis_client, failed("d-1"), failed("d-2"), failed("d-3"))  # three groups, due at once
        received = await wait_for_requests(hook, 3, within=10)
    assert len(received) == 3 and len({r.body for r in received}) == 3, "one message per group, one at a time"
    # Three sends paced a second apart start 2 s apart; what arrives can be closer by how late the first arrived (a
    # busy machine), so only a lateness of over a second would read as no pacing. The slots themselves are
    # checked exactly in test_pacing.py.
    assert received[-1].at - received[0].at >= 1.0, [r.at for r in received]

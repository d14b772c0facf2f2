"""The alerter as a real process, killed with SIGKILL after it took an event in and before it sent: after a restart
the notification is sent exactly once. And no secret shows in any log line, event or message along the way."""

import asyncio
import signal
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from redis.asyncio import Redis

from shared.keys.alerter import AlerterKeys
from shared.streams import Keys
from tests.support.alerting import SECRET, alerting_plan, failed, of_type, publish, webhook
from tests.support.inprocess import eventually
from tests.support.processes import Worker, worker_process
from tests.support.receivers import Receiver, receiver, wait_for_requests

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SLACK_TOKEN = "xoxb-slack-token-3c2b1a"


def alerter_process(redis_url: str, plan: str, log: Path, slack_url: str) -> AbstractContextManager[Worker]:
    return worker_process(
        redis_url,
        "services.alerter",
        log=log,
        FLIGHTDECK_PLAN_FILE=plan,
        FLIGHTDECK_LOG_LEVEL="DEBUG",
        FLIGHTDECK_ALERT_LEASE="1",
        FLIGHTDECK_RECLAIM_IDLE="1",
        HOOK_SECRET=SECRET,
        SLACK_WEBHOOK_URL=slack_url,
    )


def kill(process: Worker) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


async def test_killed_before_sending_then_restarted_sends_exactly_once(
    redis_url: str,
    redis_client: Redis,
    tmp_path: Path,
    hook: Receiver,
) -> None:
    log = tmp_path / "alerter.log"
    async with receiver() as slack:
        slack_url = f"{slack.url}/services/{SLACK_TOKEN}"
        slack_channel = {"type": "slack", "webhook_url": "${SLACK_WEBHOOK_URL}"}
        channels = {"hook": webhook(f"{hook.url}/hook"), "ops": slack_channel}
        plan = alerting_plan(tmp_path, channels, group_wait="2s")
        with alerter_process(redis_url, plan, log, slack_url) as first:
            await first.ready()
            await publish(redis_client, failed("d-1"))

            async def grouped() -> bool:  # the event is in: its group waits for its first message
                return bool(await redis_client.keys(AlerterKeys.of(Keys()).group("*")))

            await eventually(grouped)
            kill(first)
        assert hook.received == [] and slack.received == []

        await hook.stop()  # and the webhook is down when the message first goes out
        with alerter_process(redis_url, plan, log, slack_url) as second:
            await second.ready()
            await wait_for_requests(slack, 1)
            await asyncio.sleep(0.5)
            await hook.start()
            await wait_for_requests(hook, 1)
            await eventually(lambda: _sent(redis_client, 2))
            kill(second)  # while nothing is in flight

        with alerter_process(redis_url, plan, log, slack_url) as third:
            await third.ready()
            await asyncio.sleep(3)
        assert len(hook.received) == 1 and len(slack.received) == 1
        bodies = [r.body.decode() for r in [*hook.received, *slack.received]]

    everything = [log.read_text(), *bodies, *(e.model_dump_json() for e in await of_type(redis_client, *ALL))]
    assert "d-1" in everything[0] and "notification sent" in everything[0]
    for text in everything:
        assert SECRET not in text and SLACK_TOKEN not in text


async def _sent(redis: Redis, count: int) -> bool:
    return len(await of_type(redis, "alert-sent")) >= count


ALL = ("alert-sent", "alert-failed", "alert-escalated", "deployment-failed")

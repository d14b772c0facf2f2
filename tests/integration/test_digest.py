"""The scheduled digest end to end: the dashboard's scheduler finds a daily digest due, composes it from the day's
history its consumer group folded, and publishes digest-ready; the alerter sends it to a real SMTP server and a
real Slack receiver, once, however often the scheduler looks again and whichever replica looks."""

import asyncio
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from services.alerter.app import DEFINITION as ALERTER
from services.dashboard.digests import DigestScheduler
from services.dashboard.readmodel.analytics_reader import AnalyticsReader
from services.dashboard.web.analytics_figures import AnalyticsFigures
from shared.bus.publisher import EventPublisher
from shared.events import AlertSent, DeploymentFailed, DeploymentStarted, DeploymentSucceeded, DeployRequested, Event
from shared.events import deployment as d
from shared.keys.dashboard import DashboardKeys
from shared.plan.cache import PlanCache
from shared.plan.sources import FilePlanSource
from shared.streams import Keys
from tests.support.alerting import alerting_plan, of_class, publish
from tests.support.dashboard_world import dashboard_world
from tests.support.inprocess import eventually, running
from tests.support.receivers import Received, receiver
from tests.support.smtp import smtp_server

pytestmark = pytest.mark.integration
NOW = datetime.now(UTC)


def ended(n: int, hours_ago: float, ok: bool, commit_minutes_before: int = 30) -> list[Event]:
    ids: dict[str, Any] = {"deployment_id": f"d-{n}", "environment": "production"}
    at = NOW - timedelta(hours=hours_ago)
    asked = d.DeployRequestedPayload(
        versions={"api": f"1.{n}"}, commit_time=at - timedelta(minutes=commit_minutes_before)
    )
    end = at + timedelta(minutes=5)
    last: Event = (
        DeploymentSucceeded(occurred_at=end, payload=d.DeploymentSucceededPayload(duration_s=300), **ids)
        if ok
        else DeploymentFailed(occurred_at=end, payload=d.DeploymentFailedPayload(reason="exit 3"), **ids)
    )
    return [
        DeployRequested(occurred_at=at, payload=asked, **ids),
        DeploymentStarted(occurred_at=at, payload=d.DeploymentStartedPayload(waves=[["api"]]), **ids),
        last,
    ]


def digests_in(messages: list[EmailMessage]) -> list[EmailMessage]:
    return [m for m in messages if "Flightdeck daily digest" in " ".join(str(m["Subject"]).split())]


def posts_of_digests(posts: list[Received]) -> list[Received]:
    return [p for p in posts if str(p.json()["blocks"][0]["text"]["text"]).startswith("Flightdeck daily digest")]


def written(tmp_path: Path, channels: dict[str, Any], **alerting: Any) -> tuple[str, str]:
    """The plan file (tests/support/alerting.py's, db <- api <- web) and its text."""
    path = alerting_plan(tmp_path, channels, **alerting)
    return path, Path(path).read_text()


async def test_a_daily_digest_arrives_by_email_and_on_slack_once(
    redis_url: str, redis_client: Redis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with smtp_server() as box, receiver() as chat:
        monkeypatch.setenv("SLACK_URL", chat.url + "/services/T0/B0/secret-path")
        smtp = {"host": "127.0.0.1", "port": box.port, "security": "none", "timeout": "5s"}
        channels = {
            "mail": {"type": "email", "to": ["ops@example.com"], "from": "flightdeck@example.com", "smtp": smtp},
            "chat": {"type": "slack", "webhook_url": "${SLACK_URL}"},
        }
        plan_file, plan = written(tmp_path, channels)
        async with (
            dashboard_world(redis_url, redis_client, tmp_path, plan, digest_interval=0.2) as world,
            running(ALERTER, redis_url, plan_file=plan_file, alert_lease=5),
        ):
            await publish(redis_client, *ended(1, 20, True), *ended(2, 3, False), *ended(3, 30, True))
            await world.caught_up()
            at = (NOW - timedelta(minutes=1)).strftime("%H:%M")  # due now, for the day before it
            digest = {"environment": "production", "every": "daily", "at": at, "channels": ["mail", "chat"]}
            alerting_plan(tmp_path, channels, digests=[digest])
            await eventually(lambda: len(digests_in(box.messages)) == 1)
            await eventually(lambda: len(posts_of_digests(chat.received)) == 1)
            await asyncio.sleep(1.0)  # five more looks: the period is sent already
            plans = PlanCache(FilePlanSource(plan_file))
            figures = AnalyticsFigures(AnalyticsReader(redis_client, DashboardKeys.of(Keys())))
            publisher = EventPublisher(redis_client, Keys(), producer="another-replica")
            again = await DigestScheduler(redis_client, DashboardKeys.of(Keys()), plans, figures, publisher, 1).look()

            async def digests_sent() -> list[AlertSent]:
                return [e for e in await of_class(redis_client, AlertSent) if e.payload.kind == "digest"]

            async def reported() -> bool:
                return len(await digests_sent()) >= 2  # one per channel

            await eventually(reported)
            sent, told = await digests_sent(), await of_class(redis_client, AlertSent)
        # d-2's failure may also be told (as an alert, unless d-3's success resolved it before the first flush):
        # only the digest's messages are counted
        assert len(digests_in(box.messages)) == 1 and len(posts_of_digests(chat.received)) == 1 and again == []
    (mail,), (posted,) = digests_in(box.messages), posts_of_digests(chat.received)
    subject = " ".join(mail["Subject"].split())
    assert "Flightdeck daily digest for production" in subject and "2 deployments, 1 failed" in subject
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "2 deployments ended: 1 succeeded, 1 failed, 0 rolled back." in text
    assert "change failure rate: 50% (1 of 2)" in text and "lead time for changes: 35 min" in text
    assert "/analytics?environment=production" in text
    html = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<td>change failure rate</td><td>50% (1 of 2)</td>" in html
    blocks = posted.json()["blocks"]
    assert blocks[0]["text"]["text"].startswith("Flightdeck daily digest for production")
    assert "secret-path" not in str([e.model_dump() for e in told])
    assert sorted(e.payload.channel for e in sent) == ["chat", "mail"]
    assert {e.environment for e in sent} == {"production"}

"""A digest-ready event as the alerter says it, with plain values: one notification per channel still in the plan
(the others named), the same id for the same digest, and every channel's rendering with its free text escaped
(a rollback's cause may hold anything)."""

import json
from datetime import UTC, datetime

from services.alerter.channels.digest_render import html, slack_digest, subject, text
from services.alerter.channels.email import email_message
from services.alerter.channels.webhook import webhook_body
from services.alerter.domain.alert import Links
from services.alerter.domain.digests import digest_notifications
from shared.events import DigestReady
from shared.events.digests import DigestFigure, DigestReadyPayload, RollbackCause, ServiceUptime
from shared.plan.alerting import EmailChannel, SlackChannel

MAIL = EmailChannel.model_validate(
    {"type": "email", "to": ["o@x.example"], "from": "f@x.example", "smtp": {"host": "m"}}
)
SLACK = SlackChannel.model_validate({"type": "slack", "webhook_url": "${SLACK_URL}"})
LINKS = Links(analytics="https://fd.example/analytics?environment=production")


def event(channels: list[str]) -> DigestReady:
    payload = DigestReadyPayload(
        every="weekly",
        period_start=datetime(2026, 11, 30, 9, tzinfo=UTC),
        period_end=datetime(2026, 12, 7, 9, tzinfo=UTC),
        timezone="UTC",
        channels=channels,
        deployments=4,
        succeeded=3,
        failed=1,
        rollbacks=1,
        rollback_causes=[RollbackCause(cause="<script>x</script>", count=1)],
        figures=[
            DigestFigure(name="change failure rate", value=0.25, unit="fraction", text="25% (1 of 4)", level="high")
        ],
        uptime=[ServiceUptime(service="api", uptime=0.999, down_s=600)],
        analytics_path="/analytics?environment=production",
    )
    return DigestReady(event_id="digest-abc", environment="production", payload=payload)


def test_one_notification_per_channel_in_the_plan_and_the_rest_named() -> None:
    made = digest_notifications(event(["mail", "chat", "gone", "mail"]), {"mail": MAIL, "chat": SLACK}, 1.0)
    assert [(n.id, n.channel_type) for n in made.notifications] == [
        ("digest-abc:mail", "email"),
        ("digest-abc:chat", "slack"),
    ]
    assert made.missing == ["gone"]
    again = digest_notifications(event(["mail"]), {"mail": MAIL}, 99.0)
    assert again.notifications[0].id == made.notifications[0].id, "the same digest, the same id"
    assert (
        made.notifications[0].environment == "production"
        and made.notifications[0].group_key == "digest:production:weekly"
    )


def test_every_channel_says_the_digest_with_its_values_escaped() -> None:
    (note,) = digest_notifications(event(["mail"]), {"mail": MAIL}, 1_765_000_000.0).notifications
    assert subject(note).startswith("Flightdeck weekly digest for production: Mon 30 Nov 2026 09:00 to Mon 07 Dec")
    assert subject(note).endswith("4 deployments, 1 failed")
    said = text(note, LINKS)
    assert "4 deployments ended: 3 succeeded, 1 failed, 1 rolled back." in said
    assert "change failure rate: 25% (1 of 4) (high)" in said and "api: 99.90%, down 600 s" in said
    page = html(note, LINKS)
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>" not in page
    message = email_message(note, LINKS, MAIL, "<root@flightdeck>")
    assert message["In-Reply-To"] is None and message["Message-ID"] == "<digest-abc-mail@flightdeck>"
    blocks = json.dumps(slack_digest(note, LINKS))
    assert "<script>" not in blocks and "&lt;script&gt;" in blocks and str(LINKS.analytics) in blocks
    body = json.loads(webhook_body(note, LINKS, "alertmanager", sent_at=1.0))
    assert body["type"] == "digest" and body["digest"]["deployments"] == 4 and body["link"] == LINKS.analytics

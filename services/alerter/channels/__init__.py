"""Delivery channels: a notification rendered and sent to Slack, email or a webhook, answered by a SendOutcome."""

import logging
import time

from services.alerter.channels.digest_render import slack_digest
from services.alerter.channels.email import email_message, send_email, thread_root_for
from services.alerter.channels.http_client import HttpClient
from services.alerter.channels.slack import post_slack, slack_payload
from services.alerter.channels.webhook import post_webhook, sign, verify, webhook_body
from services.alerter.domain.alert import Final, Links, Notification, Retry, SendOutcome
from shared.plan.alerting import EmailChannel, SlackChannel, WebhookChannel

SLACK_TIMEOUT_S = 10.0
log = logging.getLogger("flightdeck.alerter.channels")

__all__ = [
    "email_message",
    "post_slack",
    "post_webhook",
    "send",
    "send_email",
    "sign",
    "slack_payload",
    "thread_root_for",
    "verify",
    "webhook_body",
]


async def send(
    notification: Notification,
    links: Links,
    channel: SlackChannel | EmailChannel | WebhookChannel,
    client: HttpClient,
    *,
    thread_root: str,
) -> SendOutcome:
    """Send one notification to one channel (its secrets already resolved). Never raises: a surprise is a Retry
    whose reason names only the exception's type, since its text may hold a webhook URL."""
    try:
        match channel:
            case SlackChannel():
                digest = notification.digest is not None
                payload = slack_digest(notification, links) if digest else slack_payload(notification, links, channel)
                return await post_slack(client, channel.webhook_url, payload, SLACK_TIMEOUT_S)
            case EmailChannel():
                message = email_message(notification, links, channel, thread_root)
                return await send_email(message, channel.smtp)
            case WebhookChannel():
                body = webhook_body(notification, links, channel.format, sent_at=time.time())
                return await post_webhook(client, channel, body, notification_id=notification.id)
            case _:
                return Final(reason=f"no channel of type {type(channel).__name__}")
    except Exception as exc:
        log.error(
            "sending %s to %s failed unexpectedly (%s)", notification.id, notification.channel, type(exc).__name__
        )
        return Retry(reason=f"unexpected error while sending ({type(exc).__name__})")

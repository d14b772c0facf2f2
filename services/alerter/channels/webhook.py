"""A generic webhook: Flightdeck's own JSON (docs/alerting-webhook.md) or Alertmanager's, signed with HMAC-SHA256."""

import hashlib
import hmac
import json
from typing import Any, Literal
from urllib.parse import urlsplit

from services.alerter.channels.digest_render import webhook_digest
from services.alerter.channels.http import post
from services.alerter.channels.http_client import HttpClient
from services.alerter.channels.templates import utc
from services.alerter.domain.alert import Alert, Links, Notification, SendOutcome
from shared.plan.alerting import WebhookChannel

Format = Literal["flightdeck", "alertmanager"]
SIGNATURE_HEADER = "X-Flightdeck-Signature"
ID_HEADER = "X-Flightdeck-Notification-Id"
USER_AGENT = "flightdeck-alerter"
ZERO_TIME = "0001-01-01T00:00:00Z"  # Alertmanager's endsAt for an alert that has not ended


def _flightdeck_alert(alert: Alert, links: Links) -> dict[str, Any]:
    return {
        "fingerprint": alert.fingerprint,
        "name": alert.name,
        "status": alert.status,
        "severity": alert.severity,
        "environment": alert.environment,
        "service": alert.service,
        "deployment_id": alert.deployment_id,
        "summary": alert.summary,
        "details": dict(alert.details),
        "starts_at": utc(alert.starts_at),
        "ends_at": utc(alert.ends_at) or None,
        "acknowledge_url": links.acknowledge.get(alert.fingerprint) if alert.status == "firing" else None,
    }


def flightdeck_document(notification: Notification, links: Links, sent_at: float) -> dict[str, Any]:
    return {
        "version": 1,
        "id": notification.id,
        "kind": notification.kind,
        "status": notification.status,
        "severity": notification.severity,
        "environment": notification.environment,
        "deployment_id": notification.deployment_id,
        "group_key": notification.group_key,
        "group_labels": dict(notification.group_labels),
        "sent_at": utc(sent_at),
        "links": {"deployment": links.deployment, "acknowledge": dict(links.acknowledge)},
        "alerts": [_flightdeck_alert(alert, links) for alert in [*notification.firing, *notification.resolved]],
    }


def _labels(alert: Alert) -> dict[str, str]:
    return {"alertname": alert.name, **alert.labels()}


def _annotations(alert: Alert) -> dict[str, str]:
    return {**alert.details, "summary": alert.summary}


def _common(maps: list[dict[str, str]]) -> dict[str, str]:
    if not maps:
        return {}
    return {key: value for key, value in maps[0].items() if all(other.get(key) == value for other in maps[1:])}


def _external_url(links: Links) -> str:
    if not links.deployment:
        return ""
    try:
        url = urlsplit(links.deployment)
    except ValueError:
        return ""
    return f"{url.scheme}://{url.netloc}" if url.scheme and url.hostname else ""


def alertmanager_document(notification: Notification, links: Links) -> dict[str, Any]:
    """Alertmanager's webhook payload, version 4, so tools that read Alertmanager can read us."""
    alerts = [*notification.firing, *notification.resolved]
    return {
        "version": "4",
        "groupKey": notification.group_key,
        "truncatedAlerts": 0,
        "status": notification.status,
        "receiver": notification.channel,
        "groupLabels": dict(notification.group_labels),
        "commonLabels": _common([_labels(alert) for alert in alerts]),
        "commonAnnotations": _common([_annotations(alert) for alert in alerts]),
        "externalURL": _external_url(links),
        "alerts": [
            {
                "status": alert.status,
                "labels": _labels(alert),
                "annotations": _annotations(alert),
                "startsAt": utc(alert.starts_at),
                "endsAt": utc(alert.ends_at) or ZERO_TIME,
                "generatorURL": links.deployment or "",
                "fingerprint": alert.fingerprint,
            }
            for alert in alerts
        ],
    }


def webhook_body(notification: Notification, links: Links, fmt: Format, *, sent_at: float | None = None) -> bytes:
    """The JSON body; sent_at defaults to the notification's creation time so the body is a pure function."""
    if notification.digest is not None:  # Alertmanager's format has no digest: ours, in either case
        document = webhook_digest(notification, links, notification.created_at if sent_at is None else sent_at)
    elif fmt == "alertmanager":
        document = alertmanager_document(notification, links)
    else:
        document = flightdeck_document(notification, links, notification.created_at if sent_at is None else sent_at)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, header: str | None, secret: str) -> bool:
    """Whether header is the signature of body under secret; constant-time, for receivers."""
    if not header:
        return False
    return hmac.compare_digest(sign(body, secret).encode(), header.strip().encode())


def webhook_headers(channel: WebhookChannel, body: bytes, notification_id: str | None = None) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    if notification_id:
        headers[ID_HEADER] = notification_id
    if channel.secret:
        headers[SIGNATURE_HEADER] = sign(body, channel.secret)
    return headers


async def post_webhook(
    client: HttpClient, channel: WebhookChannel, body: bytes, *, notification_id: str | None = None
) -> SendOutcome:
    """2xx delivered; 429, 5xx and no answer retried (after Retry-After on 429 and 503); other 4xx final."""
    return await post(
        client,
        "the webhook",
        channel.url,
        content=body,
        headers=webhook_headers(channel, body, notification_id),
        timeout_s=channel.timeout,
    )

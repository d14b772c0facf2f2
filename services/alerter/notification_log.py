"""What the alerter keeps and tells of each notification's end: an entry in the notification log (a stream), an
alert-sent or alert-failed event, and the fields its log lines carry."""

from redis.asyncio.client import Pipeline
from redis.typing import EncodableT, FieldT

from shared.events import AlertFailed, AlertSent
from shared.events.operations import AlertDeliveryPayload
from shared.keys.alerter import AlerterKeys

from .domain.sending import PendingNotification

LOG_LENGTH = 100_000


def log_entry(
    pipe: Pipeline, keys: AlerterKeys, pending: PendingNotification, result: str, reason: str, at: float
) -> None:
    """Queues the notification's entry in the log: `result` is sent or failed, after `pending.attempts` tries."""
    n = pending.notification
    fields: dict[FieldT, EncodableT] = {
        "notification": n.id,
        "channel": n.channel,
        "group": n.group_key,
        "kind": n.kind,
        "status": n.status,
        "result": result,
        "reason": reason,
        "attempts": pending.attempts,
        "at": at,
    }
    pipe.xadd(keys.log, fields, maxlen=LOG_LENGTH, approximate=True)


def report(sent: bool, pending: PendingNotification, error: str) -> AlertSent | AlertFailed:
    """alert-sent (sent) or alert-failed, about the notification's first alert."""
    n = pending.notification
    alerts = [*n.firing, *n.resolved]
    payload = AlertDeliveryPayload(
        fingerprint=alerts[0].fingerprint if alerts else n.group_key,
        channel=n.channel,
        channel_type=n.channel_type,
        severity=n.severity,
        summary=alerts[0].summary if alerts else "",
        error=error,
        notification_id=n.id,
        kind=n.kind,
        fingerprints=[a.fingerprint for a in alerts],
        attempts=pending.attempts,
    )
    environment = alerts[0].environment if alerts else (n.environment or None)  # a digest's, from its labels
    if sent:
        return AlertSent(deployment_id=n.deployment_id, environment=environment, payload=payload)
    return AlertFailed(deployment_id=n.deployment_id, environment=environment, payload=payload)


def context(pending: PendingNotification) -> dict[str, object]:
    """The fields of every log line about the notification."""
    n = pending.notification
    return {"notification_id": n.id, "channel": n.channel, "deployment_id": n.deployment_id, "kind": n.kind}

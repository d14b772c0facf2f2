"""A digest-ready event as notifications: one per channel the digest names that the plan still has (a channel
gone from the plan is named, not guessed at), each with an id made of the digest's event id and the channel, so
the same digest reaches each channel once however often its event is delivered."""

from dataclasses import dataclass

from shared.events import DigestReady
from shared.plan.alerting import Channel

from .alert import Notification


@dataclass(frozen=True)
class DigestNotifications:
    notifications: list[Notification]
    missing: list[str]  # channels the digest names that the plan has not


def digest_group(event: DigestReady) -> str:
    """One series per environment and schedule: a weekly digest's emails never answer the daily one's."""
    return f"digest:{event.environment}:{event.payload.every}"


def digest_notifications(event: DigestReady, channels: dict[str, Channel], now: float) -> DigestNotifications:
    found, missing = [], []
    for name in dict.fromkeys(event.payload.channels):
        channel = channels.get(name)
        if channel is None:
            missing.append(name)
            continue
        found.append(
            Notification(
                id=f"{event.event_id}:{name}",
                channel=name,
                channel_type=channel.type,
                group_key=digest_group(event),
                group_labels={"environment": event.environment, "digest": event.payload.every},
                kind="digest",
                created_at=now,
                digest=event.payload,
            )
        )
    return DigestNotifications(found, missing)

"""Links in messages: the deployment on the dashboard, and signed acknowledge links that need no login."""

import hashlib
import hmac
import secrets
import time
from urllib.parse import quote

from redis.asyncio import Redis

from shared.keys.alerter import AlerterKeys
from shared.settings import Settings

from .domain.alert import Links, Notification

LINK_LIFETIME_S = 7 * 86400


class LinkMaker:
    def __init__(self, redis: "Redis", keys: AlerterKeys, settings: Settings) -> None:
        self.redis, self.keys = redis, keys
        self.dashboard, self.alerter = settings.dashboard_url.rstrip("/"), settings.alerter_url.rstrip("/")
        configured = settings.alert_signing_key
        self._key: bytes | None = configured.get_secret_value().encode() if configured else None

    async def key(self) -> bytes:
        """The configured key, or one random key shared by every replica through Redis."""
        if self._key is None:
            await self.redis.set(self.keys.signing_key, secrets.token_hex(32), nx=True)
            stored = await self.redis.get(self.keys.signing_key)
            self._key = stored if isinstance(stored, bytes) else str(stored).encode()
        return self._key

    def signature(self, key: bytes, fingerprint: str, expires: int) -> str:
        return hmac.new(key, f"ack\x1f{fingerprint}\x1f{expires}".encode(), hashlib.sha256).hexdigest()

    async def acknowledge_url(self, fingerprint: str, now: float | None = None) -> str:
        expires = int((now or time.time()) + LINK_LIFETIME_S)
        signature = self.signature(await self.key(), fingerprint, expires)
        return f"{self.alerter}/alerts/{quote(fingerprint)}/ack?expires={expires}&signature={signature}"

    async def valid(self, fingerprint: str, expires: str, signature: str, now: float | None = None) -> bool:
        if not expires.isdigit() or int(expires) < (now or time.time()):
            return False
        expected = self.signature(await self.key(), fingerprint, int(expires))
        return hmac.compare_digest(expected, signature)

    async def links(self, notification: Notification) -> Links:
        if notification.digest is not None:
            return Links(analytics=self.dashboard + notification.digest.analytics_path)
        deployment = notification.deployment_id
        acknowledge = {
            alert.fingerprint: await self.acknowledge_url(alert.fingerprint)
            for alert in notification.firing
            if alert.severity == "critical" and not alert.notice
        }
        return Links(
            deployment=f"{self.dashboard}/deployments/{quote(deployment)}" if deployment else None,
            acknowledge=acknowledge,
        )

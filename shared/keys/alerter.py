"""The alerter's own Redis keys. The CLI reads alerts, acks and silences (never writes them: it publishes events)."""

from dataclasses import dataclass

from shared.streams import Keys


@dataclass(frozen=True)
class AlerterKeys:
    base: str

    @classmethod
    def of(cls, keys: Keys) -> "AlerterKeys":
        return cls(f"{keys.prefix}:alerter")

    @property
    def alerts(self) -> str:
        """hash fingerprint -> Alert JSON: the firing alerts that something will resolve."""
        return f"{self.base}:alerts"

    def active_named(self, environment: str, name: str) -> str:
        """set of the fingerprints in `alerts` of the environment's alerts of one rule: what a resolution reads."""
        return f"{self.base}:active:{environment}:{name}"

    def active_in(self, environment: str) -> str:
        """set of the fingerprints in `alerts` of the environment: what a flush's inhibition rules read."""
        return f"{self.base}:active-in:{environment}"

    @property
    def active_indexed(self) -> str:
        """1 once the two indexes above hold every alert in `alerts` (kept since they were made)."""
        return f"{self.base}:active-indexed"

    def alert(self, fingerprint: str) -> str:
        """A version key per alert, watched so a fire and a resolve of one alert never interleave."""
        return f"{self.base}:alert:{fingerprint}"

    def groups_of(self, fingerprint: str) -> str:
        """set of the keys of the groups the alert is in (one per route it took), for its resolution."""
        return f"{self.base}:groups-of:{fingerprint}"

    def group(self, key: str) -> str:
        """Group JSON: its alerts, what it told, and when it flushes next (domain/grouping.py)."""
        return f"{self.base}:group:{key}"

    @property
    def due(self) -> str:
        """sorted set of work by due time: g:<group> flushes, d:<delivery> sends, e:<fingerprint> escalations."""
        return f"{self.base}:due"

    @property
    def deliveries(self) -> str:
        """hash notification id -> PendingNotification JSON: notifications not sent (or given up) yet."""
        return f"{self.base}:deliveries"

    def sent(self, delivery_id: str) -> str:
        """1 (for a week) once the notification was sent: a second try of it sends nothing."""
        return f"{self.base}:sent:{delivery_id}"

    @property
    def log(self) -> str:
        """stream: every notification sent or given up, the notification log."""
        return f"{self.base}:log"

    @property
    def escalations(self) -> str:
        """hash fingerprint -> Escalation JSON: the chain of an unacknowledged critical alert."""
        return f"{self.base}:escalations"

    @property
    def acks(self) -> str:
        """hash fingerprint -> {by, via, at} JSON: who acknowledged the alert (its escalation stops)."""
        return f"{self.base}:acks"

    @property
    def silences(self) -> str:
        """hash silence id -> SilenceCreatedPayload JSON: silences, kept a day after they end."""
        return f"{self.base}:silences"

    def deployed(self, environment: str) -> str:
        """set of the services known to run in the environment (deployed, recorded, or seen answering)."""
        return f"{self.base}:deployed:{environment}"

    def deploying(self, environment: str) -> str:
        """hash service -> the last window in which a deployment changed it (open until its gate ended)."""
        return f"{self.base}:deploying:{environment}"

    def seen(self, event_id: str) -> str:
        """1 (for the idempotency TTL) once an event's alert changes landed: handled again, it changes nothing."""
        return f"{self.base}:seen:{event_id}"

    def pace(self, channel: str) -> str:
        """when the Slack channel is free again (one message a second, or its Retry-After)."""
        return f"{self.base}:pace:{channel}"

    @property
    def signing_key(self) -> str:
        """the key acknowledge links are signed with when none is configured, shared by every replica."""
        return f"{self.base}:signing-key"

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

    def alert(self, fingerprint: str) -> str:
        """A version key per alert, watched so a fire and a resolve of one alert never interleave."""
        return f"{self.base}:alert:{fingerprint}"

    def groups_of(self, fingerprint: str) -> str:
        return f"{self.base}:groups-of:{fingerprint}"

    def group(self, key: str) -> str:
        return f"{self.base}:group:{key}"

    @property
    def due(self) -> str:
        """sorted set of work by due time: g:<group> flushes, d:<delivery> sends, e:<fingerprint> escalations."""
        return f"{self.base}:due"

    @property
    def deliveries(self) -> str:
        return f"{self.base}:deliveries"

    def sent(self, delivery_id: str) -> str:
        return f"{self.base}:sent:{delivery_id}"

    @property
    def log(self) -> str:
        """stream: every notification sent or given up, the notification log."""
        return f"{self.base}:log"

    @property
    def escalations(self) -> str:
        return f"{self.base}:escalations"

    @property
    def acks(self) -> str:
        return f"{self.base}:acks"

    @property
    def silences(self) -> str:
        return f"{self.base}:silences"

    def deployed(self, environment: str) -> str:
        """set of the services known to run in the environment (deployed, recorded, or seen answering)."""
        return f"{self.base}:deployed:{environment}"

    def deploying(self, environment: str) -> str:
        """hash service -> the last window in which a deployment changed it (open until its gate ended)."""
        return f"{self.base}:deploying:{environment}"

    def seen(self, event_id: str) -> str:
        return f"{self.base}:seen:{event_id}"

    def pace(self, channel: str) -> str:
        return f"{self.base}:pace:{channel}"

    @property
    def signing_key(self) -> str:
        return f"{self.base}:signing-key"

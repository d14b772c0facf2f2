"""The monitor's own Redis keys. The rollback service, the dashboard and the CLI read the series, the timeline and
the bake windows; only the monitor writes any of them."""

from dataclasses import dataclass

from shared.streams import Keys


@dataclass(frozen=True)
class MonitorKeys:
    base: str

    @classmethod
    def of(cls, keys: Keys) -> "MonitorKeys":
        return cls(f"{keys.prefix}:monitor")

    def series(self, environment: str, service: str) -> str:
        """stream: one entry a closed bucket of probe figures (version, count, errors, error_rate, p50/p95/p99_ms),
        about a day kept. The same key as Keys.monitor_series, which the other services use."""
        return f"{self.base}:metrics:{environment}:{service}"

    def lease(self, target: str) -> str:
        """The replica probing a target ("environment/service") now, for three intervals and a timeout."""
        return f"{self.base}:watch:{target}"

    def health(self, target: str) -> str:
        """A target's health tracker (Tracker JSON): state, counts in a row, recent probes; a day kept."""
        return f"{self.base}:health:{target}"

    @property
    def gates(self) -> str:
        """set: the ids of the open health gates."""
        return f"{self.base}:gates"

    def gate(self, gate_id: str) -> str:
        """An open gate (Gate JSON), changed only by the replica that owns it."""
        return f"{self.base}:gate:{gate_id}"

    def bake(self, environment: str) -> str:
        """hash service -> until (seconds since the epoch): probed at the plan's bake_interval until then."""
        return f"{self.base}:bake:{environment}"

    def detailed(self, environment: str) -> str:
        """hash service -> deployment id: its health.detailed probed too until that deployment ends."""
        return f"{self.base}:detailed:{environment}"

    def timeline(self, deployment_id: str) -> str:
        """stream: a deployment's milestones as the monitor saw them (milestone, service, detail, at); a month kept."""
        return f"{self.base}:timeline:{deployment_id}"

    def deployment(self, deployment_id: str) -> str:
        """What a deployment changes, service -> version (JSON); a week kept."""
        return f"{self.base}:deployment:{deployment_id}"

    def versions(self, environment: str) -> str:
        """hash service -> the version the monitor believes runs, for the {version} of provider queries."""
        return f"{self.base}:versions:{environment}"

    def lighthouse(self, target: str) -> str:
        """hash: a frontend's last Lighthouse scores (version, performance, accessibility)."""
        return f"{self.base}:lighthouse:{target}"

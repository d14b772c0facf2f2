"""The monitor's own Redis keys. The series of probe figures per bucket, which other services read too, is
`Keys.monitor_series` in shared/streams.py."""

from dataclasses import dataclass

from shared.streams import Keys


@dataclass(frozen=True)
class MonitorKeys:
    base: str

    @classmethod
    def of(cls, keys: Keys) -> "MonitorKeys":
        return cls(f"{keys.prefix}:monitor")

    @property
    def gates(self) -> str:
        """set of the ids of health gates open now, for a replica to adopt after another died."""
        return f"{self.base}:gates"

    def gate(self, gate_id: str) -> str:
        """One open gate (JSON): what it waits for and until when."""
        return f"{self.base}:gate:{gate_id}"

    def watch(self, target_key: str) -> str:
        """The lease of the replica that probes a target now: one prober per target."""
        return f"{self.base}:watch:{target_key}"

    def health(self, target_key: str) -> str:
        """A target's health tracker (recent probes, state), for whichever replica probes it next."""
        return f"{self.base}:health:{target_key}"

    def bake(self, environment: str) -> str:
        """hash service -> until (seconds since the epoch): probed at the plan's bake_interval until then."""
        return f"{self.base}:bake:{environment}"

    def detailed(self, environment: str) -> str:
        """hash service -> deployment id: health.detailed is probed too, from bake-started until that deployment
        ends."""
        return f"{self.base}:detailed:{environment}"

    def versions(self, environment: str) -> str:
        """hash service -> version the monitor believes runs there, for the {version} of provider queries."""
        return f"{self.base}:versions:{environment}"

    def deployment(self, deployment_id: str) -> str:
        """hash service -> version: what a deployment changes, kept a week."""
        return f"{self.base}:deployment:{deployment_id}"

    def timeline(self, deployment_id: str) -> str:
        """stream of a deployment's milestones as the monitor saw them (milestone, service, detail, at)."""
        return f"{self.base}:timeline:{deployment_id}"

    def lighthouse(self, target_key: str) -> str:
        """hash of a target's last Lighthouse scores and the version they were measured on."""
        return f"{self.base}:lighthouse:{target_key}"

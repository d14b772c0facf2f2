"""Redis key and stream names, in one place, so every service and tool agrees on them."""

from dataclasses import dataclass

SERVICES = ("coordinator", "monitor", "alerter", "rollback", "dashboard")


@dataclass(frozen=True)
class Keys:
    """Names under one prefix; each service keeps its own state under `state(service)`."""

    prefix: str = "flightdeck"

    @property
    def events(self) -> str:
        """The stream of deployment events every service's group reads, in the order they happened."""
        return f"{self.prefix}:events"

    @property
    def dead_letters(self) -> str:
        return f"{self.prefix}:dead-letter"

    def deployment_log(self, deployment_id: str) -> str:
        """Deploy-command output, line by line, for one deployment."""
        return f"{self.prefix}:log:{deployment_id}"

    def monitor_series(self, environment: str, service: str) -> str:
        """The monitor's probe figures per bucket (version, error rate, latency percentiles): written by the
        monitor, read by the rollback service's canary judge and drift detection, the dashboard and the CLI."""
        return f"{self.prefix}:monitor:metrics:{environment}:{service}"

    def command_lock(self, environment: str, service: str) -> str:
        """Held by whoever runs a command of the service now (deploy, switch, rollback, restart): one at a time."""
        return f"{self.prefix}:command-lock:{environment}:{service}"

    @property
    def maintenance_lock(self) -> str:
        """Held for one maintenance interval by the replica that trims the events stream: one trims at a time."""
        return f"{self.prefix}:maintenance:lock"

    def handled(self, service: str, key: str) -> str:
        return f"{self.prefix}:{service}:handled:{key}"

    def state(self, service: str) -> str:
        return f"{self.prefix}:{service}"

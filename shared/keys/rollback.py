"""The rollback service's own Redis keys. The CLI reads the drift reports and the incidents (never writes them: it
publishes events); the dashboard may read them too. The canary judge keeps nothing of its own: it reads the
monitor's series (`Keys.monitor_series`)."""

from dataclasses import dataclass

from shared.streams import Keys


@dataclass(frozen=True)
class RollbackKeys:
    base: str

    @classmethod
    def of(cls, keys: Keys) -> "RollbackKeys":
        return cls(f"{keys.prefix}:rollback")

    # Who is in flight

    @property
    def inflight(self) -> str:
        """hash environment -> Watch JSON: the deployment in flight there (or the last one, ended, kept for late
        signals), as the rollback service folded it from the events."""
        return f"{self.base}:inflight"

    # The policy

    def findings(self, deployment_id: str) -> str:
        """hash "kind|service|window" -> Finding JSON: what was found about the deployment's new versions."""
        return f"{self.base}:findings:{deployment_id}"

    @property
    def recheck(self) -> str:
        """sorted set of "environment|deployment" by when a held decision is due to be looked at again."""
        return f"{self.base}:recheck"

    def decided(self, deployment_id: str) -> str:
        """string, expiring: the rollback of the deployment was asked for (its summary); set NX, so once."""
        return f"{self.base}:decided:{deployment_id}"

    # Restarts between deployments

    @property
    def restarts(self) -> str:
        return f"{self.base}:restarts"

    def degraded(self, environment: str) -> str:
        """hash service -> id of the health-degraded that began its episode: the services degraded now."""
        return f"{self.restarts}:degraded:{environment}"

    def roots(self, environment: str) -> str:
        """hash service -> its root cause (from its own event, or from its root's `impacted`)."""
        return f"{self.restarts}:roots:{environment}"

    def deferred(self, environment: str) -> str:
        """hash dependent -> the degraded root cause its restart waits for."""
        return f"{self.restarts}:deferred:{environment}"

    def attempts(self, environment: str, service: str) -> str:
        """sorted set of the restart attempts' times (member repr(at), score at), kept a week."""
        return f"{self.restarts}:attempts:{environment}:{service}"

    @property
    def restarts_due(self) -> str:
        """sorted set of restart checks by due time; members are JSON [environment, service] (leased while a
        replica works on one)."""
        return f"{self.restarts}:due"

    # Drift

    def desired(self, environment: str) -> str:
        """hash service -> Desired JSON (version, desired_by, at): what Flightdeck last made it run."""
        return f"{self.base}:desired:{environment}"

    @property
    def drift_environments(self) -> str:
        """set of the environments with a desired version: what a drift scan walks."""
        return f"{self.base}:drift:environments"

    def drift_reported(self, environment: str) -> str:
        """hash service -> {"desired", "reported", "event_id"} JSON: the drift already reported (once per pair)."""
        return f"{self.base}:drift:reported:{environment}"

    @property
    def drift_lock(self) -> str:
        """One replica scans for drift at a time (a lock released by its holder, expiring should it die)."""
        return f"{self.base}:drift:lock"

    # Incidents

    @property
    def incidents(self) -> str:
        """sorted set of incident ids by detection time (epoch seconds): the index, newest last."""
        return f"{self.base}:incidents"

    def incident(self, incident_id: str) -> str:
        """string: the Incident JSON (status, outcome, timeline, times to detect and recover)."""
        return f"{self.base}:incident:{incident_id}"

    @property
    def incidents_settling(self) -> str:
        """sorted set of incident ids by when to close one whose deployment failed and started no rollback."""
        return f"{self.base}:incidents:settling"

    def incident_evidence(self, deployment_id: str) -> str:
        """list of TimelineEntry JSON, expiring: what a deployment's events said before an incident opened."""
        return f"{self.base}:incident-evidence:{deployment_id}"

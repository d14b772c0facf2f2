"""The coordinator's own Redis keys. The CLI reads the snapshots and the history (never writes them: it publishes
events); the dashboard may read them too. Command output is in shared/streams.py (`Keys.deployment_log`)."""

from dataclasses import dataclass

from shared.streams import Keys


@dataclass(frozen=True)
class CoordinatorKeys:
    base: str

    @classmethod
    def of(cls, keys: Keys) -> "CoordinatorKeys":
        return cls(f"{keys.prefix}:coordinator")

    def deployment(self, deployment_id: str) -> str:
        """hash: the deployment's snapshot (Deployment: phase, services' steps, rollback) as a document
        (shared/documents/layout.py: one entry per service's spec and progress), of which every transition rewrites
        what it changed; a string of Deployment JSON where an earlier release wrote it last. Read it with
        shared/documents/reading.py (shared/reads/snapshots.py), whatever its layout."""
        return f"{self.base}:deployment:{deployment_id}"

    def environment(self, name: str) -> str:
        """hash: the environment's state (EnvironmentState: the active deployment, the queue, what runs, one entry
        per service) as a document, like `deployment`; a string of its JSON where an earlier release wrote it."""
        return f"{self.base}:env:{name}"

    def history(self, environment: str) -> str:
        """sorted set: the environment's deployment ids by creation time (`flightdeck history`)."""
        return f"{self.base}:history:{environment}"

    @property
    def timers(self) -> str:
        """sorted set of timers by due time (bake windows, gate and verification timeouts); members are JSON
        {"d": deployment, "k": kind, "s": service}."""
        return f"{self.base}:timers"

    def handled(self, event_id: str) -> str:
        """string, expiring: the event was applied (set in the transaction that applied it), so a redelivery is a
        no-op."""
        return f"{self.base}:handled:{event_id}"

    @property
    def jobs(self) -> str:
        """The prefix of the command job queue's keys (see services/coordinator/execution/jobs_lua.py)."""
        return f"{self.base}:jobs"

    @property
    def jobs_due(self) -> str:
        """sorted set of job ids by claimable-at time in ms (enqueue time while queued, lease expiry while
        running)."""
        return f"{self.jobs}:due"

    @property
    def jobs_wake(self) -> str:
        """list: one token per enqueued job, for runners blocked in BLPOP."""
        return f"{self.jobs}:wake"

    @property
    def job_prefix(self) -> str:
        """What every job hash's name starts with (the claim script builds names from it)."""
        return f"{self.jobs}:job:"

    def job(self, job_id: str) -> str:
        """hash: the job (JSON), status (queued|running|done|cancelled), attempt, owner, cancel, outcome, times."""
        return self.job_prefix + job_id

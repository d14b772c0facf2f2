"""The dashboard's read model in Redis: what it folded from the events, and the indexes its lists and filters
run on. Only the dashboard writes here; it can be thrown away and rebuilt from the events stream."""

from dataclasses import dataclass, field

from shared.streams import Keys


@dataclass(frozen=True)
class DashboardKeys:
    base: str
    streams: Keys = field(default_factory=Keys)  # where the events stream and the command logs are

    @classmethod
    def of(cls, keys: Keys) -> "DashboardKeys":
        return cls(f"{keys.prefix}:dashboard:rm", keys)

    def deployment(self, deployment_id: str) -> str:
        """string: the deployment's view (DeploymentView JSON)."""
        return f"{self.base}:deployment:{deployment_id}"

    def timeline(self, deployment_id: str) -> str:
        """sorted set: the deployment's events (their JSON) by when they happened, in ms; capped."""
        return f"{self.base}:timeline:{deployment_id}"

    @property
    def deployments(self) -> str:
        """sorted set: every deployment id by creation time in ms, the history's order."""
        return f"{self.base}:deployments"

    def index(self, field: str, value: str) -> str:
        """sorted set: the ids of the deployments whose `field` (environment, service, status, who) is `value`, by
        creation time in ms, so a filtered list is an intersection on the server."""
        return f"{self.base}:by:{field}:{value}"

    def services(self, environment: str) -> str:
        """hash service -> ServiceView JSON: each service as it stands in the environment."""
        return f"{self.base}:services:{environment}"

    @property
    def environments(self) -> str:
        """set: the environments that have a services hash."""
        return f"{self.base}:environments"

    @property
    def in_flight(self) -> str:
        """set: the ids of the deployments that have not ended; search reads their logs as they are so far."""
        return f"{self.base}:in-flight"

    @property
    def seqs(self) -> str:
        """hash deployment id -> its number in the search index (given the first time a deployment is indexed)."""
        return f"{self.base}:seq:by-id"

    @property
    def seq_ids(self) -> str:
        """hash number -> deployment id, the other way round."""
        return f"{self.base}:seq:ids"

    @property
    def seq_counter(self) -> str:
        """string: the last number given to a deployment."""
        return f"{self.base}:seq:last"

    def postings(self, bucket: int) -> str:
        """hash term -> "n,n,...": the numbers of the few deployments that have each of its terms (the terms whose
        CRC-32 falls in `bucket`; services/dashboard/domain/search.py)."""
        return f"{self.base}:post:{bucket}"

    def term(self, term: str) -> str:
        """set of the numbers of the deployments whose texts or log have `term`, once more than a few do."""
        return f"{self.base}:term:{term}"

    def term_bits(self, term: str) -> str:
        """bitmap, bit n set when deployment n has `term`, once many do (the set is then gone)."""
        return f"{self.base}:bits:{term}"

    @property
    def silences(self) -> str:
        """hash silence id -> SilenceView JSON, folded from silence-created and silence-expired."""
        return f"{self.base}:silences"

    @property
    def alert_activity(self) -> str:
        """hash fingerprint -> AlertActivity JSON: acknowledgements and escalations, folded from their events."""
        return f"{self.base}:alert-activity"

    @property
    def built(self) -> str:
        """string: set once the read model holds everything on the events stream; gone (a new Redis, a flush, an
        operator's cleanup) means it must be rebuilt from the stream."""
        return f"{self.base}:built"

    def scratch(self, name: str) -> str:
        """sorted set, expiring within seconds: an intersection of indexes made for one query."""
        return f"{self.base}:scratch:{name}"

    def digest(self, period_key: str) -> str:
        """string: "claimed" while a replica composes a digest of this period, then "sent". Outside the read model's
        keys, so rebuilding the model never sends a digest again."""
        return f"{self.streams.prefix}:dashboard:digest:{period_key}"

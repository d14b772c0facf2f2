"""The dashboard's read model in Redis: what it folded from the events, and the indexes its lists and filters
run on. Only the dashboard writes here; it can be thrown away and rebuilt from the events stream."""

from dataclasses import dataclass

from shared.streams import Keys


@dataclass(frozen=True)
class DashboardKeys:
    base: str

    @classmethod
    def of(cls, keys: Keys) -> "DashboardKeys":
        return cls(f"{keys.prefix}:dashboard:rm")

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
    def built(self) -> str:
        """string: set once the read model holds everything on the events stream; gone (a new Redis, a flush, an
        operator's cleanup) means it must be rebuilt from the stream."""
        return f"{self.base}:built"

    def scratch(self, name: str) -> str:
        """sorted set, expiring within seconds: an intersection of indexes made for one query."""
        return f"{self.base}:scratch:{name}"

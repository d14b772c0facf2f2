"""The plan file as a whole: format version, environments, services, defaults, alerting and integration checks."""

from typing import Any, Literal

from pydantic import Field, PositiveInt, model_validator

from shared.plan.alerting import Alerting
from shared.plan.services import Service, ServiceSettings
from shared.plan.smoke import IntegrationCheck
from shared.plan.types import Name, StrictModel, Text, VariableName

PLAN_VERSION = 1


class Environment(StrictModel):
    """Where a deployment goes. defaults apply to every service here; services.<name> overrides one service."""

    variables: dict[VariableName, Text] = {}
    approval_required: bool = False
    production: bool | None = None  # alerts here are more severe; unset: true for production, prod and prod-*
    max_parallelism: PositiveInt | None = None
    defaults: ServiceSettings = ServiceSettings()
    services: dict[str, ServiceSettings] = {}

    @model_validator(mode="before")
    @classmethod
    def _nothing_to_change(cls, value: Any) -> Any:
        """`staging:` with nothing under it is an environment that changes nothing."""
        return {} if value is None else value


def is_production(name: str, environment: Environment | None) -> bool:
    if environment is not None and environment.production is not None:
        return environment.production
    return name in ("production", "prod") or name.startswith(("prod-", "production-"))


class Plan(StrictModel):
    version: Literal[1]
    max_parallelism: PositiveInt | None = None
    defaults: ServiceSettings = ServiceSettings()
    environments: dict[Name, Environment]
    services: dict[Name, Service]
    alerting: Alerting = Alerting()
    integration: list[IntegrationCheck] = Field([], description="cross-service checks run after every service is up")

    def dependency_graph(self) -> dict[str, list[str]]:
        """Each service and the services it depends on, in file order."""
        return {name: list(service.depends_on) for name, service in self.services.items()}

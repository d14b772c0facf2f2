"""The effective plan for one environment: plan defaults, then environment defaults, then the service, then the
environment's override of that service, each layer changing only what it sets. Pure: no I/O.
"""

from typing import TypeVar

from pydantic import BaseModel

from shared.plan.alerting import Alerting
from shared.plan.errors import unknown
from shared.plan.model import Environment, Plan
from shared.plan.secrets import substitute
from shared.plan.services import Service, ServiceSettings
from shared.plan.waves import dependency_waves, rollback_waves

M = TypeVar("M", bound=BaseModel)


class UnknownEnvironmentError(LookupError):
    def __init__(self, environment: str, known: list[str]) -> None:
        self.environment = environment
        super().__init__(unknown(f"no environment '{environment}' in the plan", environment, known, "environments"))

    def __str__(self) -> str:  # LookupError would quote the message
        return str(self.args[0])


class ResolvedPlan(BaseModel):
    """What one environment gets: services with every layer applied and its variables filled in."""

    environment: str
    approval_required: bool
    variables: dict[str, str]
    max_parallelism: int | None
    services: dict[str, Service]
    waves: list[list[str]]
    alerting: Alerting

    @property
    def rollback_waves(self) -> list[list[str]]:
        return rollback_waves(self.waves)


def overlay(base: M, layer: BaseModel) -> M:
    """base with what layer sets: nested sections merge field by field; lists and values replace."""
    updates = {}
    for name in layer.model_fields_set & set(type(base).model_fields):
        value, current = getattr(layer, name), getattr(base, name)
        if isinstance(value, BaseModel) and type(value) is type(current):
            value = overlay(current, value)
        updates[name] = value
    return base.model_copy(update=updates) if updates else base


def environment_of(plan: Plan, environment: str) -> Environment:
    if environment not in plan.environments:
        raise UnknownEnvironmentError(environment, list(plan.environments))
    return plan.environments[environment]


def effective_service(plan: Plan, environment: str, name: str) -> Service:
    """One service as it deploys in environment; ${NAME} of the environment's variables are filled in."""
    settings = environment_of(plan, environment)
    layers: list[BaseModel] = [plan.defaults, settings.defaults, plan.services[name]]
    if name in settings.services:
        layers.append(settings.services[name])
    merged = ServiceSettings()
    for layer in layers:
        merged = overlay(merged, layer)
    service = plan.services[name].model_copy(
        update={field: getattr(merged, field) for field in ServiceSettings.model_fields}
    )
    return substitute(service, settings.variables.get)


def resolve_for_environment(plan: Plan, environment: str) -> ResolvedPlan:
    """Raises UnknownEnvironmentError, or CycleError for a plan that was not validated."""
    settings = environment_of(plan, environment)
    max_parallelism = settings.max_parallelism or plan.max_parallelism
    return ResolvedPlan(
        environment=environment,
        approval_required=settings.approval_required,
        variables=dict(settings.variables),
        max_parallelism=max_parallelism,
        services={name: effective_service(plan, environment, name) for name in plan.services},
        waves=dependency_waves(plan.dependency_graph(), max_parallelism),
        alerting=plan.alerting,
    )

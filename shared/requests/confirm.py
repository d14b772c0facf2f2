"""Production needs a confirmation: the environment's name, typed (the CLI asks it; the API's requests carry it
as `confirm`). Which environments are production is the plan's word (`production: true`), else the name's."""

from shared.plan.model import Environment, is_production

from .errors import RequestError


def check_confirmation(environment: str, plan_environment: Environment | None, confirm: str | None) -> None:
    if is_production(environment, plan_environment) and confirm != environment:
        raise RequestError("confirm", f"{environment} is production: set confirm to {environment!r} to go ahead")

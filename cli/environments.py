"""Which environments exist: the plan's, and only those. Status and history list them; a name the plan does not
have is an error that names the ones it has (exit 64), before anything is read or published."""

import sys

from shared.plan.errors import PlanError, unknown

from .transport import Transport

USAGE = 64
NO_PLAN = (
    "no plan has been applied yet: run `flightdeck plan apply flightdeck.yaml` (or, in development, set "
    "FLIGHTDECK_PLAN_FILE to the file the services read)"
)


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def not_in_plan(environment: str, known: list[str]) -> str:
    return unknown(f"no environment '{environment}' in the plan", environment, known, "environments")


async def chosen(t: Transport, asked: str | None) -> list[str] | int:
    """The environment asked for (or every one of the plan), else the exit code after saying what is wrong."""
    try:
        known = await t.environments()
    except PlanError as error:
        return _fail(f"the current plan does not load:\n{error}", 1)
    if known is None:
        return _fail(NO_PLAN, 1)
    if asked is None:
        return known
    return [asked] if asked in known else _fail(not_in_plan(asked, known), USAGE)


async def refused(t: Transport, environment: str) -> int | None:
    """For an action: the exit code when the plan has no such environment; None to go ahead (also when no plan
    can be read: the coordinator then answers the request itself)."""
    try:
        known = await t.environments()
    except PlanError:
        return None
    if known is None or environment in known:
        return None
    return _fail(not_in_plan(environment, known), USAGE)

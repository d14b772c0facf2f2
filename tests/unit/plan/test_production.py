"""Which environments are production: one rule (shared.plan.model.is_production), the plan's `production:` flag
first, the name only where the plan says nothing. The API's confirmation (shared/requests/confirm.py) follows it;
the CLI asks it through its transport (cli/redis_transport.py, or the dashboard's plan rows over HTTP)."""

import pytest

from shared.plan.model import Environment, is_production
from shared.requests.confirm import check_confirmation
from shared.requests.errors import RequestError


@pytest.mark.parametrize(
    ("name", "flag", "production"),
    [
        ("production", None, True),
        ("prod", None, True),
        ("prod-eu", None, True),
        ("production-us", None, True),
        ("staging", None, False),
        ("preprod", None, False),
        ("production", False, False),  # the plan says it is not: a sandbox that happens to be called so
        ("prod", False, False),
        ("live", True, True),  # the plan says it is, whatever its name
        ("staging", True, True),
        ("prod", True, True),
    ],
)
def test_the_plans_flag_wins_over_the_name(name: str, flag: bool | None, production: bool) -> None:
    assert is_production(name, Environment(production=flag)) is production
    if flag is None:
        assert is_production(name, None) is production  # no plan environment: the name alone


@pytest.mark.parametrize(("name", "flag"), [("live", True), ("production", False), ("prod", None), ("dev", None)])
def test_the_apis_confirmation_asks_for_exactly_those(name: str, flag: bool | None) -> None:
    environment = Environment(production=flag)
    check_confirmation(name, environment, name)  # the name typed always goes ahead
    if is_production(name, environment):
        with pytest.raises(RequestError, match=f"{name} is production"):
            check_confirmation(name, environment, None)
    else:
        check_confirmation(name, environment, None)

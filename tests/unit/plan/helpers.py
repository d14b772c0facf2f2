"""Plans for tests: a small valid plan as data that each test changes, and the problems a text produces."""

from typing import Any

import yaml

from shared.plan import Plan, PlanError, parse_plan


def base() -> dict[str, Any]:
    return {
        "version": 1,
        "environments": {"staging": {}, "production": {"approval_required": True}},
        "services": {
            "api": {
                "deploy": ["./deploy.sh", "{service}", "{version}"],
                "health": {"ready": "https://api.example/health/ready"},
            },
        },
    }


def with_services(**services: dict[str, Any]) -> dict[str, Any]:
    data = base()
    data["services"] = {name: {"kind": "job", "deploy": ["./run.sh", name]} | spec for name, spec in services.items()}
    return data


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False)


def parsed(data: dict[str, Any]) -> Plan:
    return parse_plan(dump(data))


def problems(text: str | dict[str, Any]) -> list[str]:
    """Each problem as "path: message"; fails the test when the plan is valid."""
    try:
        parse_plan(text if isinstance(text, str) else dump(text))
    except PlanError as error:
        return [f"{problem.path}: {problem.message}" if problem.path else problem.message for problem in error.problems]
    raise AssertionError("the plan was valid")

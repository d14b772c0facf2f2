"""What the monitor watches from a plan, and what it cannot watch, with what is wrong and what to do about it."""

from typing import Any

from services.monitor.targets import Unwatched, unwatched_in, watchlist
from shared.plan import Plan, Problem


def plan(**health: Any) -> Plan:
    return Plan.model_validate(
        {
            "version": 1,
            "environments": {"staging": {"variables": {"HOST": "127.0.0.1"}}},
            "services": {
                "db": {"deploy": ["./d.sh"], "health": {"ready": "http://${HOST}:1/db/health/ready"}},
                "api": {"deploy": ["./d.sh"], "health": health},
            },
        }
    )


def test_a_misspelled_variable_leaves_a_service_unwatched_and_says_so() -> None:
    """Issue 12: ${HSOT} in a health URL made the monitor stop watching api without a word."""
    found = watchlist(plan(ready="http://${HSOT}:8080/api/health/ready"))
    assert [t.service for t in found.targets] == ["db"]
    assert found.unwatched == [
        Unwatched(
            "staging",
            "api",
            "health.ready",
            "${HSOT} is not a variable of environment staging; did you mean ${HOST}? Define it under "
            "environments.staging.variables, or correct the name",
        )
    ]


def test_a_bad_detailed_url_is_reported_and_ready_is_still_watched() -> None:
    found = watchlist(plan(ready="http://${HOST}:2/api/health/ready", detailed="http://${NOPE}/api/health/detailed"))
    api = next(t for t in found.targets if t.service == "api")
    assert api.url == "http://127.0.0.1:2/api/health/ready" and api.detailed_url is None
    assert [(u.field, u.problem.split(";")[0]) for u in found.unwatched] == [
        (
            "health.detailed",
            "${NOPE} is not a variable of environment staging. Define it under "
            "environments.staging.variables, or correct the name",
        )
    ]


def test_a_placeholder_only_a_deployment_knows_is_explained() -> None:
    found = watchlist(plan(ready="http://127.0.0.1:2/{version}/health/ready"))
    assert [(u.service, u.field) for u in found.unwatched] == [("api", "health.ready")]
    assert found.unwatched[0].problem.startswith("{version} is used but has no value")
    assert "watching fills in only {service} and {environment}" in found.unwatched[0].problem


def test_resolvable_urls_are_watched_with_their_detailed_endpoint() -> None:
    found = watchlist(plan(ready="http://${HOST}:2/api/health/ready", detailed="http://${HOST}:2/api/health/detailed"))
    assert found.unwatched == []
    assert {t.service: t.detailed_url for t in found.targets} == {
        "db": None,
        "api": "http://127.0.0.1:2/api/health/detailed",
    }


def test_the_health_problems_of_a_plan_that_does_not_load_are_named_by_service_and_field() -> None:
    problems = [
        Problem("services.api.health.ready", "${HSOT} is not a variable of environment staging", 7),
        Problem("environments.prod.services.web.health.detailed", "${NOPE} is not a variable of environment prod"),
        Problem("services.api.deploy", "there is no deploy command"),
    ]
    assert unwatched_in(problems) == [
        Unwatched("", "api", "health.ready", "${HSOT} is not a variable of environment staging"),
        Unwatched("prod", "web", "health.detailed", "${NOPE} is not a variable of environment prod"),
    ]

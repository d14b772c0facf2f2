"""health.metrics (a Prometheus server's queries) and health.lighthouse (a frontend's audit) in the plan file."""

from typing import Any

import pytest

from shared.plan import resolve_for_environment
from tests.unit.plan.helpers import base, parsed, problems

ERROR_RATE = 'sum(rate(http_requests_total{status=~"5..",version="{version}"}[5m])) / sum(rate(x{{job="api"}}[5m]))'


def with_health(**health: object) -> dict[str, Any]:
    data = base()
    data["services"]["api"]["health"] |= health
    return data


def test_both_are_optional_so_existing_plans_stay_valid() -> None:
    health = parsed(base()).services["api"].health
    assert health.metrics is None and health.lighthouse is None


def test_a_prometheus_provider_keeps_its_queries_and_an_audit_its_minimums() -> None:
    data = with_health(
        metrics={"prometheus": {"url": "http://prometheus:9090", "error_rate": ERROR_RATE, "latency_p95": "0.2"}},
        lighthouse={"url": "https://www.example/", "min_performance": 80, "min_accessibility": 0, "timeout": "90s"},
    )
    data["services"]["api"]["kind"] = "frontend"
    health = parsed(data).services["api"].health
    assert health.metrics is not None and health.lighthouse is not None
    prometheus = health.metrics.prometheus
    assert (prometheus.url, prometheus.error_rate, prometheus.latency_p95, prometheus.latency_p99) == (
        "http://prometheus:9090",
        ERROR_RATE,
        "0.2",
        None,
    )
    assert health.lighthouse.model_dump() == {
        "url": "https://www.example/",
        "min_performance": 80,
        "min_accessibility": 0,
        "timeout": 90.0,
    }


def test_the_audit_timeout_defaults_to_two_minutes() -> None:
    health = parsed(with_health(lighthouse={"url": "https://www.example/"})).services["api"].health
    assert health.lighthouse is not None and health.lighthouse.timeout == 120.0
    assert health.lighthouse.min_performance is None and health.lighthouse.min_accessibility is None


def test_typos_get_a_did_you_mean_hint() -> None:
    data = with_health(
        metrics={"promethus": {"url": "http://p:9090", "error_rate": "1"}},
        lighthouse={"url": "https://www.example/", "min_acessibility": 90},
        lighthous={},
    )
    assert problems(data) == [
        "services.api.health.metrics.prometheus: 'prometheus' is required here",
        "services.api.health.metrics.promethus: unknown key 'promethus'; did you mean 'prometheus'?",
        "services.api.health.lighthouse.min_acessibility: unknown key 'min_acessibility'; "
        "did you mean 'min_accessibility'?",
        "services.api.health.lighthous: unknown key 'lighthous'; did you mean 'lighthouse'?",
    ]


def test_prometheus_needs_a_url_and_an_error_rate_query() -> None:
    data = with_health(metrics={"prometheus": {"url": "prometheus:9090", "latency_p99": "", "latency_p95": 5}})
    assert problems(data) == [  # in the order of the file; what is missing, where its section starts
        "services.api.health.metrics.prometheus.error_rate: 'error_rate' is required here",
        "services.api.health.metrics.prometheus.url: must be an http:// or https:// URL "
        "(or start with a ${VARIABLE} holding one)",
        "services.api.health.metrics.prometheus.latency_p99: must not be empty: write a PromQL query",
        "services.api.health.metrics.prometheus.latency_p95: must be a PromQL query, written as text",
    ]


def test_a_brace_that_is_not_a_placeholder_must_be_doubled() -> None:
    data = with_health(metrics={"prometheus": {"url": "http://p:9090", "error_rate": 'rate(x{code="500"}[5m])'}})
    [problem] = problems(data)
    assert problem.startswith(
        'services.api.health.metrics.prometheus.error_rate: {code="500"} is not a placeholder; the placeholders are'
    )
    assert problem.endswith("(write {{ and }} for a literal brace)")


@pytest.mark.parametrize(
    ("score", "message"),
    [
        (101, "a Lighthouse score goes from 0 to 100, not 101"),
        (-1, "a Lighthouse score goes from 0 to 100, not -1"),
        (0.9, "must be a whole number"),
        ("high", "must be a whole number"),
        (True, "must be a whole number from 0 to 100"),
    ],
)
def test_a_minimum_score_is_a_whole_number_from_0_to_100(score: object, message: str) -> None:
    data = with_health(lighthouse={"url": "https://www.example/", "min_performance": score})
    assert problems(data) == [f"services.api.health.lighthouse.min_performance: {message}"]


def test_the_audit_needs_a_url_and_a_timeout_longer_than_zero() -> None:
    assert problems(with_health(lighthouse={"timeout": "0s"})) == [
        "services.api.health.lighthouse.url: 'url' is required here",
        "services.api.health.lighthouse.timeout: must be longer than zero",
    ]


def test_an_environment_overrides_the_audit_and_fills_in_its_variables() -> None:
    data = with_health(
        metrics={"prometheus": {"url": "${PROMETHEUS_URL}", "error_rate": ERROR_RATE}},
        lighthouse={"url": "https://${HOST}/", "min_performance": 50},
    )
    data["environments"]["production"] |= {
        "variables": {"PROMETHEUS_URL": "http://prometheus.prod:9090", "HOST": "www.example"},
        # an override is a whole section: its url is required there too
        "services": {"api": {"health": {"lighthouse": {"url": "https://${HOST}/", "min_performance": 90}}}},
    }
    data["environments"]["staging"] = {"variables": {"PROMETHEUS_URL": "http://prometheus.stg:9090", "HOST": "stg"}}
    production = resolve_for_environment(parsed(data), "production").services["api"].health
    staging = resolve_for_environment(parsed(data), "staging").services["api"].health
    assert production.metrics is not None and production.lighthouse is not None and staging.lighthouse is not None
    assert production.metrics.prometheus.url == "http://prometheus.prod:9090"
    assert production.metrics.prometheus.error_rate == ERROR_RATE
    assert (production.lighthouse.url, production.lighthouse.min_performance) == ("https://www.example/", 90)
    assert (staging.lighthouse.url, staging.lighthouse.min_performance) == ("https://stg/", 50)

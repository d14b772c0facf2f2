"""The Prometheus provider against a real Prometheus scraping a real target (tests/support/prometheus.py).

The target records a fixed batch of traffic per version at every scrape, so the figures are exact, whatever the
timing: v1 fails 1 request in 100, v2 5 in 100; v2's latencies put 90 % in the (0.05, 0.1] bucket and 10 % in
(0.25, 0.5], so its p95 interpolates to 0.25 + 0.25 x (95 - 90) / 10 = 0.375 s and its p99 to 0.475 s.
"""

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from pytest import approx

from services.monitor.providers import PrometheusProvider, ProviderError
from shared.plan.health import Prometheus
from shared.redis_process import free_port
from tests.support.prometheus import MetricsTarget, metrics_target, prometheus_server

pytestmark = pytest.mark.integration

ERROR_RATE = (
    'sum(rate(app_requests_total{status="500",version="{version}"}[1m]))'
    ' / sum(rate(app_requests_total{version="{version}"}[1m]))'
)
P95 = 'histogram_quantile(0.95, sum by (le) (rate(app_request_duration_seconds_bucket{version="{version}"}[1m])))'
P99 = P95.replace("0.95", "0.99")


@pytest.fixture(scope="module")
def target() -> Iterator[MetricsTarget]:
    with metrics_target() as served:
        yield served


@pytest.fixture(scope="module")
def prometheus_url(target: MetricsTarget) -> Iterator[str]:
    with prometheus_server(target.address) as url:
        yield url


@pytest.fixture
async def provider(prometheus_url: str) -> AsyncIterator[PrometheusProvider]:
    async with httpx.AsyncClient() as http:
        provider = PrometheusProvider(http, prometheus_url)
        # a rate needs two samples in its window: the fixture waited for the first scrape, this waits for a second
        for _ in range(100):
            if await provider.query('count_over_time(up{job="app"}[1m]) >= 2') is not None:
                break
            await asyncio.sleep(0.1)
        yield provider


def config(**queries: str) -> Prometheus:
    return Prometheus(url="http://127.0.0.1:9090", **{"error_rate": ERROR_RATE, **queries})


async def test_figures_of_each_version_are_what_the_target_served(provider: PrometheusProvider) -> None:
    plan = config(latency_p95=P95, latency_p99=P99)
    v2 = await provider.figures(plan, {"service": "api", "version": "v2", "environment": "staging"})
    v1 = await provider.figures(plan, {"service": "api", "version": "v1", "environment": "staging"})
    assert v2 == {"error_rate": approx(0.05), "latency_p95_ms": approx(375.0), "latency_p99_ms": approx(475.0)}
    # v1: half at 0.02 s, half at 0.08 s, so p95 = 0.05 + 0.05 x (95 - 50) / 50 = 0.095 s
    assert v1 == {"error_rate": approx(0.01), "latency_p95_ms": approx(95.0), "latency_p99_ms": approx(99.0)}


async def test_a_scalar_and_a_single_sample_vector_are_numbers(provider: PrometheusProvider) -> None:
    assert await provider.query("scalar(sum(up))") == 1.0
    assert await provider.query("vector(0.25)") == 0.25
    assert await provider.query('sum(app_requests_total{version="v2",status="500"}) > 0') is not None


async def test_a_query_the_plan_leaves_out_and_a_series_that_does_not_exist_are_none(
    provider: PrometheusProvider,
) -> None:
    figures = await provider.figures(config(), {"version": "v9"})  # no such version: empty vectors
    assert figures == {"error_rate": None, "latency_p95_ms": None, "latency_p99_ms": None}
    assert await provider.query('app_requests_total{version="v9"}') is None


async def test_no_traffic_is_none_not_nan(provider: PrometheusProvider) -> None:
    assert await provider.query("rate(app_idle_total[1m]) / rate(app_idle_total[1m])") is None


async def test_bad_promql_raises_with_prometheus_own_message(provider: PrometheusProvider) -> None:
    with pytest.raises(ProviderError) as raised:
        await provider.query("sum(rate(app_requests_total[1m])")
    message = str(raised.value)
    assert "sum(rate(app_requests_total[1m])" in message
    assert "bad_data" in message and "unclosed left parenthesis" in message


async def test_a_query_must_come_down_to_one_number(provider: PrometheusProvider) -> None:
    with pytest.raises(ProviderError, match=r"gave 4 series .*aggregate them to one"):
        await provider.query("app_requests_total")
    with pytest.raises(ProviderError, match="gave a range vector"):
        await provider.query("app_requests_total[1m]")


async def test_a_placeholder_without_a_value_names_the_query(provider: PrometheusProvider) -> None:
    with pytest.raises(ProviderError, match=r"error_rate cannot be filled in: \{version\} is used but has no value"):
        await provider.figures(config(), {"service": "api"})


async def test_a_server_that_is_not_prometheus_or_is_gone_never_shows_credentials(target: MetricsTarget) -> None:
    async with httpx.AsyncClient() as http:
        not_prometheus = PrometheusProvider(http, f"http://ops:s3cret@{target.address}/?token=t0ken")
        with pytest.raises(ProviderError, match=r"HTTP 501 from http://127\.0\.0\.1:\d+/, not Prometheus' JSON") as one:
            await not_prometheus.query("up")
        gone = PrometheusProvider(http, f"https://ops:s3cret@127.0.0.1:{free_port()}/prometheus", timeout=2)
        with pytest.raises(ProviderError, match=r"cannot reach https://127\.0\.0\.1:\d+/prometheus") as two:
            await gone.query("up")
    for raised in (one, two):
        assert "s3cret" not in str(raised.value) and "t0ken" not in str(raised.value)
        assert raised.value.__cause__ is None  # httpx's error, which carries the URL, is not chained either
    assert two.value.__suppress_context__

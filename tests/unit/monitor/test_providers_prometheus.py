"""The Prometheus provider's own logic: URLs in messages, and answers a healthy Prometheus seldom gives.

Everything a real Prometheus says is tested against one in tests/integration/monitor/test_providers_prometheus.py;
here an httpx transport stands in only for answers that are hard to make a real server give.
"""

import json
from typing import Any

import httpx
import pytest

from services.monitor.providers import PrometheusProvider, ProviderError
from services.monitor.providers.errors import redact
from shared.plan.health import Prometheus


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://ops:s3cret@prometheus.example:9090/api?token=t0ken#x", "https://prometheus.example:9090/api"),
        ("http://prometheus:9090", "http://prometheus:9090"),
        ("http://[::1]:9090/", "http://[::1]:9090/"),
        ("http://host:notaport/", "(an unparsable URL)"),
    ],
)
def test_a_url_in_a_message_has_no_credentials(url: str, shown: str) -> None:
    assert redact(url) == shown


def test_a_provider_error_reads_as_one_sentence() -> None:
    error = ProviderError("prometheus", "Prometheus answered bad_data: parse error", "query 'sum('")
    assert str(error) == "prometheus query 'sum(': Prometheus answered bad_data: parse error"
    assert (error.provider, error.subject) == ("prometheus", "query 'sum('")


def provider_answering(body: Any, status: int = 200) -> PrometheusProvider:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST" and request.url.path == "/prom/api/v1/query"
        return httpx.Response(status, content=json.dumps(body).encode())

    return PrometheusProvider(httpx.AsyncClient(transport=httpx.MockTransport(answer)), "http://p:9090/prom/")


def success(kind: str, result: Any) -> dict[str, Any]:
    return {"status": "success", "data": {"resultType": kind, "result": result}}


async def test_infinity_is_a_number_and_nan_is_none() -> None:
    assert await provider_answering(success("scalar", [1.0, "+Inf"])).query("x") == float("inf")
    assert await provider_answering(success("vector", [{"metric": {}, "value": [1.0, "NaN"]}])).query("x") is None


async def test_an_answer_that_is_not_one_number_says_what_it_was() -> None:
    with pytest.raises(ProviderError, match=r"prometheus query 'x': gave a string result, not a number"):
        await provider_answering(success("string", [1.0, "hello"])).query("x")
    with pytest.raises(ProviderError, match=r"gave a sample that is not a number: \[1\.0, 'many'\]"):
        await provider_answering(success("vector", [{"metric": {}, "value": [1.0, "many"]}])).query("x")
    with pytest.raises(ProviderError, match=r"HTTP 200 from http://p:9090/prom/, not Prometheus' JSON: \{\"surprise"):
        await provider_answering({"surprise": True}).query("x")
    with pytest.raises(ProviderError, match=r"HTTP 502 from http://p:9090/prom/, not Prometheus' JSON: \[\]"):
        await provider_answering([], status=502).query("x")


async def test_figures_convert_latency_seconds_to_milliseconds() -> None:
    provider = provider_answering(success("scalar", [1.0, "0.25"]))
    config = Prometheus(url="http://p:9090", error_rate="e", latency_p99="l")
    assert await provider.figures(config, {}) == {"error_rate": 0.25, "latency_p95_ms": None, "latency_p99_ms": 250.0}


def test_the_url_of_the_plan_is_filled_in() -> None:
    config = Prometheus(url="https://${PROM_HOST}/{environment}", error_rate="e")
    http = httpx.AsyncClient()
    provider = PrometheusProvider.for_plan(http, config, {"environment": "prod"}, {"PROM_HOST": "prom.example"})
    assert provider._endpoint == "https://prom.example/prod/api/v1/query"
    with pytest.raises(ProviderError, match=r"its url cannot be filled in: \$\{PROM_HOST\} is used but the variable"):
        PrometheusProvider.for_plan(http, config, {"environment": "prod"}, {})

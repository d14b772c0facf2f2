"""Figures of a version from the team's Prometheus: instant PromQL queries over the HTTP API (/api/v1/query).

Conventions of the plan's queries: error_rate returns a fraction (0.02 is 2 %); latency_p95 and latency_p99 return
seconds, as Prometheus histograms do, and come back here in milliseconds. A query must come down to one number: a
scalar or a vector of one sample. An empty vector (no such series yet) is None, and so is NaN (0/0: no traffic).
"""

import asyncio
import json
import math
from collections.abc import Mapping
from typing import Any

import httpx

from services.monitor.providers.errors import ProviderError, redact
from shared.plan.health import Prometheus
from shared.plan.placeholders import RenderError, render

Figures = dict[str, float | None]

# figure -> (field of the plan's queries, factor from what the query returns)
FIGURES = {
    "error_rate": ("error_rate", 1.0),
    "latency_p95_ms": ("latency_p95", 1000.0),
    "latency_p99_ms": ("latency_p99", 1000.0),
}


class PrometheusProvider:
    """Queries one Prometheus server; the client is shared (connection reuse) and stays the caller's to close."""

    def __init__(self, http: httpx.AsyncClient, base_url: str, *, timeout: float = 10.0) -> None:
        self._http = http
        self._endpoint = base_url.rstrip("/") + "/api/v1/query"
        self._shown = redact(base_url)
        self._timeout = timeout

    @classmethod
    def for_plan(
        cls,
        http: httpx.AsyncClient,
        config: Prometheus,
        values: Mapping[str, str | None],
        env: Mapping[str, str] | None = None,
        *,
        timeout: float = 10.0,
    ) -> "PrometheusProvider":
        """The provider for the plan's health.metrics.prometheus, its url's ${NAME} and placeholders filled in."""
        try:
            return cls(http, render(config.url, values, env), timeout=timeout)
        except RenderError as error:
            raise ProviderError("prometheus", f"its url cannot be filled in: {error}") from None

    async def query(self, promql: str) -> float | None:
        """The one number promql gives now; None for no sample or NaN. Raises ProviderError."""
        body = await self._post(promql)
        if body.get("status") != "success":
            kind = body.get("errorType") or "error"
            raise ProviderError("prometheus", f"Prometheus answered {kind}: {body.get('error')}", f"query {promql!r}")
        data = body.get("data") or {}
        return _number(promql, data.get("resultType"), data.get("result"))

    async def figures(
        self, config: Prometheus, values: Mapping[str, str | None], env: Mapping[str, str] | None = None
    ) -> Figures:
        """{"error_rate", "latency_p95_ms", "latency_p99_ms"} of the deployment that values describe ({service},
        {version}, {environment}, ...); a query the plan does not give is None. Queries run side by side."""
        names = list(FIGURES)
        # every query ends before an error is raised: none is left running unobserved
        results = await asyncio.gather(
            *(self._figure(config, name, values, env) for name in names), return_exceptions=True
        )
        figures: Figures = {}
        for name, result in zip(names, results, strict=True):
            if isinstance(result, BaseException):
                raise result
            figures[name] = result
        return figures

    async def _figure(
        self, config: Prometheus, name: str, values: Mapping[str, str | None], env: Mapping[str, str] | None
    ) -> float | None:
        field, factor = FIGURES[name]
        template: str | None = getattr(config, field)
        if template is None:
            return None
        try:
            promql = render(template, values, env)
        except RenderError as error:
            raise ProviderError("prometheus", f"{field} cannot be filled in: {error}", f"query {template!r}") from None
        value = await self.query(promql)
        return None if value is None else value * factor

    async def _post(self, promql: str) -> dict[str, Any]:
        subject = f"query {promql!r}"
        try:  # POST: a long query does not fit every proxy's URL limit
            response = await self._http.post(self._endpoint, data={"query": promql}, timeout=self._timeout)
        except httpx.TimeoutException:
            reason = f"no answer from {self._shown} within {self._timeout:g}s"
            raise ProviderError("prometheus", reason, subject) from None
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            reason = f"cannot reach {self._shown}: {type(error).__name__}: {_clean(str(error), self._endpoint)}"
            raise ProviderError("prometheus", reason, subject) from None
        try:
            body = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
        if not isinstance(body, dict) or body.get("status") not in ("success", "error"):
            reason = f"HTTP {response.status_code} from {self._shown}, not Prometheus' JSON: {_snippet(response.text)}"
            raise ProviderError("prometheus", reason, subject)
        return body


def _number(promql: str, kind: Any, result: Any) -> float | None:
    subject = f"query {promql!r}"
    if kind == "scalar":
        return _float(result, subject)
    if kind == "vector" and isinstance(result, list):
        if not result:
            return None
        if len(result) > 1:
            series = ", ".join(json.dumps(sample.get("metric", {}), sort_keys=True) for sample in result[:3])
            raise ProviderError(
                "prometheus",
                f"gave {len(result)} series ({series}, ...); aggregate them to one, e.g. with sum()",
                subject,
            )
        return _float(result[0].get("value") if isinstance(result[0], dict) else None, subject)
    if kind == "matrix":
        raise ProviderError("prometheus", "gave a range vector; drop the [range] or wrap it in a function", subject)
    raise ProviderError("prometheus", f"gave a {kind} result, not a number", subject)


def _float(pair: Any, subject: str) -> float | None:
    # Prometheus writes a sample as [unix time, "value"]; "NaN", "+Inf" and "-Inf" are spelled out
    try:
        value = float(pair[1])
    except (TypeError, ValueError, IndexError, KeyError):
        raise ProviderError("prometheus", f"gave a sample that is not a number: {pair!r}", subject) from None
    return None if math.isnan(value) else value


def _clean(text: str, endpoint: str) -> str:
    return text.replace(endpoint, redact(endpoint))


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return (flat[:200] + "...") if len(flat) > 200 else flat or "(empty body)"

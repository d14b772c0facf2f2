"""How a service is judged healthy: its health endpoints and the gate that waits for them, and the optional
providers a team may already have: a Prometheus server's figures and a Lighthouse audit of a frontend."""

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PositiveInt

from shared.plan.placeholders import check_template
from shared.plan.types import PositiveDuration, StrictModel, Url


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("must be a PromQL query, written as text")
    return value


def _query(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty: write a PromQL query")
    return text


def _whole(value: Any) -> Any:
    if isinstance(value, bool):  # YAML's yes/no/true/false
        raise ValueError("must be a whole number from 0 to 100")
    return value


def _score(value: int) -> int:
    if not 0 <= value <= 100:
        raise ValueError(f"a Lighthouse score goes from 0 to 100, not {value}")
    return value


# {service}, {version}, {environment} (and the other placeholders) are filled in before the query runs, so a literal
# brace of a label matcher without a placeholder inside is written doubled: rate(x{{code=~"5.."}}[5m]).
PromQL = Annotated[str, BeforeValidator(_text), AfterValidator(_query), AfterValidator(check_template)]
Score = Annotated[int, BeforeValidator(_whole), AfterValidator(_score)]


class Prometheus(StrictModel):
    """Instant queries over Prometheus' HTTP API (/api/v1/query) at url.

    error_rate returns a fraction (0.02 is 2 %); latency_p95 and latency_p99 return seconds, like Prometheus'
    histograms: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{...}[5m]))).
    """

    url: Url
    error_rate: PromQL
    latency_p95: PromQL | None = None
    latency_p99: PromQL | None = None


class MetricsProvider(StrictModel):
    """Where the error rate and latency of a version come from, besides the monitor's own probes."""

    prometheus: Prometheus


class Lighthouse(StrictModel):
    """A Lighthouse audit of a frontend's url after it is deployed; a score under a minimum is a degradation."""

    url: Url
    min_performance: Score | None = None
    min_accessibility: Score | None = None
    timeout: PositiveDuration = 120.0


class Health(StrictModel):
    """Probing of /health/ready (the gate) and /health/detailed (watching while the new version bakes)."""

    ready: Url | None = None
    detailed: Url | None = None
    interval: PositiveDuration = 5.0
    timeout: PositiveDuration = 2.0
    passes_to_ready: PositiveInt = 3
    failures_to_degraded: PositiveInt = 3
    gate_timeout: PositiveDuration = 300.0
    bake_interval: PositiveDuration = 1.0  # how often to probe while a new version bakes (watched more closely)
    metrics: MetricsProvider | None = None
    lighthouse: Lighthouse | None = None  # for services of kind frontend

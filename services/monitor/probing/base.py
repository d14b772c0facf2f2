"""What every probe adapter shares: the Prober protocol, turning a response or an error into a ProbeResult."""

import time
from typing import Protocol

from .parse import parse_health
from .result import ProbeResult

# Health+json first, then any JSON (Actuator, plain), then anything: a server that negotiates answers in its best form.
ACCEPT = "application/health+json, application/json;q=0.9, */*;q=0.1"
USER_AGENT = "flightdeck-monitor"


class Prober(Protocol):
    async def probe(self, url: str, timeout_s: float) -> ProbeResult:
        """GET url once. Every outcome (refused, timeout, TLS, redirect, bad body) is a result; only cancellation
        propagates. `timeout_s` bounds the whole exchange, body included, from the moment the probe gets its turn."""
        ...

    async def close(self) -> None: ...


def answered(started: float, http_status: int, content_type: str | None, body: bytes) -> ProbeResult:
    """A response arrived: the parser judges it. `started` is a time.perf_counter() reading."""
    latency_ms = (time.perf_counter() - started) * 1000
    parsed = parse_health(http_status, content_type, body)
    return ProbeResult(
        parsed.status, latency_ms, http_status, parsed.version, parsed.failing_checks, parsed.reason, time.time()
    )


def unanswered(started: float, reason: str) -> ProbeResult:
    latency_ms = (time.perf_counter() - started) * 1000  # time to failure: a fast refusal differs from a slow hang
    return ProbeResult("fail", latency_ms, None, None, (), reason, time.time())

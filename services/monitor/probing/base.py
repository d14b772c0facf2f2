"""What every probe adapter shares: the Prober protocol, turning a response or an error into a ProbeResult."""

import errno
import socket
import ssl
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


HUNG_UP = "server closed the connection without answering"


def timed_out(timeout_s: float) -> str:
    return f"timed out after {timeout_s:g}s"


def describe(exc: BaseException) -> str | None:
    """A sentence for the usual network failures, found anywhere in the exception's chain (httpx and aiohttp both wrap
    the OSError or SSLError that says what happened); None when nothing in it is recognisable."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        found = _one(current)
        if found:
            return found
        current = current.__cause__ or current.__context__
    return None


def _one(exc: BaseException) -> str | None:
    # SSLError's reason and verify_message exist only when OpenSSL raised it: read them with getattr
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted: {getattr(exc, 'verify_message', None) or exc}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {getattr(exc, 'reason', None) or exc}"
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve host: {exc.strerror or exc}"
    if isinstance(exc, ConnectionRefusedError) or _errno(exc) == errno.ECONNREFUSED:
        return "connection refused"
    if isinstance(exc, ConnectionResetError) or _errno(exc) == errno.ECONNRESET:
        return "connection reset by peer"
    if _errno(exc) in (errno.EHOSTUNREACH, errno.ENETUNREACH):
        return f"host unreachable: {exc}"
    # asyncio folds the failed attempts at several addresses into one OSError without an errno ("Multiple exceptions:
    # [Errno 111] Connect call failed ...")
    if isinstance(exc, OSError) and f"[Errno {errno.ECONNREFUSED}]" in str(exc):
        return "connection refused"
    return None


def _errno(exc: BaseException) -> int | None:
    return exc.errno if isinstance(exc, OSError) else None


def brief(exc: BaseException) -> str:
    """Last resort: the exception's type and message, short enough for an event."""
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."

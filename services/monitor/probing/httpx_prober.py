"""The httpx probe adapter, tuned as far as httpx 0.28 lets it go: kept for comparison and as a fallback (prober.py
says, with figures, why it is not the default)."""

import asyncio
import time

import httpx

from shared.net_errors import HUNG_UP, brief, describe, timed_out

from .base import ACCEPT, USER_AGENT, answered, unanswered
from .parse import MAX_BODY
from .result import ProbeResult


class HttpxProber:
    """One shared AsyncClient with keep-alive. httpcore scans its whole pool for every queued request whenever a
    connection frees up, so cost grows with queued requests x pooled connections; a semaphore keeps in-flight
    requests below the pool size, so nothing ever queues inside httpcore and each request finds a connection."""

    def __init__(self, max_in_flight: int = 8, max_connections: int = 16, keepalive_s: float = 30.0) -> None:
        if max_in_flight >= max_connections:
            raise ValueError("max_in_flight must stay below max_connections, or requests queue inside httpcore")
        self._slots = asyncio.Semaphore(max_in_flight)
        self._client = httpx.AsyncClient(
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections, keepalive_expiry=keepalive_s
            ),
            timeout=None,  # asyncio.timeout bounds each probe as a whole; httpx's are per phase (connect, each read)
            follow_redirects=False,  # a health URL that redirects is a misconfiguration to report, not to hide
            trust_env=False,  # no proxy or netrc from the environment between the monitor and the services it watches
            headers={"accept": ACCEPT, "user-agent": USER_AGENT},
        )

    async def probe(self, url: str, timeout_s: float) -> ProbeResult:
        """A kept-alive connection the server closed while idle looks like a hang-up on first use: try once more,
        on a new connection, before calling it a failure (aiohttp does the same on its own)."""
        result = await self._probe(url, timeout_s)
        if result.reason == HUNG_UP:
            result = await self._probe(url, timeout_s)
        return result

    async def _probe(self, url: str, timeout_s: float) -> ProbeResult:
        async with self._slots:
            started = time.perf_counter()
            try:
                async with asyncio.timeout(timeout_s):
                    async with self._client.stream("GET", url) as response:
                        body = bytearray()
                        async for chunk in response.aiter_bytes():
                            body += chunk
                            if len(body) > MAX_BODY:
                                break  # enough to tell "too large"; leaving early closes this connection
                        return answered(
                            started, response.status_code, response.headers.get("content-type"), bytes(body)
                        )
            except (TimeoutError, httpx.TimeoutException):  # ours; httpx's own only if a pool wait ever times out
                return unanswered(started, timed_out(timeout_s))
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                return unanswered(started, f"invalid URL: {exc}")
            except httpx.RemoteProtocolError as exc:
                hung_up = "without sending a response" in str(exc)  # h11's words for EOF before any response
                return unanswered(started, HUNG_UP if hung_up else describe(exc) or f"protocol error: {exc}")
            except Exception as exc:  # never raise from a probe: anything unforeseen is still a failed probe
                return unanswered(started, describe(exc) or brief(exc))

    async def close(self) -> None:
        await self._client.aclose()

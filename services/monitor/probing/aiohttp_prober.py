"""The aiohttp probe adapter: the default (see prober.py for the measurements behind that)."""

import asyncio
import time

import aiohttp

from shared.net_errors import HUNG_UP, brief, describe, timed_out

from .base import ACCEPT, USER_AGENT, answered, unanswered
from .parse import MAX_BODY
from .result import ProbeResult


class AiohttpProber:
    """One shared ClientSession with keep-alive. The semaphore keeps in-flight probes within the connector's limit:
    a probe never waits inside aiohttp for a connection, so the time it waits for its turn is not counted against
    the endpoint (neither in latency nor in its timeout)."""

    def __init__(self, max_in_flight: int = 500, max_connections: int = 512, keepalive_s: float = 30.0) -> None:
        if max_in_flight > max_connections:
            raise ValueError("max_in_flight must not exceed max_connections, or probes queue inside aiohttp")
        self._slots = asyncio.Semaphore(max_in_flight)
        self._limit, self._keepalive_s = max_connections, keepalive_s
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        # Created on first use, inside the running loop, as aiohttp requires.
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=self._limit, limit_per_host=0, keepalive_timeout=self._keepalive_s, ttl_dns_cache=60
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(total=None),  # asyncio.timeout bounds each probe as a whole
                headers={"accept": ACCEPT, "user-agent": USER_AGENT},
                trust_env=False,  # no proxy or netrc from the environment between the monitor and its services
                auto_decompress=True,
            )
        return self._session

    async def probe(self, url: str, timeout_s: float) -> ProbeResult:
        async with self._slots:
            session = self._open()
            started = time.perf_counter()
            try:
                async with asyncio.timeout(timeout_s):
                    # redirects are not followed: a health URL that moved is a misconfiguration to report
                    async with session.get(url, allow_redirects=False) as response:
                        body = bytearray()
                        while len(body) <= MAX_BODY:
                            chunk = await response.content.read(MAX_BODY + 1 - len(body))
                            if not chunk:
                                break
                            body += chunk
                        return answered(started, response.status, response.headers.get("content-type"), bytes(body))
            except TimeoutError:  # asyncio's, and aiohttp's ServerTimeoutError, which derives from it
                return unanswered(started, timed_out(timeout_s))
            except (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError) as exc:
                return unanswered(started, f"invalid URL: {exc}")
            except aiohttp.ServerDisconnectedError as exc:
                return unanswered(started, describe(exc) or HUNG_UP)
            except aiohttp.ClientConnectorError as exc:
                return unanswered(started, describe(exc.os_error) or describe(exc) or f"cannot connect: {exc}")
            except Exception as exc:  # never raise from a probe: anything unforeseen is still a failed probe
                return unanswered(started, describe(exc) or brief(exc))

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

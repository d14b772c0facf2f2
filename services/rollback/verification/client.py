"""Sends a check's request with aiohttp (the client that carried the monitor's load fastest here, see
services/monitor/probing/prober.py) and tells what came back as a Reply, never raising for a network failure."""

import asyncio
import time

import aiohttp

from shared.net_errors import HUNG_UP, brief, describe, timed_out

from ..domain.verification.reply import Reply
from .prepared import Prepared

MAX_BODY = 1 << 20  # a check reads at most 1 MiB of a body: enough for any expectation, bounded for a bad answer
USER_AGENT = "flightdeck-verifier"


def session(connections: int = 64) -> aiohttp.ClientSession:
    """One pooled session for a verification; open it inside the running loop."""
    connector = aiohttp.TCPConnector(limit=connections, limit_per_host=0, ttl_dns_cache=60)
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=None),  # asyncio.timeout bounds each request as a whole
        headers={"user-agent": USER_AGENT},
        trust_env=False,
    )


async def send(client: aiohttp.ClientSession, request: Prepared, timeout_s: float, read: bool = True) -> Reply:
    """The reply; a failed one carries the error (secrets scrubbed). read=False skips the body (a load's requests)."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout_s):
            async with client.request(
                request.method, request.url, headers=request.headers, data=request.body, allow_redirects=False
            ) as response:
                body = await response.content.read(MAX_BODY) if read else b""
                if not read:
                    await response.read()
                headers = {name.lower(): value for name, value in response.headers.items()}
                text = body.decode(response.charset or "utf-8", errors="replace")
                return Reply(response.status, headers, text, time.perf_counter() - started)
    except TimeoutError:
        error = timed_out(timeout_s)
    except aiohttp.ServerDisconnectedError as exc:
        error = describe(exc) or HUNG_UP
    except aiohttp.ClientConnectorError as exc:
        error = describe(exc.os_error) or describe(exc) or f"cannot connect: {exc}"
    except Exception as exc:  # an unforeseen failure is still a failed check, never a dead verifier
        error = describe(exc) or brief(exc)
    return Reply(error=request.scrub(error), latency_s=time.perf_counter() - started)

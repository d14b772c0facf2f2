"""The alerter's HTTP client for Slack and webhooks: one pooled aiohttp session per replica.

aiohttp, not httpx: sending a notification was most of the alerter's CPU with httpx (its transport stack costs
several times aiohttp's per request), as bench/probe_client.py measured for the monitor's probes. A redirect is
never followed (the answer itself tells the caller to check the URL), and nothing here ever names the URL."""

from collections.abc import Mapping
from dataclasses import dataclass, field

import aiohttp

POOL = 64  # connections kept open, across every channel


@dataclass(frozen=True)
class Answer:
    """What a server said: its status, headers (lower-case names) and body."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class NoAnswer(Exception):
    """A request that got no answer; `kind` is timeout, unusable (the URL cannot be used) or unreachable, and
    `cause` the name of the underlying exception (its text may hold the URL, so it is never kept)."""

    def __init__(self, kind: str, cause: str) -> None:
        super().__init__(f"{kind} ({cause})")
        self.kind, self.cause = kind, cause


class HttpClient:
    def __init__(self, pool: int = POOL) -> None:
        self.pool = pool
        self._session: aiohttp.ClientSession | None = None

    def _opened(self) -> aiohttp.ClientSession:
        """Made on first use, inside the running loop, as aiohttp wants."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.pool, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(connector=connector, auto_decompress=True)
        return self._session

    async def post(self, url: str, *, content: bytes, headers: dict[str, str], timeout_s: float) -> Answer:
        """NoAnswer when the request got no answer."""
        try:
            async with self._opened().post(
                url,
                data=content,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=timeout_s),
                allow_redirects=False,
            ) as response:
                body = await response.read()
                return Answer(response.status, {k.lower(): v for k, v in response.headers.items()}, body)
        except TimeoutError as exc:  # aiohttp's own timeouts are TimeoutErrors too
            raise NoAnswer("timeout", type(exc).__name__) from None
        except (aiohttp.InvalidURL, ValueError) as exc:
            raise NoAnswer("unusable", type(exc).__name__) from None
        except (aiohttp.ClientError, OSError) as exc:
            raise NoAnswer("unreachable", type(exc).__name__) from None

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

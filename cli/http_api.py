"""The dashboard's API as the CLI calls it: one httpx.AsyncClient with the token (closed with the transport),
answers read as JSON, and every failure to get one said through cli/http_errors.py. Redirects are not followed:
the token goes to the address FLIGHTDECK_URL names, nowhere else."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from shared.runtime.service import VERSION

from .http_config import HttpConfig
from .http_errors import answered, unreachable

TIMEOUT = httpx.Timeout(15.0, connect=5.0)
OK = (200, 201, 202)


def segment(value: str) -> str:
    """A value as one path segment: an id with a slash or a question mark stays one id."""
    return quote(value, safe="")


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any  # the JSON; None when there was none


class Api:
    def __init__(self, config: HttpConfig, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self.client = httpx.AsyncClient(
            base_url=config.api,
            headers={"Authorization": f"Bearer {config.token}", "User-Agent": f"flightdeck-cli/{VERSION}"},
            timeout=TIMEOUT,
            follow_redirects=False,
            transport=transport,
        )

    async def ask(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        answer_within_s: float | None = None,
    ) -> Answer:
        """The answer, whatever its status; TransportError when none came (within `answer_within_s`, for a
        request the server holds open on purpose)."""
        try:
            response = await self.client.request(
                method, path, params=params, json=body, timeout=TIMEOUT if answer_within_s is None else answer_within_s
            )
        except httpx.HTTPError as error:
            raise unreachable(type(error).__name__, str(error), self.config) from None
        try:
            found = response.json() if response.content else None
        except ValueError:
            found = None
        if 300 <= response.status_code < 400:
            raise answered(response.status_code, found, self.config, response.headers.get("location"))
        return Answer(response.status_code, found)

    async def call(self, method: str, path: str, **asked: Any) -> Any:
        """The answer's JSON when it succeeded; TransportError saying what went wrong otherwise."""
        answer = await self.ask(method, path, **asked)
        if answer.status not in OK:
            raise answered(answer.status, answer.body, self.config)
        return answer.body

    def refusal(self, answer: Answer) -> Exception:
        return answered(answer.status, answer.body, self.config)

    async def close(self) -> None:
        await self.client.aclose()

"""What an HTTP answer (or the lack of one) means for a delivery; reasons never carry the URL, which is a secret."""

import time
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from services.alerter.domain.alert import Delivered, Final, Retry, SendOutcome

from .http_client import Answer, HttpClient, NoAnswer

BODY_EXCERPT = 200


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After in seconds: a number of seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def excerpt(response: Answer, url: str) -> str:
    """The start of an error body on one line, with the URL (and its path) scrubbed should the server echo it."""
    text = " ".join(response.text.split())
    try:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
    except ValueError:
        path = ""
    for secret in (url, path):
        if len(secret) > 1:
            text = text.replace(secret, "<url>")
    return text[:BODY_EXCERPT]


def answered(
    response: Answer,
    who: str,
    url: str,
    *,
    retry_after_on: tuple[int, ...] = (429, 503),
    default_after_s: float | None = None,
) -> SendOutcome:
    """2xx delivered; 429 and 5xx retried (after Retry-After where given); other answers are final."""
    status = response.status
    body = excerpt(response, url)
    reason = f"{who} answered {status}" + (f": {body}" if body else "")
    if 200 <= status < 300:
        return Delivered(detail=f"{who} answered {status}")
    if status == 429 or status >= 500:
        after = retry_after(response.headers.get("retry-after")) if status in retry_after_on else None
        if status == 429 and after is None:
            after = default_after_s
        return Retry(reason=reason, after_s=after)
    if 300 <= status < 400:
        return Final(reason=f"{reason} (a redirect, which is not followed: check the URL)")
    return Final(reason=reason)


def unreachable(exc: NoAnswer, who: str) -> SendOutcome:
    """A request that got no answer; built from the exception's type alone (its text may hold the URL)."""
    if exc.kind == "timeout":
        return Retry(reason=f"{who} did not answer in time ({exc.cause})")
    if exc.kind == "unusable":
        return Final(reason=f"the {who} URL is not usable ({exc.cause})")
    return Retry(reason=f"could not reach {who} ({exc.cause})")


async def post(
    client: HttpClient,
    who: str,
    url: str,
    *,
    content: bytes,
    headers: dict[str, str],
    timeout_s: float,
    default_after_s: float | None = None,
    retry_after_on: tuple[int, ...] = (429, 503),
) -> SendOutcome:
    try:
        response = await client.post(url, content=content, headers=headers, timeout_s=timeout_s)
    except NoAnswer as exc:
        return unreachable(exc, who)
    return answered(response, who, url, retry_after_on=retry_after_on, default_after_s=default_after_s)

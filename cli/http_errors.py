"""What an answer of the dashboard's API, or its silence, means for the command (pure): the one place an HTTP
status becomes what to do and the exit code. Unreachable, the token refused, a role missing or a server failure:
exit 4 (UNREACHABLE), as for a Redis that cannot be reached or refuses its password. What the server refused
about the request itself (404, 409, 422: no such deployment, the wrong state, a bad value) exits 1, as the same
command does when it finds that out itself over Redis. The token never appears: a server's text is scrubbed too."""

from typing import Any

from .http_config import MAKE_ONE, HttpConfig, masked_token
from .transport import TransportError

REFUSED = 1  # what the commands exit with when the deployment, alert or state is not what they need
USAGE = 64  # the command cannot be done over this transport at all


def _said(body: Any) -> str | None:
    """The API's one error shape: {"error": "..."}; None for anything else (a proxy's page, another server)."""
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, str) and error else None


def _scrubbed(text: str, config: HttpConfig) -> str:
    return text.replace(config.token, masked_token(config.token)) if config.token else text


def unreachable(kind: str, detail: str, config: HttpConfig) -> TransportError:
    """The request never got an answer: `kind` is the exception's class name, `detail` its text."""
    where = config.where
    if "CERTIFICATE_VERIFY_FAILED" in detail or "certificate verify failed" in detail:
        return TransportError(
            f"the dashboard at {where} showed a TLS certificate this machine does not trust: set SSL_CERT_FILE "
            "to the bundle of the authority that signed it, or correct FLIGHTDECK_URL"
        )
    if "Timeout" in kind:
        return TransportError(
            f"the dashboard at {where} did not answer in time ({kind}): check that it runs and is not overloaded"
        )
    return TransportError(
        f"cannot reach Flightdeck at {where} ({kind}): check the address, and that the dashboard runs "
        "(`flightdeck up` starts one on this machine), or unset FLIGHTDECK_URL to use REDIS_URL"
    )


def answered(status: int, body: Any, config: HttpConfig, location: str | None = None) -> TransportError:
    """The error for an answer that is not a success."""
    where, said = config.where, _said(body)
    if status == 401:
        return TransportError(
            f"the dashboard at {where} refused the token in FLIGHTDECK_TOKEN ({masked_token(config.token)}): it has "
            f"expired, was revoked, or is mistyped; {MAKE_ONE}, and set FLIGHTDECK_TOKEN to it"
        )
    if 300 <= status < 400:
        return TransportError(f"{where} redirects to {location}: set FLIGHTDECK_URL to the address it moved to")
    if said is None:
        return TransportError(f"{where} answered {status}, not as the dashboard's API does: is it its address?")
    said = _scrubbed(said, config)
    if status == 403:
        return TransportError(f"the dashboard at {where} refused: {said}")
    if status in (404, 409, 422):
        return TransportError(said, REFUSED)
    if status == 503:
        return TransportError(f"the dashboard at {where} cannot do this now (503): {said}")
    return TransportError(f"the dashboard at {where} failed on this request ({status}): {said}")

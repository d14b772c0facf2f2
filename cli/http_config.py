"""Where the dashboard's API is and the token the CLI shows it, read from FLIGHTDECK_URL and FLIGHTDECK_TOKEN (pure):
both or neither, a URL that is an http(s) address, a token that looks like one `flightdeck tokens create` makes.
The token never appears in a message: only its id, which `flightdeck tokens list` shows too."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from shared.settings import mask_url

API_PREFIX = "/api/v1"
TOKEN_PREFIX = "fd_"
MAKE_ONE = "make one with `flightdeck tokens create NAME --user USER` (where REDIS_URL reaches Flightdeck)"


class ConfigError(ValueError):
    """FLIGHTDECK_URL or FLIGHTDECK_TOKEN is missing or wrong; the message says which, and what to set."""


def masked_token(token: str) -> str:
    """fd_<id>_… : which token it is, never its secret."""
    head, _, rest = token.removeprefix(TOKEN_PREFIX).partition("_")
    return f"{TOKEN_PREFIX}{head}_…" if token.startswith(TOKEN_PREFIX) and rest else "(a token not made by Flightdeck)"


@dataclass(frozen=True)
class HttpConfig:
    url: str  # as the person wrote it, less a trailing /api/v1 or slash
    token: str = field(repr=False)

    @property
    def api(self) -> str:
        return self.url + API_PREFIX

    @property
    def where(self) -> str:
        """How messages name the dashboard: the variable and its value, any password in it masked."""
        return f"FLIGHTDECK_URL={mask_url(self.url)}"


def http_config(environ: Mapping[str, str]) -> HttpConfig | None:
    """The API's address and token; None when neither variable is set (the CLI then goes to Redis)."""
    url, token = environ.get("FLIGHTDECK_URL", "").strip(), environ.get("FLIGHTDECK_TOKEN", "").strip()
    if not url and not token:
        return None
    if not url:
        raise ConfigError(
            "FLIGHTDECK_TOKEN is set but FLIGHTDECK_URL is not: set FLIGHTDECK_URL to the dashboard's address "
            "(like https://flightdeck.example.com), or unset FLIGHTDECK_TOKEN to use REDIS_URL"
        )
    shown = mask_url(url)
    if not token:
        raise ConfigError(
            f"FLIGHTDECK_URL={shown} is set but FLIGHTDECK_TOKEN is not: the API needs a token; {MAKE_ONE}, "
            "and set FLIGHTDECK_TOKEN to it (in CI, as a secret)"
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises for a port that is no number)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            f"FLIGHTDECK_URL={shown} is not an address the dashboard can be reached at: write it like "
            "https://flightdeck.example.com (http:// on your own machine)"
        )
    if not token.startswith(TOKEN_PREFIX) or any(c.isspace() for c in token):
        raise ConfigError(f"FLIGHTDECK_TOKEN is no Flightdeck API token (those start with {TOKEN_PREFIX}): {MAKE_ONE}")
    base = url.rstrip("/").removesuffix(API_PREFIX).rstrip("/")
    return HttpConfig(base, token)

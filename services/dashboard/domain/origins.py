"""Whether a browser request comes from the dashboard's own pages, for the two writes no CSRF token guards.

A sign-in needs no session yet: a page elsewhere could post its own name and password to the dashboard and sign
the victim's browser in as the attacker (login CSRF), who then sees what the victim does there. A WebSocket
handshake carries the session cookie from any site, and CSRF tokens do not cover WebSockets: a page elsewhere
could open a socket in the user's name. The browser says which page asks: Origin, or for a sign-in where it is
absent the Referer. Scripts and curl send neither, and are let through: they act as whoever they name or whose
token they hold, in no one's browser."""

from urllib.parse import urlsplit


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def own_origins(host: str | None, secure: bool, own_url: str | None) -> set[str]:
    """The dashboard's own origins: its configured URL's, and the one of the Host it was asked on. `host`: the
    request's Host header; `secure`: served over TLS; `own_url`: settings.dashboard_url, if any."""
    origins = {origin_of(own_url)} if own_url else set()
    if host:
        origins.add(f"{'https' if secure else 'http'}://{host.strip().lower()}")
    return origins


def claimed_origin(origin: str | None, referer: str | None) -> str | None:
    """The origin the browser says posts: Origin, else the Referer's; None when it says neither."""
    if origin is not None:
        return origin
    if referer and urlsplit(referer).netloc:
        return origin_of(referer)
    return "null" if referer else None  # a Referer that is no URL says nothing we can trust


def login_refusal(
    origin: str | None, referer: str | None, host: str | None, secure: bool, own_url: str | None
) -> str | None:
    """None when the sign-in may go ahead; else why not."""
    claimed = claimed_origin(origin, referer)
    if claimed is None or claimed.strip().lower() in own_origins(host, secure, own_url):
        return None
    return f"a sign-in posted from {claimed[:200]} is refused: sign in on the dashboard's own page"


def handshake_allowed(origin: str | None, host: str | None, secure: bool, own_url: str | None) -> bool:
    """Whether a WebSocket handshake with this Origin header may go on (no Origin: a script with its token)."""
    return origin is None or origin.strip().lower() in own_origins(host, secure, own_url)

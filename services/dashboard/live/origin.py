"""Whether a WebSocket handshake comes from the dashboard's own pages. A browser sends a session cookie with a
handshake from any site, and CSRF tokens do not cover WebSockets, so a page elsewhere could open a socket in the
user's name: the Origin header says which page asks. Scripts and command-line clients send no Origin; they
authenticate with a token and are let through."""

from urllib.parse import urlsplit


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def origin_allowed(origin: str | None, host: str | None, secure: bool, own_url: str) -> bool:
    """`origin`: the handshake's Origin header; `host`: its Host header; `secure`: over TLS; `own_url`: the
    dashboard's configured URL. Allowed: no Origin, the configured URL's origin, or the origin of the host asked."""
    if origin is None:
        return True
    asked = origin.strip().lower()
    if asked == origin_of(own_url):
        return True
    return host is not None and asked == f"{'https' if secure else 'http'}://{host.strip().lower()}"

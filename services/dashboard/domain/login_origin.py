"""Whether a sign-in comes from the dashboard's own page. A login is a write that needs no session yet, so no CSRF
token guards it: a page elsewhere could post its own name and password to the dashboard and sign the victim's
browser in as the attacker (login CSRF), who then sees what the victim does there. The browser says which page
posts: Origin, or where it is absent the Referer. Scripts and curl send neither, and are let through: they sign
in as whoever they name, in no one's browser."""

from urllib.parse import urlsplit

from services.dashboard.live.origin import origin_of


def claimed_origin(origin: str | None, referer: str | None) -> str | None:
    """The origin the browser says posts: Origin, else the Referer's; None when it says neither."""
    if origin is not None:
        return origin
    if referer and urlsplit(referer).netloc:
        return origin_of(referer)
    return "null" if referer else None  # a Referer that is no URL says nothing we can trust


def own_origins(host: str | None, secure: bool, own_url: str | None) -> set[str]:
    """The dashboard's own origins: its configured URL's, and the one of the Host it was asked on."""
    origins = {origin_of(own_url)} if own_url else set()
    if host:
        origins.add(f"{'https' if secure else 'http'}://{host.strip().lower()}")
    return origins


def login_refusal(
    origin: str | None, referer: str | None, host: str | None, secure: bool, own_url: str | None
) -> str | None:
    """None when the sign-in may go ahead; else why not. `host`: the request's Host header; `secure`: served
    over TLS; `own_url`: the dashboard's configured URL (settings.dashboard_url), if any."""
    claimed = claimed_origin(origin, referer)
    if claimed is None or claimed.strip().lower() in own_origins(host, secure, own_url):
        return None
    return f"a sign-in posted from {claimed[:200]} is refused: sign in on the dashboard's own page"

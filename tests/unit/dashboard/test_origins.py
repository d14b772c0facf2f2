"""Whether a sign-in or a live socket comes from the dashboard's own page, from plain header values:
Origin first, the Referer when the browser sends no Origin (a sign-in), neither for scripts; the dashboard's
configured URL and the Host it is asked on."""

from services.dashboard.domain.origins import claimed_origin, handshake_allowed, login_refusal

OWN = "https://deploy.example.com"
HOST = "10.0.0.5:8700"


def refused(origin: str | None = None, referer: str | None = None, own: str | None = OWN) -> str | None:
    return login_refusal(origin, referer, HOST, False, own)


def test_scripts_send_neither_header_and_are_let_in() -> None:
    assert claimed_origin(None, None) is None
    assert refused() is None


def test_the_dashboards_own_url_or_the_host_asked_is_let_in() -> None:
    assert refused(origin="https://deploy.example.com") is None
    assert refused(origin="HTTPS://Deploy.Example.com") is None
    assert refused(origin="http://10.0.0.5:8700") is None
    assert refused(origin="http://10.0.0.5:8700", own=None) is None
    assert refused(referer="https://deploy.example.com/login?next=/d/1") is None


def test_another_sites_page_is_refused_by_its_origin_or_else_its_referer() -> None:
    assert refused(origin="https://evil.example") == (
        "a sign-in posted from https://evil.example is refused: sign in on the dashboard's own page"
    )
    assert refused(referer="https://evil.example/trap.html") is not None
    assert refused(origin="https://evil.example", referer="https://deploy.example.com/") is not None, "Origin wins"
    assert refused(origin="https://deploy.example.com.evil.example") is not None
    assert refused(origin="http://deploy.example.com") is not None, "another scheme is another origin"


def test_an_opaque_origin_or_a_referer_that_is_no_url_is_refused() -> None:
    assert refused(origin="null") is not None  # a sandboxed frame, a page from a file
    assert claimed_origin(None, "not a url") == "null"
    assert refused(referer="not a url") is not None


def test_only_the_dashboards_own_pages_open_a_live_socket() -> None:
    own = "https://deploy.example.com"
    assert handshake_allowed(None, "x:1", False, own)  # a script: no Origin, authenticated by its token
    assert handshake_allowed("https://deploy.example.com", "10.0.0.5:8700", False, own)  # behind a proxy
    assert handshake_allowed("http://127.0.0.1:8700", "127.0.0.1:8700", False, own)  # the host asked
    assert not handshake_allowed("http://evil.example", "127.0.0.1:8700", False, own)
    assert not handshake_allowed("http://127.0.0.1:8700", "127.0.0.1:8700", True, own)  # scheme differs
    assert not handshake_allowed("null", None, False, own)

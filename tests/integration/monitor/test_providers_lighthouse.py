"""The Lighthouse audit against small pages served from 127.0.0.1, with the pinned lighthouse and Debian's chromium.

Slow (a browser per audit, about 10 s each, run side by side) but it runs in CI like every other test.
"""

import asyncio
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from services.monitor.providers import LighthouseScores, ProviderError, audit, judge
from shared.plan.health import Lighthouse

pytestmark = [pytest.mark.integration, pytest.mark.slow]

GOOD = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme status</title><meta name="description" content="Whether Acme's services are up."></head>
<body><main><h1>Acme status</h1><p>All systems are working.</p>
<img src="/dot.svg" alt="A green dot" width="16" height="16">
<form><label for="email">Email</label> <input id="email" type="email" autocomplete="email">
<button type="submit">Subscribe</button></form></main></body></html>"""

# No lang, no title, images without alt, grey on white, an input without a label, a button and a link without names,
# a viewport that forbids zooming, headings out of order.
POOR = b"""<!doctype html>
<html><head><meta name="viewport" content="width=device-width, user-scalable=no, maximum-scale=1"></head>
<body style="color:#ddd;background:#fff"><h4>Acme status</h4><p>All systems are working.</p>
<img src="/dot.svg"><img src="/dot.svg"><input type="text"><button></button><a href="/x"></a>
<div role="button"></div><p style="color:#eee">Unsubscribe</p></body></html>"""

DOT = b'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="8" fill="green"/></svg>'
PAGES = {
    "/good.html": (b"text/html; charset=utf-8", GOOD),
    "/poor.html": (b"text/html; charset=utf-8", POOR),
    "/dot.svg": (b"image/svg+xml", DOT),
}


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/hang.html":  # answers only when the test ends: the browser is up, the page never loads
                release.wait(60)
            if self.path not in PAGES:
                self.send_error(404)
                return
            kind, body = PAGES[self.path]
            self.send_response(200)
            self.send_header("Content-Type", kind.decode())
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        release.set()
        server.shutdown()
        server.server_close()


def _browsers_of_ours() -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as file:
                if b"flightdeck-lighthouse-" in file.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


async def test_a_poor_page_scores_lower_and_is_judged_below_the_minimum(site: str) -> None:
    good, poor, missing, hurried = await asyncio.gather(
        audit(f"{site}/good.html", timeout_s=90),
        audit(f"{site}/poor.html", timeout_s=90),
        audit(f"{site}/gone.html", timeout_s=90),
        audit(f"{site}/hang.html", timeout_s=5),
        return_exceptions=True,
    )
    assert isinstance(good, LighthouseScores) and isinstance(poor, LighthouseScores), (good, poor)
    for scores in (good, poor):
        for score in (scores.performance, scores.accessibility, scores.best_practices, scores.seo):
            assert score is not None and 0 <= score <= 100, scores
    assert good.accessibility >= 90, good
    assert poor.accessibility < good.accessibility - 20, (good, poor)

    minimums = Lighthouse(url=f"{site}/poor.html", min_accessibility=90)
    assert judge(good, minimums) == []
    assert judge(poor, minimums) == [
        f"Lighthouse accessibility score {poor.accessibility} is below the plan's minimum of 90"
    ]

    # a page that answers 404 is a failed audit with Lighthouse's reason, not scores of an error page
    assert isinstance(missing, ProviderError) and "(Status code: 404)" in str(missing), missing
    # the timeout stops lighthouse and the browser it started (in a session of its own)
    assert isinstance(hurried, ProviderError) and "took longer than 5s and was stopped" in str(hurried), hurried
    assert _browsers_of_ours() == []

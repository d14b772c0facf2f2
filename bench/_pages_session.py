"""A signed-in browser's session for the pages bench: the viewer bench/_dashboard_process.py makes ("bench") signs in
with POST /api/v1/login, as the login page's script does, and the session cookie it is given is what Lighthouse and
the timed requests send (a page answers an anonymous request with a redirect to /login, which would time nothing)."""

import httpx

from bench._dashboard_process import PASSWORD
from services.dashboard.auth.guard import COOKIE

VIEWER = "bench"


async def session_cookie(url: str, name: str = VIEWER, password: str = PASSWORD) -> str:
    """`fd_session=<id>` for a fresh session of `name`; RuntimeError saying what the sign-in answered otherwise."""
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        answer = await client.post("/api/v1/login", json={"name": name, "password": password})
        session = answer.cookies.get(COOKIE)
        if answer.status_code != 200 or not session:
            raise RuntimeError(f"signing in as {name!r} answered {answer.status_code}: {answer.text[:200]}")
        return f"{COOKIE}={session}"


async def page_status(url: str, path: str, cookie: str) -> int:
    """What a signed-in GET of `path` answers (redirects not followed): 200 when the page is there."""
    async with httpx.AsyncClient(base_url=url, timeout=30, headers={"Cookie": cookie}) as client:
        return (await client.get(path)).status_code

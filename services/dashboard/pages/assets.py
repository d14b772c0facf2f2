"""The pages' static files: the built stylesheet and the page scripts, compressed, and cached for a year when asked
for by the fingerprinted URL that asset() writes (its content's hash: a new build is a new URL); anything else is
revalidated on every use (a script's own imports carry no fingerprint)."""

from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Scope

from .environment import STATIC, fingerprint

FOREVER = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def cache_control(name: str, query: bytes, status: int) -> str:
    """A year for the URL naming this file's current content (?v=<fingerprint>), else revalidate."""
    if status != 200 or not query.startswith(b"v="):
        return REVALIDATE
    try:
        current = fingerprint(name)
    except ValueError:
        return REVALIDATE
    return FOREVER if query.decode(errors="replace") == f"v={current}" else REVALIDATE


class Assets(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["Cache-Control"] = cache_control(path, scope.get("query_string", b""), response.status_code)
        return response


def static_app() -> ASGIApp:
    return GZipMiddleware(Assets(directory=STATIC), minimum_size=512)

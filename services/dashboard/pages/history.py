"""GET /history: every deployment, newest first, one page at a time, filtered on the server by the form's fields
(a GET form: every filtered view is a URL), or the text search over reasons, failures, logs and events, each hit a
permalink to where it matched. Reads what /api/v1/deployments and /api/v1/search read."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.dashboard.domain.query import CursorError
from services.dashboard.domain.terms import SearchTextError
from services.dashboard.domain.views import STATUSES

from .history_view import asked, deployment_href, older_link, permalink
from .site import Site
from .views import row_of


def history_router(site: Site) -> APIRouter:
    pages = APIRouter()

    @pages.get("/history", response_class=HTMLResponse)
    async def history(request: Request) -> Response:
        identity = await site.viewer(request)
        if identity is None:
            return site.to_login(request)
        form = asked(dict(request.query_params))
        errors, rows, hits, next_cursor = list(form.errors), [], [], None
        if not errors:
            try:
                if form.text:
                    found = await site.model.search(form.text, form.query)
                    hits = [(hit, permalink(hit), row_of(hit.deployment)) for hit in found.items]
                    next_cursor = found.next_cursor
                else:
                    page = await site.model.deployments(form.query)
                    rows = [(row_of(view), deployment_href(view.id)) for view in page.items]
                    next_cursor = page.next_cursor
            except (SearchTextError, CursorError) as error:
                errors.append(f"{'q' if isinstance(error, SearchTextError) else 'cursor'}: {error}")
        loading = not await site.model.redis.exists(site.model.keys.built)
        response = await site.render(
            "history.html",
            identity,
            "/history",
            values=form.values,
            statuses=STATUSES,
            errors=errors,
            rows=rows,
            hits=hits,
            searching=bool(form.text),
            older=older_link(form.values, next_cursor),
            paged="cursor" in request.query_params,
            loading=loading,
        )
        if errors:
            response.status_code = 400
        return response

    return pages

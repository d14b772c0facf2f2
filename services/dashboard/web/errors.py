"""One shape for every error the API answers: {"error": what is wrong and what to do, ...}, so a script reads
`error` whatever went wrong, and a bad field is named the way the request wrote it (`versions.api`, `services[2]`),
not as pydantic's location tuple."""

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from shared.events.catalog import field_path
from shared.plan.errors import PlanError

log = logging.getLogger("flightdeck.dashboard")
_WHERE = {"body", "query", "path", "header", "cookie"}


def error_response(status: int, message: str, headers: Mapping[str, str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


def field_error(field: str, message: str, where: str = "body") -> HTTPException:
    """A 422 for one field a route checked itself, read like a validation error's:
    {"error": "field: message", "fields": [{"field", "in", "message"}]}."""
    detail = {"error": f"{field}: {message}", "fields": [{"field": field, "in": where, "message": message}]}
    return HTTPException(422, detail=detail)


def invalid_fields(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Each validation error as {"field", "in", "message"}: `in` is body/query/path/header/cookie."""
    fields = []
    for error in errors:
        loc = list(error.get("loc", ()))
        where = str(loc.pop(0)) if loc and loc[0] in _WHERE else "body"
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        fields.append({"field": field_path(loc) or "(body)", "in": where, "message": message})
    return fields


async def _invalid(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)  # registered for that class only
    fields = invalid_fields(list(exc.errors()))
    message = "; ".join(f"{field['field']}: {field['message']}" for field in fields)
    return error_response(422, message, fields=fields)


async def _http(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)  # registered for that class only
    detail = exc.detail
    if isinstance(detail, dict):  # raised with the whole body already (e.g. 403 with the role needed)
        return JSONResponse(detail, status_code=exc.status_code, headers=exc.headers)
    return error_response(exc.status_code, str(detail), headers=exc.headers)


async def _bad_plan(request: Request, exc: Exception) -> Response:
    """The plan file the dashboard reads is wrong: where, not what (a message may quote a value, and values
    can be secrets); `flightdeck plan check` beside the file says the rest."""
    assert isinstance(exc, PlanError)  # registered for that class only
    log.error("the plan cannot be read for %s %s:\n%s", request.method, request.url.path, exc.report())
    problems = [{"path": problem.path, "line": problem.line} for problem in exc.problems]
    first = problems[0] if problems else {"path": "", "line": None}
    message = (
        f"the plan has {len(problems)} problem(s), the first at {first['path'] or 'the top'} (line {first['line']}):"
        " run `flightdeck plan check` on it, fix it, and ask again"
    )
    return error_response(503, message, problems=problems)


async def _unexpected(request: Request, exc: Exception) -> Response:
    """Logged with its traceback; the client learns only that it failed (no internals, no secrets)."""
    log.error("request failed: %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "the dashboard failed on this request; its log has the details")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(PlanError, _bad_plan)
    app.add_exception_handler(Exception, _unexpected)

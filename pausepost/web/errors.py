"""One error shape for every failure: {"ok": false, "error": ..., "status": ...}.

Bad input is 4xx; an unexpected failure is a 500 in the same shape, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from pausepost.errors import InputError, ModelError

log = logging.getLogger("pausepost.web")


class ErrorOut(BaseModel):
    ok: bool = False
    error: str
    status: int


def error_body(status: int, error: str) -> dict[str, Any]:
    return {"ok": False, "error": error, "status": status}


def error_response(request: Request | None, status: int, error: str) -> Response:
    if request is not None and wants_html(request):
        templates = request.app.state.templates
        return templates.TemplateResponse(  # type: ignore[no-any-return]
            request, "error.html", {"status": status, "error": error}, status_code=status
        )
    return JSONResponse(error_body(status, error), status_code=status)


def wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def field_problem(e: Mapping[str, Any]) -> str:
    """One validation error in plain words: never a raw pattern or Pydantic's internals."""
    where = ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body"
    kind = e.get("type")
    loc = tuple(e.get("loc", ()))
    if len(loc) == 2 and loc[0] == "path" and kind == "string_pattern_mismatch":
        return f"the address names no such {str(loc[1]).replace('_', ' ')}"
    if kind == "extra_forbidden":
        return f"{where}: unknown field"
    if kind == "string_pattern_mismatch":
        return f"{where}: needs visible text and no control characters"
    return f"{where}: {e.get('msg', 'invalid')}"


def _describe(exc: RequestValidationError) -> tuple[int, str]:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return 400, "the body is not valid JSON"
    parts = [field_problem(e) for e in errors[:5]]
    return 422, "; ".join(parts) or "invalid request"


def _allowed_methods(request: Request) -> list[str]:
    """Every method any route serves at this path (Starlette names only the first route's)."""
    scope = {**request.scope, "method": "GET"}
    methods: set[str] = set()
    for route in request.app.state.all_routes:
        if route.matches(scope)[0] is not Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        status, msg = _describe(exc)
        return error_response(request, status, msg)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        resp = error_response(request, exc.status_code, detail)
        if exc.headers:
            resp.headers.update(exc.headers)
        if exc.status_code == 405:
            resp.headers["allow"] = ", ".join(_allowed_methods(request))
        return resp

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return error_response(request, 422, str(exc))

    @app.exception_handler(ModelError)
    async def _model(request: Request, exc: ModelError) -> Response:
        # Fail closed and say so: a draft that was not screened is never answered `post`.
        return error_response(request, 503, f"{exc}; nothing was screened")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # The type only: the message might quote the draft.
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return error_response(None, 500, "unexpected error; please report it")


HTML_MEDIA = HTMLResponse.media_type

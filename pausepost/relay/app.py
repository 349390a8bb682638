"""`create_relay_app(url)`: the relay as a FastAPI app, errors in Pause's one JSON shape."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from pausepost.relay.db import make_relay_engine, migrate
from pausepost.relay.routes import router
from pausepost.web.errors import error_body, field_problem

log = logging.getLogger("pausepost.relay")

# 64 KiB of ciphertext is about 87 KiB of base64; anything far bigger is refused unread.
MAX_BODY = 128 * 1024


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse(error_body(status, message), status_code=status)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return _error(400, "the body is not valid JSON")
        return _error(422, "; ".join(field_problem(e) for e in errors[:5]) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        return _error(exc.status_code, detail)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # The type only: the relay never logs bodies (they are ciphertext, but still).
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return _error(500, "unexpected error; please report it")


def create_relay_app(url: str, *, run_migrations: bool = True) -> FastAPI:
    """The relay on the database at `url` (PostgreSQL), its schema brought up to date."""
    engine = make_relay_engine(url)
    if run_migrations:
        migrate(engine)
    app = FastAPI(
        title="Pause circle relay",
        version="1",
        description=(
            "Stores and forwards only ciphertext and the metadata it needs (circle id, sender "
            "key, times, key epoch). Every request is signed with the caller's Ed25519 key "
            "(X-Pause-Key, X-Pause-Time, X-Pause-Nonce, X-Pause-Signature); see docs/circles.md."
        ),
    )
    app.state.engine = engine
    _install_errors(app)

    @app.middleware("http")
    async def _limit_body(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return _error(413, "request body too large (ciphertext is limited to 64 KiB)")
        return await call_next(request)

    app.include_router(router)
    return app

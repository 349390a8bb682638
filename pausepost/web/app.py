"""The app factory. Everything the app needs is passed in, so tests inject fakes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from pausepost import __version__
from pausepost.config import Config
from pausepost.store import Store
from pausepost.web import (
    api,
    api_audit,
    circles_api,
    circles_pages,
    errors,
    pages,
    pairing_routes,
    record_pages,
)
from pausepost.web.middleware import Guard
from pausepost.web.service import PauseService, ScreenerFactory, default_factory
from pausepost.web.settings import WebSettings

if TYPE_CHECKING:  # the circles extra may be missing: imported only to type
    from pausepost.circles.service import CirclesService

HERE = Path(__file__).parent
NO_TELEMETRY: Any = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}

DESCRIPTION = """Pause's local JSON API. It answers only on 127.0.0.1 and nothing leaves the
machine.

* **Errors** all have one shape: `{{"ok": false, "error": "...", "status": 4xx}}`.
* **Bodies** must be `application/json` (415 otherwise), at most **{limit:,} bytes** (413
  otherwise); unknown fields are refused (422); malformed JSON is 400.
* **Uploads**: `POST /api/v1/audit` takes `multipart/form-data` instead, at most
  **{upload:,} bytes**, streamed to a private temporary folder and deleted before the answer.
* **Pictures**: `POST /api/v1/check` also takes pictures, as `multipart/form-data` (`image`
  parts) or JSON (`images`, base64): at most 4, each at most 20,971,520 bytes; the answer is
  what `pausepost check --json --image` prints (503 where the image tools are missing).
* **Browser extensions** call the API only once paired: the user allows the extension on
  the app's `/pair` page (opened by the extension as
  `/pair?origin=<its origin>&name=<browser>`), which hands it a secret once. Every call from
  an extension origin (`chrome-extension://…`, `moz-extension://…`) must then carry
  `Authorization: Pause <secret>` of a pairing for that origin; otherwise 403 ("this
  extension is not paired with Pause"). CORS headers go to paired origins only; a preflight
  is answered (204) for an origin with a pairing. `GET /api/v1/pairing` is the extension's
  probe; revoke in `/settings` or with `DELETE /api/v1/pairing/{{id}}` (from the app only).
* **CORS** is otherwise closed unless extension origins are configured
  (`pausepost serve --cors-origin`).
* **Privacy**: the journal keeps a keyed hash (HMAC-SHA256) of the draft, the verdict,
  concerns, reason codes and the decision; the text only when `keep_text` is true.
"""


def create_app(
    *,
    store: Store | None = None,
    screener_factory: ScreenerFactory | None = None,
    config: Config | None = None,
    settings: WebSettings | None = None,
    service: PauseService | None = None,
    circles: CirclesService | None = None,
) -> FastAPI:
    """`circles`: a `CirclesService` (tests inject one wired to their relay); by default one
    on the same store and screener, or none where the `circles` extra is not installed."""
    settings = settings or WebSettings()
    if service is None:
        store = store or Store.open()
        factory = screener_factory or default_factory(config or Config.load())
        service = PauseService(store, factory)
    app = FastAPI(
        title="Pause",
        version=__version__,
        description=DESCRIPTION.format(
            limit=settings.max_body_bytes, upload=settings.max_upload_bytes
        ),
        docs_url=None,  # the interactive docs load from a CDN; we serve only the spec
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        # No telemetry, even if OpenTelemetry is installed and the environment asks for it.
        telemetry=NO_TELEMETRY,
    )
    app.state.service = service
    app.state.circles = circles if circles is not None else default_circles(service)
    app.state.settings = settings
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    errors.install(app)
    app.include_router(api.router)
    app.include_router(api_audit.router)
    app.include_router(pages.router)
    app.include_router(record_pages.router)
    app.include_router(pairing_routes.api_router)
    app.include_router(pairing_routes.page_router)
    app.include_router(circles_api.router)
    app.include_router(circles_pages.router)
    app.state.all_routes = [  # for 405's Allow
        *api.router.routes,
        *api_audit.router.routes,
        *pages.router.routes,
        *record_pages.router.routes,
        *pairing_routes.api_router.routes,
        *pairing_routes.page_router.routes,
        *circles_api.router.routes,
        *circles_pages.router.routes,
    ]
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["authorization", "content-type"],
        )
    # Added last: runs first, before CORS and before any body is parsed.
    app.add_middleware(
        Guard,
        max_body=settings.max_body_bytes,
        max_upload=settings.max_upload_bytes,
        hosts=settings.hosts,
        origins=settings.cors_origins,
        pairings=service.store,
    )
    return app


def default_circles(service: PauseService) -> CirclesService | None:
    """Circles on the app's own store and screener; None without PyNaCl and httpx (the
    pages then say how to install them). The device identity is read on first use."""
    try:
        from pausepost.circles.service import CirclesService
    except ImportError:
        return None
    return CirclesService(service.store, service.screener)

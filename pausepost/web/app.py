"""The app factory. Everything the app needs is passed in, so tests inject fakes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from pausepost import __version__
from pausepost.config import Config
from pausepost.store import Store
from pausepost.web import api, errors, pages
from pausepost.web.middleware import Guard
from pausepost.web.service import PauseService, ScreenerFactory, default_factory
from pausepost.web.settings import WebSettings

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
* **CORS** is closed unless extension origins are configured (`pausepost serve --cors-origin`).
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
) -> FastAPI:
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
    app.state.settings = settings
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.state.all_routes = [*api.router.routes, *pages.router.routes]  # for 405's Allow
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["content-type"],
        )
    # Added last: runs first, before CORS and before any body is parsed.
    app.add_middleware(
        Guard,
        max_body=settings.max_body_bytes,
        max_upload=settings.max_upload_bytes,
        hosts=settings.hosts,
        origins=settings.cors_origins,
    )
    return app

"""The local web app: compose page, journal, consent ledger, note to a colleague, JSON API."""

from pausepost.web.app import create_app
from pausepost.web.service import PauseService, ScreenerFactory, ScreenerLike
from pausepost.web.settings import MAX_BODY_BYTES, WebSettings

__all__ = [
    "MAX_BODY_BYTES",
    "PauseService",
    "ScreenerFactory",
    "ScreenerLike",
    "WebSettings",
    "create_app",
]

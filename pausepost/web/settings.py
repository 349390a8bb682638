"""Web settings: keyword-only, explicit, with private defaults."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Documented in the OpenAPI description. A post is at most 65,536 characters (4 bytes each
# in UTF-8, up to 12 when JSON-escaped); 1 MiB leaves room for that and nothing much more.
MAX_BODY_BYTES = 1024 * 1024
# The audit upload (a platform's data export) is streamed to disk, never held in memory.
MAX_UPLOAD_BYTES = 512 * 1024 * 1024

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
# The addresses `pausepost serve` may bind: this machine only. The app has no login, and it
# holds the journal and the consent ledger, so nothing else on a network may reach it.
LOOPBACK_BIND = ("127.0.0.1", "localhost", "::1")

# A browser extension's origin: Chrome, Edge, Brave and Opera use chrome-extension://<id>,
# Firefox moz-extension://<uuid>, Safari safari-web-extension://<uuid>. A web origin (or "*")
# would let any site that a user visits read, or delete, their journal.
_EXTENSION_ORIGIN = re.compile(
    r"^(?:chrome|moz|safari-web|ms-browser)-extension://[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"
)


def check_extension_origin(origin: str) -> str:
    """Return `origin` if it is a browser extension's, else raise ValueError saying why."""
    if not _EXTENSION_ORIGIN.match(origin):
        raise ValueError(
            f"{origin!r} is not a browser-extension origin; only origins such as "
            "chrome-extension://<id> or moz-extension://<id> may call the API "
            "(a website's origin, or *, would let that site read and delete your journal)"
        )
    return origin


@dataclass(frozen=True, kw_only=True)
class WebSettings:
    max_body_bytes: int = MAX_BODY_BYTES
    # Browser-extension origins allowed to call the API (e.g. "chrome-extension://<id>").
    # Empty: CORS stays closed.
    cors_origins: tuple[str, ...] = ()
    # Host headers we answer to; guards against DNS rebinding of a page to 127.0.0.1.
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    extra_hosts: tuple[str, ...] = field(default=())
    # The audit upload routes (`/audit`, `/api/v1/audit`) take multipart/form-data up to this.
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    # Where each upload gets its private (0700) temporary folder; None: the system's.
    upload_dir: Path | None = None
    # The relay offered by default when starting a circle or a supervision link.
    relay_url: str = ""

    def __post_init__(self) -> None:
        for origin in self.cors_origins:
            check_extension_origin(origin)

    @property
    def hosts(self) -> tuple[str, ...]:
        return self.allowed_hosts + self.extra_hosts

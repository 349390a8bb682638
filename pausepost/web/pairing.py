"""The guard's side of extension pairing: who may call the API from a browser extension.

An extension origin (chrome-extension://<id>, moz-extension://<uuid>, ...) is let in only
with `Authorization: Pause <secret>` matching a pairing made for that same origin on the
app's /pair page. Its preflight carries no secret, so a preflight is answered for an origin
that has at least one pairing, and the secret is checked on the real request. The secret is
never logged.
"""

from __future__ import annotations

from typing import Protocol

from pausepost.web.settings import check_extension_origin

NOT_PAIRED = "this extension is not paired with Pause: open Pause's settings to pair it"
# Set in the ASGI scope by the guard once an extension's secret has been checked.
PAIRED_ORIGIN = "pause.paired_origin"
API_PREFIX = "/api/"
ALLOW_METHODS = b"GET, POST, DELETE"
ALLOW_HEADERS = b"authorization, content-type"
PREFLIGHT_MAX_AGE = b"600"


class Pairings(Protocol):
    """What the guard asks of the store (both calls are blocking: run them in a thread)."""

    def verify_pairing(self, origin: str, secret: str) -> bool: ...

    def paired_origin(self, secret: str) -> str | None: ...

    def origin_is_paired(self, origin: str) -> bool: ...


def is_extension_origin(origin: str | None) -> bool:
    if origin is None:
        return False
    try:
        check_extension_origin(origin)
    except ValueError:
        return False
    return True


def presented_secret(authorization: str | None) -> str | None:
    """The secret of `Authorization: Pause <secret>`; None for any other header."""
    if authorization is None:
        return None
    scheme, _, secret = authorization.strip().partition(" ")
    if scheme.lower() != "pause":
        return None
    return secret.strip() or None


def cors_headers(origin: str) -> list[tuple[bytes, bytes]]:
    return [
        (b"access-control-allow-origin", origin.encode("latin-1")),
        (b"vary", b"Origin"),
    ]


def preflight_headers(origin: str) -> list[tuple[bytes, bytes]]:
    return [
        *cors_headers(origin),
        (b"access-control-allow-methods", ALLOW_METHODS),
        (b"access-control-allow-headers", ALLOW_HEADERS),
        (b"access-control-max-age", PREFLIGHT_MAX_AGE),
    ]

"""Pure ASGI guards that run before any parsing: body size, content type, origin, host, and
paired browser extensions (pausepost.web.pairing)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pausepost.web import pairing
from pausepost.web.errors import error_body
from pausepost.web.pictures import IMAGE_BODY_BYTES

log = logging.getLogger("pausepost.web")
# Only our own files run or load; nothing may frame the app or read it cross-site.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Routes that take a file upload (multipart/form-data) with their own, larger size limit.
UPLOAD_PATHS = frozenset({"/audit", "/api/v1/audit"})
# Routes that take pictures with a draft (JSON with base64, or multipart/form-data), up to
# IMAGE_BODY_BYTES; pausepost/web/pictures.py limits each picture.
IMAGE_PATHS = frozenset({"/", "/api/v1/check"})
# A circle page's vent form takes a picture too (refused, with why); the same body limit,
# so a phone photo is answered on the page rather than by a bare 413 here.
VENT_FORM = re.compile(r"/circles/[A-Za-z0-9_-]{22}/vent")


async def _reject(
    send: Send, status: int, error: str, extra: Iterable[tuple[bytes, bytes]] = ()
) -> None:
    body = json.dumps(error_body(status, error)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *SECURITY,
                (b"content-security-policy", CSP.encode()),
                *extra,  # a paired extension's CORS headers, so that it can read why
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _preflight(send: Send, origin: str) -> None:
    headers = [*pairing.preflight_headers(origin), *SECURITY, (b"content-length", b"0")]
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", ()):
        if k == name:
            return str(v.decode("latin-1"))
    return None


def _split_host(host: str) -> tuple[str, int | None]:
    """"localhost:8765" -> ("localhost", 8765); "[::1]:80" -> ("[::1]", 80); bad port -> -1."""
    name, sep, port = host.rpartition(":")
    if not sep or name.endswith(":") or (name.startswith("[") is not name.endswith("]")):
        return host, None  # no port, or a bare IPv6 address
    return name, int(port) if port.isdigit() and len(port) <= 5 else -1


def _same_port(port: int | None, scope: Scope) -> bool:
    """The port named in Host must be the one this server listens on (when it is known)."""
    server = scope.get("server")
    if not server or server[1] is None:
        return port is None or port > 0
    default = 443 if scope.get("scheme") == "https" else 80
    return bool((port if port is not None else default) == server[1])


def _too_large(limit: int) -> HTTPException:
    # An HTTPException so that FastAPI's body parsing passes it through as a 413.
    return HTTPException(413, f"the body is over the {limit:,}-byte limit")


class Guard:
    """Refuses, in the one error shape: unknown Host (DNS rebinding), cross-site writes
    (CSRF against a local app), non-JSON bodies on the API, bodies over the limit
    (`max_upload` on the upload routes, which take multipart/form-data instead of JSON), and
    browser extensions that are not paired (`pairings`; see pausepost.web.pairing)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body: int,
        hosts: Iterable[str],
        origins: Iterable[str],
        max_upload: int | None = None,
        upload_paths: Iterable[str] = UPLOAD_PATHS,
        pairings: pairing.Pairings | None = None,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload if max_upload is not None else max_body
        self.upload_paths = frozenset(upload_paths)
        self.hosts = frozenset(h.lower() for h in hosts)
        self.origins = frozenset(origins)
        self.pairings = pairings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin = _header(scope, b"origin")
        cors: list[tuple[bytes, bytes]] = []
        if (
            self.pairings is not None
            and origin not in self.origins  # `--cors-origin` ones: CORSMiddleware, as before
            and pairing.is_extension_origin(origin)
            and not self._bad_host(scope)  # that one is answered 421 below
        ):
            assert origin is not None
            if await self._extension(scope, send, origin):
                return
            cors = pairing.cors_headers(origin)
        elif (
            self.pairings is not None
            and origin is None
            and _header(scope, b"authorization") is not None
            and scope["path"].startswith(pairing.API_PREFIX)
            and await self._secret_only(scope, send)
        ):
            return
        problem = self._check(scope)
        if problem:
            await _reject(send, *problem, extra=cors)
            return
        started = False
        limit = self._limit(scope)

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [*message.get("headers", ()), *SECURITY, *cors]
                # A response may set a stricter policy of its own (the audit report allows
                # only its inline styles, and no script at all); otherwise the app's.
                if not any(k.lower() == b"content-security-policy" for k, _ in headers):
                    headers.append((b"content-security-policy", CSP.encode()))
                # Pages and answers carry drafts, the journal and colleagues' vents: never
                # into the browser's disk cache, where they would outlive a delete or expiry.
                cached = scope["path"].startswith("/static/")
                if not cached and not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, self._limited(receive, limit), tracking_send)
        except Exception as exc:
            # Answer in the error shape and stop here: re-raised, the server would log a
            # traceback whose message might quote the draft.
            log.error("unexpected %s on %s %s", type(exc).__name__, scope["method"], scope["path"])
            if not started:
                await _reject(send, 500, "unexpected error; please report it", extra=cors)

    def _is_upload(self, scope: Scope) -> bool:
        return scope["method"] == "POST" and scope["path"] in self.upload_paths

    def _limit(self, scope: Scope) -> int:
        if scope["method"] == "POST" and (
            scope["path"] in IMAGE_PATHS or VENT_FORM.fullmatch(scope["path"])
        ):
            return max(self.max_body, IMAGE_BODY_BYTES)
        return self.max_upload if self._is_upload(scope) else self.max_body

    async def _extension(self, scope: Scope, send: Send, origin: str) -> bool:
        """Check a call from an extension origin; True if it has been answered (a refusal,
        or a preflight's 204). A paired one goes on with PAIRED_ORIGIN set in the scope."""
        assert self.pairings is not None
        if not scope["path"].startswith(pairing.API_PREFIX):  # pages are for the app's own tab
            await _reject(send, 403, "cross-site requests are not allowed")
            return True
        preflight = scope["method"] == "OPTIONS" and (
            _header(scope, b"access-control-request-method") is not None
        )
        secret = pairing.presented_secret(_header(scope, b"authorization"))
        try:
            if preflight:
                ok = await run_in_threadpool(self.pairings.origin_is_paired, origin)
            else:
                ok = secret is not None and await run_in_threadpool(
                    self.pairings.verify_pairing, origin, secret
                )
        except Exception as exc:  # the store is down: the type only, never the secret
            log.error("unexpected %s checking an extension's pairing", type(exc).__name__)
            await _reject(send, 500, "unexpected error; please report it")
            return True
        if not ok:
            await _reject(send, 403, pairing.NOT_PAIRED)
            return True
        if preflight:
            await _preflight(send, origin)
            return True
        scope[pairing.PAIRED_ORIGIN] = origin
        return False

    async def _secret_only(self, scope: Scope, send: Send) -> bool:
        """An API call with a Pause secret and no Origin: Chromium sends none on a GET from an
        extension's service worker (it sends Sec-Fetch-Site: none). The secret must belong to
        a pairing; a wrong one is refused, never ignored. True if answered (refused)."""
        assert self.pairings is not None
        secret = pairing.presented_secret(_header(scope, b"authorization"))
        try:
            origin = secret and await run_in_threadpool(self.pairings.paired_origin, secret)
        except Exception as exc:  # the store is down: the type only, never the secret
            log.error("unexpected %s checking an extension's pairing", type(exc).__name__)
            await _reject(send, 500, "unexpected error; please report it")
            return True
        if not origin:
            await _reject(send, 403, pairing.NOT_PAIRED)
            return True
        scope[pairing.PAIRED_ORIGIN] = origin
        return False

    def _bad_host(self, scope: Scope) -> bool:
        host = (_header(scope, b"host") or "").lower()
        hostname, port = _split_host(host)
        return hostname not in self.hosts or not _same_port(port, scope)

    def _check(self, scope: Scope) -> tuple[int, str] | None:
        host = (_header(scope, b"host") or "").lower()
        if self._bad_host(scope):
            return 421, "this app only answers on its local address"
        method = scope["method"]
        if method in UNSAFE and self._cross_site(scope, host):
            return 403, "cross-site requests are not allowed"
        length = _header(scope, b"content-length")
        limit = self._limit(scope)
        if length is not None:
            if not length.isdigit():
                return 400, "bad Content-Length"
            if int(length) > limit:
                return 413, str(_too_large(limit).detail)
        has_body = (length is not None and int(length) > 0) or (
            _header(scope, b"transfer-encoding") is not None
        )
        if scope["path"] in self.upload_paths:  # other methods: 405 from the router
            ctype = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
            if method == "POST" and ctype != "multipart/form-data":
                return 415, "send the export as multipart/form-data"
        elif scope["path"].startswith("/api/") and method in UNSAFE and has_body:
            ctype = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
            pictures = ctype == "multipart/form-data" and scope["path"] in IMAGE_PATHS
            if ctype != "application/json" and not pictures:
                return 415, "send the body as application/json"
        return None

    def _cross_site(self, scope: Scope, host: str) -> bool:
        """A write from another site (CSRF against a local app). Browsers send Origin on
        cross-site writes; where it is missing, Sec-Fetch-Site and Referer still tell."""
        origin = _header(scope, b"origin")
        if origin is not None and origin == scope.get(pairing.PAIRED_ORIGIN):
            return False  # an extension whose secret the guard has just checked
        if origin is not None:
            return origin not in self.origins and urlsplit(origin).netloc.lower() != host
        # same-site is another port or subdomain of this machine: another app, not ours.
        fetch_site = (_header(scope, b"sec-fetch-site") or "").lower()
        if fetch_site in {"cross-site", "same-site"}:
            return True
        referer = _header(scope, b"referer")
        return referer is not None and urlsplit(referer).netloc.lower() != host

    def _limited(self, receive: Receive, limit: int) -> Receive:
        seen = 0

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _too_large(limit)
            return message

        return wrapped

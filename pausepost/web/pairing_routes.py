"""Pairing a browser extension: the /pair page it opens, /settings to revoke, and the API's
`GET /api/v1/pairing` probe and `DELETE /api/v1/pairing/{id}`.

The secret is shown once, in the answer to "Allow", inside
`<output id="pause-pairing" data-origin=… data-secret=… hidden>`, which the extension's
content script reads and removes; the store keeps only its keyed hash.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from pausepost.store.models import PairedExtension
from pausepost.visible import one_line
from pausepost.web import schemas as s
from pausepost.web.deps import Service
from pausepost.web.errors import ErrorOut
from pausepost.web.page_base import page as _page
from pausepost.web.pairing import NOT_PAIRED, PAIRED_ORIGIN
from pausepost.web.settings import check_extension_origin

NAME_MAX = 40
DEFAULT_NAME = "a browser"

api_router = APIRouter(prefix="/api/v1", tags=["api"])
page_router = APIRouter(include_in_schema=False)


class PairingOut(BaseModel):
    ok: Literal[True]
    paired: Literal[True]
    origin: str


_E: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorOut, "description": "not a paired extension, or cross-site"},
    400: {"model": ErrorOut, "description": "malformed headers"},
    421: {"model": ErrorOut, "description": "unknown Host header"},
    422: {"model": ErrorOut, "description": "invalid id"},
}


def _paired_origin(request: Request) -> str | None:
    origin = request.scope.get(PAIRED_ORIGIN)
    return origin if isinstance(origin, str) else None


@api_router.get("/pairing", response_model=PairingOut, responses=_E)
def pairing_probe(request: Request) -> dict[str, Any]:
    """The extension's "is the app up, and am I paired?": answers only a call from an
    extension origin with `Authorization: Pause <secret>` of a pairing for that origin
    (checked by the guard); 403 otherwise."""
    origin = _paired_origin(request)
    if origin is None:
        raise HTTPException(403, NOT_PAIRED)
    return {"ok": True, "paired": True, "origin": origin}


@api_router.delete(
    "/pairing/{pairing_id}",
    response_model=s.OkOut,
    responses={**_E, 404: {"model": ErrorOut, "description": "no such pairing"}},
)
def pairing_revoke(pairing_id: s.PathId, request: Request, svc: Service) -> dict[str, Any]:
    """Revoke a pairing: that extension's next call is refused (403). From the app's own
    origin only (never from an extension, paired or not)."""
    if _paired_origin(request) is not None:
        raise HTTPException(403, "pairings can be revoked only from Pause's own settings page")
    if not svc.store.revoke_pairing(pairing_id):
        raise HTTPException(404, "no such pairing")
    return {"ok": True}


# -- pages ---------------------------------------------------------------------------------


def _browser_name(name: str | None) -> str:
    """What the extension says it runs in: shown to the user, so visible text only."""
    return one_line(name or "", NAME_MAX) or DEFAULT_NAME


def _origin_problem(origin: str | None) -> str | None:
    if not origin:
        return "This page is opened by the Pause browser extension: use its “Pair” button."
    try:
        check_extension_origin(origin)
    except ValueError:
        return "This is not a browser extension's address, so there is nothing to pair."
    return None


def _ask(request: Request, svc: Service, origin: str | None, name: str) -> Response:
    problem = _origin_problem(origin)
    if problem:
        return _page(request, "pair.html", {"error": problem, "name": name}, 422)
    earlier = sum(1 for p in svc.store.pairings() if p.origin == origin)
    ctx = {"origin": origin, "name": name, "earlier": earlier}
    return _page(request, "pair.html", ctx)


@page_router.get("/pair")
def pair_page(
    request: Request, svc: Service, origin: str | None = None, name: str | None = None
) -> Response:
    return _ask(request, svc, origin, _browser_name(name))


@page_router.post("/pair")
def pair_answer(
    request: Request,
    svc: Service,
    origin: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    answer: Annotated[str, Form()] = "",
) -> Response:
    """A same-origin form post (the guard refuses a cross-site one)."""
    browser = _browser_name(name)
    problem = _origin_problem(origin)
    if problem:
        return _page(request, "pair.html", {"error": problem, "name": browser}, 422)
    if answer == "cancel":
        return _page(request, "pair.html", {"cancelled": True, "origin": origin})
    if answer != "allow":
        return _ask(request, svc, origin, browser)  # ask again; nothing created
    row, secret = svc.store.pair(origin, browser)
    ctx = {"origin": row.origin, "name": row.name, "secret": secret}
    # It holds the secret: the guard's no-store keeps it out of the browser's cache.
    return _page(request, "pair.html", ctx)


def _when(t: dt.datetime | None) -> str | None:
    if t is None:
        return None
    if t.tzinfo is not None:  # SQLite hands back naive UTC, PostgreSQL aware
        t = t.astimezone(dt.UTC)
    return t.strftime("%Y-%m-%d %H:%M UTC")


def _row(p: PairedExtension) -> dict[str, Any]:
    return {
        "id": p.id,
        "origin": p.origin,
        "name": p.name,
        "created_at": _when(p.created_at),
        "last_used": _when(p.last_used),
    }


@page_router.get("/settings")
def settings_page(request: Request, svc: Service, revoked: int | None = None) -> Response:
    ctx = {"pairings": [_row(p) for p in svc.store.pairings()], "revoked": revoked}
    return _page(request, "settings.html", ctx)


@page_router.post("/settings/pairing/{pairing_id}/revoke")
def settings_revoke(pairing_id: s.PathId, svc: Service) -> Response:
    if not svc.store.revoke_pairing(pairing_id):
        raise HTTPException(404, "no such pairing")
    return RedirectResponse("/settings?revoked=1", status_code=303)

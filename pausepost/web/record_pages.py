"""The pages of what Pause keeps on this machine, the journal and the consent ledger, and
the note to a colleague. Each is the twin of a JSON endpoint and works with JavaScript off;
registered in `app.py` beside `pages.router`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from pausepost.errors import InputError
from pausepost.store import consent as ledger
from pausepost.store import journal
from pausepost.web import render
from pausepost.web import schemas as s
from pausepost.web.deps import Service
from pausepost.web.errors import field_problem
from pausepost.web.page_base import OptStr
from pausepost.web.page_base import blank as _blank
from pausepost.web.page_base import page as _page

router = APIRouter(include_in_schema=False)


# -- journal -------------------------------------------------------------------------------


@router.get("/journal")
def journal_page(request: Request, svc: Service, recorded: int | None = None) -> Response:
    circles = request.app.state.circles
    if circles is not None:
        circles.fetch_answers()  # a supervisor's answer lands on its journal entry
    entries = svc.store.journal()
    st = journal.stats(entries, today=svc.today())
    weeks = [
        (dt.date.fromisoformat(w["week"]).strftime("%d %b"), w["count"])
        for w in st["pauses_per_week"]
    ]
    charts = {
        "weeks": render.column_chart("Pauses per week (revise or hold)", weeks),
        "concerns": render.bar_chart(
            "Most frequent concerns",
            [(c["concern"].replace("_", " "), c["count"]) for c in st["top_concerns"]],
        ),
        "choices": render.bar_chart(
            "After a pause",
            [("revised or held", st["revised"]), ("posted anyway", st["posted_anyway"])],
        ),
    }
    ctx = {
        "entries": [journal.entry_dict(e) for e in entries],
        "stats": st,
        "charts": charts,
        "recorded": recorded,
    }
    return _page(request, "journal.html", ctx)


@router.get("/journal.csv")
def journal_csv(svc: Service) -> Response:
    return Response(
        journal.to_csv(svc.store.journal()),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="pause-journal.csv"'},
    )


@router.post("/journal/{entry_id}/delete")
def journal_delete(entry_id: s.PathId, svc: Service) -> Response:
    if not svc.store.delete_entry(entry_id):
        raise HTTPException(404, "no such journal entry")
    return RedirectResponse("/journal", status_code=303)


@router.post("/journal/delete-all")
def journal_delete_all(svc: Service, confirm: OptStr = None) -> Response:
    if confirm != "yes":
        raise HTTPException(422, "confirm: tick the box to delete every entry")
    svc.store.delete_journal()
    return RedirectResponse("/journal", status_code=303)


# -- consent ledger ------------------------------------------------------------------------


def _consent_page(
    request: Request, svc: Service, error: str | None = None, status: int = 200
) -> Response:
    today = svc.today()
    ctx = {
        "entries": [ledger.entry_dict(e, today) for e in svc.store.consents()],
        "today": today.isoformat(),
        "error": error,
    }
    return _page(request, "consent.html", ctx, status)


@router.get("/consent")
def consent_page(request: Request, svc: Service) -> Response:
    return _consent_page(request, svc)


@router.post("/consent")
def consent_add(
    request: Request,
    svc: Service,
    label: Annotated[str, Form()] = "",
    scope: Annotated[str, Form()] = "",
    platforms: Annotated[list[str] | None, Form()] = None,
    audience: Annotated[str, Form()] = "both",
    given_on: Annotated[str, Form()] = "",
    expires_on: OptStr = None,
) -> Response:
    try:
        body = s.ConsentIn.model_validate(
            {
                "label": label.strip(),
                "scope": scope.strip(),
                "platforms": platforms or [],
                "audience": audience,
                "given_on": given_on,
                "expires_on": _blank(expires_on),
            },
            strict=False,
        )
    except ValidationError as exc:
        return _consent_page(request, svc, field_problem(exc.errors()[0]), 422)
    if body.expires_on and body.expires_on < body.given_on:
        return _consent_page(request, svc, "The expiry date is before the date given.", 422)
    svc.store.add_consent(
        label=body.label,
        scope=body.scope,
        platforms=[getattr(p, "value", p) for p in body.platforms],
        audience=body.audience,
        given_on=body.given_on,
        expires_on=body.expires_on,
    )
    return RedirectResponse("/consent", status_code=303)


@router.post("/consent/{consent_id}/revoke")
def consent_revoke(consent_id: s.PathId, svc: Service) -> Response:
    if svc.store.revoke_consent(consent_id) is None:
        raise HTTPException(404, "no such consent entry")
    return RedirectResponse("/consent", status_code=303)


@router.post("/consent/{consent_id}/delete")
def consent_delete(consent_id: s.PathId, svc: Service) -> Response:
    if not svc.store.delete_consent(consent_id):
        raise HTTPException(404, "no such consent entry")
    return RedirectResponse("/consent", status_code=303)


# -- a note to a colleague -----------------------------------------------------------------


@router.get("/nudge")
def nudge_page(request: Request) -> Response:
    return _page(request, "nudge.html", {})


@router.post("/nudge")
def nudge_make(
    request: Request,
    svc: Service,
    text: Annotated[str, Form()] = "",
    colleague: OptStr = None,
    sender: OptStr = None,
) -> Response:
    ctx: dict[str, Any] = {"colleague": colleague or "", "sender": sender or ""}
    try:
        body = s.NudgeIn.model_validate(
            {"text": text, "colleague": _blank(colleague), "sender": _blank(sender)}, strict=False
        )
        ctx["note"] = svc.nudge(body.text, colleague=body.colleague, sender=body.sender)
    except ValidationError as exc:
        ctx["error"] = field_problem(exc.errors()[0])
        return _page(request, "nudge.html", ctx, 422)
    except InputError as exc:
        ctx["error"] = str(exc)
        return _page(request, "nudge.html", ctx, 422)
    return _page(request, "nudge.html", ctx)

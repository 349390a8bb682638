"""HTML pages: compose and check, decide, allow, feedback, audit (the journal, consent and
nudge pages are `record_pages.py`). Each is the twin of a JSON endpoint and works with
JavaScript off."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from pausepost.core.types import Concern, Finding, SpanLabel
from pausepost.errors import InputError
from pausepost.store import Decision
from pausepost.store import consent as ledger
from pausepost.web import render
from pausepost.web import schemas as s
from pausepost.web.circles_pages import review_context
from pausepost.web.deps import Service
from pausepost.web.errors import field_problem, wants_html
from pausepost.web.page_base import DECISIONS, OptStr
from pausepost.web.page_base import blank as _blank
from pausepost.web.page_base import opt_int as _opt_int
from pausepost.web.page_base import page as _page
from pausepost.web.pictures import (
    MAX_IMAGE_BYTES,
    MAX_IMAGES,
    Picture,
    check_pictures,
    form_check_body,
    read_form,
)
from pausepost.web.upload import FIELD, audit_upload

router = APIRouter(include_in_schema=False)


def _draft(
    text: str, platform: str | None, audience: str | None, consent_id: str | None
) -> s.CheckIn:
    """Validate form fields with the API's own model, so both paths accept the same input."""
    try:
        return s.CheckIn.model_validate(
            {
                "text": text,
                "platform": _blank(platform),
                "audience": _blank(audience),
                "consent_id": _opt_int(consent_id),
            },
            strict=False,
        )
    except ValidationError as exc:
        raise HTTPException(422, field_problem(exc.errors()[0])) from None


def _compose(
    request: Request,
    svc: Service,
    draft: s.CheckIn | None,
    notice: str | None = None,
    *,
    record: bool = False,
    checked: dict[str, Any] | None = None,
    error: tuple[int, str] | None = None,
) -> Response:
    """The compose page; with `draft`, its check (or the one already done: `checked`, the
    page's view of a check with pictures; or the `error` it ended in)."""
    ctx: dict[str, Any] = {
        "draft": draft,
        "consents": [ledger.entry_dict(e, svc.today()) for e in svc.store.consents()],
        "notice": notice,
        "max_images": MAX_IMAGES,
        "max_image_mib": MAX_IMAGE_BYTES // (1024 * 1024),
    }
    ctx.update(review_context(request.app.state.circles, sync=draft is None))
    status = 200
    if error is not None:
        status, ctx["input_error"] = error
    elif checked is not None:
        ctx.update(checked)
    elif draft is not None:
        try:
            a = svc.check(
                draft.text,
                platform=getattr(draft.platform, "value", None),
                audience=draft.audience,
                consent_id=draft.consent_id,
                journal=record,
            )
        except InputError as exc:
            ctx["input_error"] = str(exc)
            status = 422
        else:
            ctx["a"] = a.to_dict()
            ctx["segments"] = render.segments(a)
            ctx["diff"] = render.word_diff(draft.text, a.rewrite) if a.rewrite else None
    return _page(request, "compose.html", ctx, status)


@router.get("/")
def compose(request: Request, svc: Service) -> Response:
    return _compose(request, svc, None)


_DRAFT_FIELDS = ("text", "platform", "audience", "consent_id")


@router.post("/")
async def compose_check(request: Request, svc: Service) -> Response:
    """The compose form, posted with JavaScript off. The form is multipart/form-data so that
    pictures can come with the draft: they are read in memory, never spooled to disk."""
    # An explicit check (the button, or a form post with JavaScript off) goes in the journal.
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    pictures: list[Picture] = []
    if ctype == "multipart/form-data":
        try:
            fields, pictures = await read_form(request)
        except HTTPException as exc:
            page = partial(_compose, request, svc, None, error=(exc.status_code, str(exc.detail)))
            return await run_in_threadpool(page)
    else:
        form = await request.form()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
    known = {k: fields[k] for k in _DRAFT_FIELDS if k in fields}
    if not pictures:
        draft = _draft(known.get("text", ""), known.get("platform"), known.get("audience"),
                       known.get("consent_id"))  # fmt: skip
        return await run_in_threadpool(partial(_compose, request, svc, draft, record=True))
    body = form_check_body({**known, "journal": "true"})
    try:
        result = await check_pictures(svc, body, pictures)
    except HTTPException as exc:
        page = partial(_compose, request, svc, body, error=(exc.status_code, str(exc.detail)))
        return await run_in_threadpool(page)
    page = partial(_compose, request, svc, body, checked=_with_pictures(body.text, result))
    return await run_in_threadpool(page)


def _with_pictures(text: str, result: dict[str, Any]) -> dict[str, Any]:
    """The page's view of a check with pictures: the caption's own flags are highlighted
    in the draft; each picture's are listed with it."""
    caption = [f for f in result["findings"] if "image" not in f]
    a = {**result, "findings": caption}
    return {
        "a": a,
        "segments": render.text_segments(text, caption),
        "diff": render.word_diff(text, a["rewrite"]) if a["rewrite"] else None,
        "pictures": [_picture_view(img) for img in result["images"]],
    }


def _picture_view(img: dict[str, Any]) -> dict[str, Any]:
    """One picture's findings as lines to read: what was flagged (quoted), and why."""
    reasons: list[str] = []
    for f in img.get("findings", []):
        why = f.get("why") or "flagged"
        said = f"\u201c{f['text']}\u201d: {why}" if f.get("text") else why
        if said not in reasons:
            reasons.append(said)
    return {**img, "reasons": reasons}


@router.post("/decide")
def decide(
    svc: Service,
    decision: Annotated[str, Form()],
    text: Annotated[str, Form()] = "",
    platform: OptStr = None,
    audience: OptStr = None,
    consent_id: OptStr = None,
    keep_text: OptStr = None,
) -> Response:
    draft = _draft(text, platform, audience, consent_id)
    if decision not in {d for d, _ in DECISIONS}:
        raise HTTPException(422, "decision: choose one of the offered decisions")
    entry = svc.decide(
        draft.text,
        Decision(decision),
        platform=getattr(draft.platform, "value", None),
        audience=draft.audience,
        consent_id=draft.consent_id,
        keep_text=keep_text == "on",
    )
    return RedirectResponse(f"/journal?recorded={entry.id}#entry-{entry.id}", status_code=303)


@router.post("/allow")
def allow(
    request: Request,
    svc: Service,
    term: Annotated[str, Form()],
    text: Annotated[str, Form()] = "",
    platform: OptStr = None,
    audience: OptStr = None,
    consent_id: OptStr = None,
) -> Response:
    term = term.strip()
    if not 2 <= len(term) <= 200 or not s.plain_term(term):
        raise HTTPException(422, "term: 2 to 200 characters, visible text, no control characters")
    svc.add_allow(term)
    notice = "Added to your allow-list. It will not be flagged again."
    return _compose(request, svc, _draft(text, platform, audience, consent_id), notice)


@router.post("/feedback")
def feedback(
    request: Request,
    svc: Service,
    detector: Annotated[str, Form(max_length=80)],
    code: Annotated[str, Form(max_length=120)],
    concern: Annotated[str, Form()],
    label: OptStr = None,
    text: Annotated[str, Form()] = "",
    platform: OptStr = None,
    audience: OptStr = None,
    consent_id: OptStr = None,
) -> Response:
    try:
        finding = Finding(
            detector=detector,
            concern=Concern(concern),
            code=code,
            label=SpanLabel(label) if label else None,
        )
    except ValueError:
        raise HTTPException(422, "concern or label: unknown value") from None
    svc.store.add_feedback(finding)
    notice = "Thank you: noted on this machine, to tune Pause. Nothing was sent anywhere."
    return _compose(request, svc, _draft(text, platform, audience, consent_id), notice)


# -- audit past posts ----------------------------------------------------------------------


def _audit_page(
    request: Request, error: str | None = None, status: int = 200
) -> Response:
    limit = request.app.state.settings.max_upload_bytes
    ctx = {"error": error, "field": FIELD, "limit_mib": limit // (1024 * 1024)}
    return _page(request, "audit.html", ctx, status)


@router.get("/audit")
def audit_page(request: Request) -> Response:
    return _audit_page(request)


@router.post("/audit")
async def audit_run(request: Request, svc: Service) -> Response:
    """The upload form's target: the same self-contained report.html the CLI writes."""
    try:
        return await audit_upload(request, svc, "html")
    except HTTPException as exc:
        if exc.status_code >= 500 or not wants_html(request):
            raise
        return _audit_page(request, str(exc.detail), exc.status_code)


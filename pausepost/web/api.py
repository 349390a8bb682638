"""The JSON API under /api/v1: check, journal, consent, nudge, allow-list, feedback,
health (the audit upload is `api_audit.py`)."""

from __future__ import annotations

import json
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import TypeAdapter, ValidationError

from pausepost import __version__
from pausepost.core.types import Concern, Finding, SpanLabel
from pausepost.store import Decision, journal
from pausepost.store import consent as ledger
from pausepost.web import schemas as s
from pausepost.web.api_common import ERRORS as _E
from pausepost.web.api_common import ERRORS_404 as _E404
from pausepost.web.api_common import plain_value as _value
from pausepost.web.deps import Service
from pausepost.web.errors import ErrorOut
from pausepost.web.pictures import (
    IMAGE_FIELD,
    MAX_IMAGE_BYTES,
    MAX_IMAGES,
    Picture,
    check_pictures,
    form_check_body,
    from_base64,
    read_form,
    text_only,
    validation_error,
)

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get("/health", response_model=s.HealthOut, responses=_E)
def health(svc: Service) -> dict[str, Any]:
    return {"ok": True, "version": __version__, "store": svc.store.dialect, "engine": "pausepost"}


_E_CHECK: dict[int | str, dict[str, Any]] = {
    **_E,
    400: {"model": ErrorOut, "description": "malformed JSON, multipart body or headers"},
    413: {
        "model": ErrorOut,
        "description": f"body over the documented limit; a picture over {MAX_IMAGE_BYTES:,} "
        f"bytes; more than {MAX_IMAGES} pictures",
    },
    415: {
        "model": ErrorOut,
        "description": "body neither application/json nor multipart/form-data; a picture "
        "that is not one, or in a format Pause does not read (HEIC, PDF, SVG ...)",
    },
    422: {
        "model": ErrorOut,
        "description": "invalid or unknown fields, text that cannot be screened, a damaged "
        "picture or bad base64 (the error names the picture)",
    },
    503: {
        "model": ErrorOut,
        "description": "pictures were sent but cannot be checked on this machine (no media "
        "extra or tesseract): nothing was screened",
    },
}


def _inline(model: Any) -> dict[str, Any]:
    """A model's JSON schema with its `$defs` written in place (the spec is built by hand
    here, because the route reads its body itself to take two content types)."""
    schema = TypeAdapter(model).json_schema()
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(defs[ref.removeprefix("#/$defs/")])
            return {k: walk(v) for k, v in node.items()}
        return [walk(v) for v in node] if isinstance(node, list) else node

    inlined: dict[str, Any] = walk(schema)
    return inlined


def _check_body() -> dict[str, Any]:
    text = _inline(s.CaptionIn)["properties"]["text"]
    one_of = [_inline(s.Platform), {"type": "string", "enum": [""]}]
    form = {
        "type": "object",
        "properties": {
            "text": {**text, "description": "the caption (may be empty when pictures come)"},
            "platform": {"oneOf": one_of},
            "audience": {"type": "string", "enum": ["", "personal", "professional"]},
            "consent_id": {"type": "string", "pattern": "^[0-9]{0,10}$"},
            "journal": {"type": "string", "enum": ["true", "false"]},
            IMAGE_FIELD: {
                "type": "array",
                "items": {"type": "string", "format": "binary"},
                "maxItems": MAX_IMAGES,
                "description": f"pictures posted with the draft (repeat the field), at most "
                f"{MAX_IMAGES}, each at most {MAX_IMAGE_BYTES:,} bytes",
            },
        },
        "additionalProperties": False,
    }
    json_schema = {"oneOf": [_inline(s.CheckIn), _inline(s.CheckImagesIn)]}
    content = {"application/json": {"schema": json_schema}, "multipart/form-data": {"schema": form}}
    return {"requestBody": {"required": True, "content": content}}


async def _json_check_body(request: Request, limit: int) -> tuple[s.CheckIn, list[Picture]]:
    """The JSON body: a plain check (within the API's usual body limit), or one with base64
    pictures (which the Guard lets grow to IMAGE_BODY_BYTES)."""
    raw = await request.body()
    if not raw:
        raise HTTPException(422, "body: Field required")
    try:
        obj = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        obj = None
        if len(raw) <= limit:
            raise HTTPException(400, "the body is not valid JSON") from None
    if not (isinstance(obj, dict) and "images" in obj):
        if len(raw) > limit:
            raise HTTPException(413, f"the body is over the {limit:,}-byte limit")
        try:
            return s.CheckIn.model_validate_json(raw), []
        except ValidationError as exc:
            raise validation_error(exc) from None
    try:
        body = s.CheckImagesIn.model_validate(obj)
    except ValidationError as exc:
        raise validation_error(exc) from None
    return body, from_base64([(i.name, i.data) for i in body.images])


# async: screening is a millisecond of CPU; a thread hop would cost as much as it saves.
# Only a check that reads or writes the store (a ledger entry, the journal), or reads
# pictures, takes one.
@router.post(
    "/check",
    responses={200: {"model": s.CheckOut}, **_E_CHECK},
    openapi_extra=_check_body(),
)
async def check(request: Request, svc: Service) -> JSONResponse:
    """Screen a draft. Returns exactly what `pausepost check --json` prints, except that a
    consent claim without a valid ledger entry (`consent_id`) is raised to hold. With
    `journal`, the check is recorded (hash only) until a decision on the draft completes it.

    With pictures (JSON `images` in base64, or multipart/form-data with `image` files; at
    most 4, each at most 20 MiB; the caption may then be empty), returns what
    `pausepost check --json --image` prints: `images` (kind, text read, faces, GPS and other
    metadata, each picture's verdict and findings) and `caption_verdict`, with the verdict
    covering caption and pictures. A picture that cannot be read is refused, by name."""
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        fields, pictures = await read_form(request)
        body: s.CheckIn = form_check_body(fields)
    else:
        body, pictures = await _json_check_body(request, request.app.state.settings.max_body_bytes)
    if pictures:
        return JSONResponse(await check_pictures(svc, body, pictures))
    if isinstance(body, s.CaptionIn):  # no picture came after all: a draft is needed
        body = text_only(body)
    run = partial(
        svc.check,
        body.text,
        platform=_value(body.platform),
        audience=body.audience,
        consent_id=body.consent_id,
        journal=body.journal,
    )
    a = await run_in_threadpool(run) if body.journal or body.consent_id else run()
    return JSONResponse(a.to_dict())


@router.get("/journal", response_model=s.JournalOut, responses=_E)
def journal_list(
    svc: Service,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> dict[str, Any]:
    entries = svc.store.journal(limit=limit, offset=offset)
    return {
        "ok": True,
        "total": svc.store.journal_count(),
        "entries": [journal.entry_dict(e) for e in entries],
        "stats": journal.stats(svc.store.journal(), today=svc.today()),
    }


@router.post("/journal", status_code=201, response_model=s.JournalEntryWrap, responses=_E)
def journal_add(body: s.DecisionBody, svc: Service) -> dict[str, Any]:
    """Record a decision. The draft is screened again here; only its hash is kept unless
    `keep_text` is true. A decision completes the draft's open check if there is one."""
    entry = svc.decide(
        body.text,
        Decision(body.decision),
        platform=_value(body.platform),
        audience=body.audience,
        consent_id=body.consent_id,
        keep_text=body.keep_text,
    )
    return {"ok": True, "entry": journal.entry_dict(entry)}


@router.delete("/journal", response_model=s.DeletedOut, responses=_E)
def journal_delete_all(
    svc: Service,
    confirm: Annotated[Literal["yes"], Query(description="must be `yes`: this cannot be undone")],
) -> dict[str, Any]:
    """Delete every journal entry, for good."""
    return {"ok": True, "deleted": svc.store.delete_journal()}


@router.get(
    "/journal.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "the journal as CSV"}, **_E},
)
def journal_csv(svc: Service) -> Response:
    return Response(
        journal.to_csv(svc.store.journal()),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="pause-journal.csv"'},
    )


@router.get("/journal/{entry_id}", response_model=s.JournalEntryWrap, responses=_E404)
def journal_get(entry_id: s.PathId, svc: Service) -> dict[str, Any]:
    entry = svc.store.journal_entry(entry_id)
    if entry is None:
        raise HTTPException(404, "no such journal entry")
    return {"ok": True, "entry": journal.entry_dict(entry)}


@router.delete("/journal/{entry_id}", response_model=s.OkOut, responses=_E404)
def journal_delete(entry_id: s.PathId, svc: Service) -> dict[str, Any]:
    if not svc.store.delete_entry(entry_id):
        raise HTTPException(404, "no such journal entry")
    return {"ok": True}


@router.get("/consent", response_model=s.ConsentListOut, responses=_E)
def consent_list(svc: Service) -> dict[str, Any]:
    today = svc.today()
    return {"ok": True, "entries": [ledger.entry_dict(e, today) for e in svc.store.consents()]}


@router.post("/consent", status_code=201, response_model=s.ConsentWrap, responses=_E)
def consent_add(body: s.ConsentIn, svc: Service) -> dict[str, Any]:
    if body.expires_on and body.expires_on < body.given_on:
        raise HTTPException(422, "expires_on: must not be before given_on")
    entry = svc.store.add_consent(
        label=body.label.strip(),
        scope=body.scope.strip(),
        platforms=[_value(p) for p in body.platforms],
        audience=body.audience,
        given_on=body.given_on,
        expires_on=body.expires_on,
    )
    return {"ok": True, "entry": ledger.entry_dict(entry, svc.today())}


@router.get("/consent/{consent_id}", response_model=s.ConsentWrap, responses=_E404)
def consent_get(consent_id: s.PathId, svc: Service) -> dict[str, Any]:
    entry = svc.store.consent(consent_id)
    if entry is None:
        raise HTTPException(404, "no such consent entry")
    return {"ok": True, "entry": ledger.entry_dict(entry, svc.today())}


@router.post("/consent/{consent_id}/revoke", response_model=s.ConsentWrap, responses=_E404)
def consent_revoke(consent_id: s.PathId, svc: Service) -> dict[str, Any]:
    entry = svc.store.revoke_consent(consent_id)
    if entry is None:
        raise HTTPException(404, "no such consent entry")
    return {"ok": True, "entry": ledger.entry_dict(entry, svc.today())}


@router.delete("/consent/{consent_id}", response_model=s.OkOut, responses=_E404)
def consent_delete(consent_id: s.PathId, svc: Service) -> dict[str, Any]:
    if not svc.store.delete_consent(consent_id):
        raise HTTPException(404, "no such consent entry")
    return {"ok": True}


@router.post("/nudge", response_model=s.NudgeOut, responses=_E)
def nudge(body: s.NudgeIn, svc: Service) -> dict[str, Any]:
    """Draft a kind, private note to a colleague about their post (the post is not kept)."""
    note = svc.nudge(
        body.text,
        platform=_value(body.platform),
        audience=body.audience,
        colleague=body.colleague,
        sender=body.sender,
    )
    return note.to_dict()


@router.get("/allow", response_model=s.AllowOut, responses=_E)
def allow_list(svc: Service) -> dict[str, Any]:
    return {"ok": True, "terms": list(svc.store.allow_terms())}


@router.post("/allow", status_code=201, response_model=s.AllowOut, responses=_E)
def allow_add(body: s.AllowIn, svc: Service) -> dict[str, Any]:
    """Add a term (your name, practice, a public figure) to your personal allow-list."""
    svc.add_allow(body.term)
    return {"ok": True, "terms": list(svc.store.allow_terms())}


@router.delete("/allow", response_model=s.AllowOut, responses=_E404)
def allow_remove(
    svc: Service, term: Annotated[str, Query(min_length=1, max_length=200)]
) -> dict[str, Any]:
    if not svc.remove_allow(term):
        raise HTTPException(404, "no such term")
    return {"ok": True, "terms": list(svc.store.allow_terms())}


@router.post("/feedback", status_code=201, response_model=s.OkOut, responses=_E)
def feedback(body: s.FeedbackIn, svc: Service) -> dict[str, Any]:
    """Record locally that a flag seems wrong (detector and code only, never text)."""
    finding = Finding(
        detector=body.detector,
        concern=Concern(body.concern),
        code=body.code,
        label=SpanLabel(body.label) if body.label else None,
    )
    svc.store.add_feedback(finding, verdict=body.verdict)
    return {"ok": True}

"""The JSON twins of /circles, /circles/{id} and /review under /api/v1.

Only from Pause's own pages or a local script: a paired browser extension is refused (403),
since what it could read here is colleagues' words, not the user's draft.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from pausepost.circles.screening import VentCheck
from pausepost.circles.service import (
    DEFAULT_EXPIRY_DAYS,
    DRAFT_MAX,
    CircleError,
    CirclesService,
    ReviewItem,
    SyncResult,
    ThreadItem,
    VentNotSendable,
)
from pausepost.core.types import Audience
from pausepost.store.models import CircleMember, CircleMessage, LocalCircle, as_utc
from pausepost.web.api_common import ERRORS
from pausepost.web.errors import ErrorOut, error_body
from pausepost.web.pairing import PAIRED_ORIGIN
from pausepost.web.schemas import AudienceIn, Platform

CircleId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{22}$", description="the circle's id")]
Uid = Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$", description="a message's id")]
MemberKey = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{43}$", description="a member's key")]
_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]*$"
NOT_FOR_EXTENSIONS = "circles and reviews are open only to Pause's own pages"
NO_CIRCLES = (
    "circles need the `circles` extra (PyNaCl and httpx): pip install 'pausepost[circles]'"
)


def refuse_extensions(request: Request) -> None:
    """Before the body is read: a paired extension hears 403, not what the body lacks."""
    if request.scope.get(PAIRED_ORIGIN) is not None:
        raise HTTPException(403, NOT_FOR_EXTENSIONS)


router = APIRouter(prefix="/api/v1", tags=["circles"], dependencies=[Depends(refuse_extensions)])


def _e(*codes: int) -> dict[int | str, dict[str, Any]]:
    what = {
        400: "malformed JSON", 403: "not allowed (not the owner, removed, or an extension)",
        404: "no such circle or message on this device", 409: "conflicts with the circle's state",
        413: "too long", 415: "not JSON", 422: "invalid input, or a vent that cannot be sent yet",
        502: "the relay could not be reached or answered wrongly",
        503: "circles are not installed",
    }  # fmt: skip
    out = dict(ERRORS)  # what the guard and the body parser may answer on any route
    out.update({c: {"model": ErrorOut, "description": what[c]} for c in codes})
    return out


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CircleIn(Strict):
    name: StrictStr = Field(min_length=1, max_length=80, pattern=_TEXT)
    relay_url: StrictStr = Field(min_length=1, max_length=200, description="https://… (or "
                                 "http:// to this machine)")  # fmt: skip
    my_name: StrictStr = Field(min_length=1, max_length=60, pattern=_TEXT,
                               description="how the other members see you")  # fmt: skip
    expiry_days: StrictInt = Field(DEFAULT_EXPIRY_DAYS, ge=1, le=365)


class JoinIn(Strict):
    code: StrictStr = Field(min_length=1, max_length=1000, description="the invitation code")
    my_name: StrictStr = Field(min_length=1, max_length=60, pattern=_TEXT)


class VentIn(Strict):
    text: StrictStr = Field(min_length=1, max_length=DRAFT_MAX, pattern=_TEXT)
    reply_to: StrictStr | None = Field(None, pattern=r"^[0-9a-f-]{36}$")


class InternIn(Strict):
    label: StrictStr = Field(min_length=1, max_length=80, pattern=_TEXT,
                             description="your name for the intern (never sent)")  # fmt: skip
    relay_url: StrictStr = Field(min_length=1, max_length=200)
    my_name: StrictStr = Field(min_length=1, max_length=60, pattern=_TEXT)


class ReviewIn(Strict):
    text: StrictStr = Field(min_length=1, max_length=DRAFT_MAX, pattern=_TEXT)
    platform: Platform | None = None  # type: ignore[valid-type]
    audience: AudienceIn | None = None
    link_id: StrictStr | None = Field(None, pattern=r"^[A-Za-z0-9_-]{22}$")


class AnswerIn(Strict):
    answer: Literal["approve", "revise", "dont_post"]
    comment: StrictStr = Field("", max_length=2000, pattern=_TEXT)


class Out(BaseModel):
    model_config = ConfigDict(extra="allow")
    ok: bool = True


def circles_of(request: Request) -> CirclesService:
    if request.scope.get(PAIRED_ORIGIN) is not None:
        raise HTTPException(403, NOT_FOR_EXTENSIONS)
    circles: CirclesService | None = getattr(request.app.state, "circles", None)
    if circles is None:
        raise HTTPException(503, NO_CIRCLES)
    return circles


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else as_utc(value).isoformat()


def circle_dict(c: LocalCircle, members: list[CircleMember] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": c.id, "name": c.name, "kind": c.kind, "role": c.role, "my_name": c.my_name,
        "relay_url": c.relay_url, "expiry_days": c.expiry_days, "epoch": c.epoch,
        "joined_at": _iso(c.joined_at), "removed": c.left_at is not None,
    }  # fmt: skip
    if members is not None:
        out["members"] = [member_dict(m) for m in members]
    return out


def member_dict(m: CircleMember) -> dict[str, Any]:
    return {"key": m.member_key, "name": m.name, "owner": m.owner, "joined_at": _iso(m.joined_at)}


def message_dict(m: CircleMessage) -> dict[str, Any]:
    return {
        "uid": m.uid, "kind": m.kind, "ref": m.ref, "text": m.body, "sender": m.sender_key,
        "created_at": _iso(m.created_at), "expires_at": _iso(m.expires_at),
        **{k: v for k, v in m.data.items() if k in ("answer", "comment", "platform",
                                                    "audience", "assessment")},
    }  # fmt: skip


def thread_dict(t: ThreadItem) -> dict[str, Any]:
    return {
        **message_dict(t.message), "author": t.author, "mine": t.mine,
        "been_there": t.been_there, "been_there_by_me": t.been_there_by_me,
        "replies": [thread_dict(r) for r in t.replies],
    }  # fmt: skip


def sync_dict(r: SyncResult) -> dict[str, Any]:
    return {"new": r.new, "unreadable": r.unreadable, "rejected": r.rejected,
            "removed": r.removed, "unreachable": r.unreachable}  # fmt: skip


def review_dict(r: ReviewItem) -> dict[str, Any]:
    return {
        "link_id": r.circle.id, "link": r.circle.name, "intern": r.intern,
        "request": message_dict(r.request),
        "answer": message_dict(r.answer) if r.answer else None,
    }


def check_dict(check: VentCheck) -> dict[str, Any]:
    return {
        "sendable": check.sendable,
        "problems": [
            {"kind": p.kind, "start": p.start, "end": p.end, "excerpt": p.excerpt,
             "reason": p.reason, "instead": p.instead, "picture": p.picture}
            for p in check.problems
        ],
        "deidentified": check.deidentified,
        "deidentified_sendable": check.deidentified_sendable,
        "question": check.question,
    }  # fmt: skip


def circle_error(exc: CircleError) -> JSONResponse:
    body = error_body(exc.status, exc.message)
    if isinstance(exc, VentNotSendable):
        body["check"] = check_dict(exc.check)
    return JSONResponse(body, status_code=exc.status)


# -- circles ---------------------------------------------------------------------------------


@router.get("/circles", response_model=Out, responses=_e(403, 503))
def list_circles(request: Request) -> Any:
    """The peer circles this device belongs to (from this device; no relay call)."""
    svc = circles_of(request)
    return {"ok": True, "me": svc.me,
            "circles": [circle_dict(c, svc.members(c.id)) for c in svc.circles()]}  # fmt: skip


@router.post("/circles", status_code=201, response_model=Out,
             responses=_e(403, 409, 422, 502, 503))  # fmt: skip
def create_circle(body: CircleIn, request: Request) -> Any:
    """Create a circle on a relay; you are its owner. Invite members with `/invites`."""
    svc = circles_of(request)
    try:
        c = svc.create(name=body.name, relay_url=body.relay_url, my_name=body.my_name,
                       expiry_days=body.expiry_days)  # fmt: skip
    except CircleError as exc:
        return circle_error(exc)
    return JSONResponse({"ok": True, "circle": circle_dict(c, svc.members(c.id))}, 201)


@router.post("/join", response_model=Out, responses=_e(403, 409, 422, 502, 503))
def join_circle(body: JoinIn, request: Request) -> Any:
    """Join a circle (or a supervisor's review link) with an invitation code."""
    svc = circles_of(request)
    try:
        c = svc.join(body.code, my_name=body.my_name)
    except CircleError as exc:
        return circle_error(exc)
    return {"ok": True, "circle": circle_dict(c, svc.members(c.id))}


@router.get("/circles/{circle_id}", response_model=Out, responses=_e(403, 404, 503))
def get_circle(circle_id: CircleId, request: Request) -> Any:
    """The circle's thread, after fetching what is new from the relay (`sync` says how that
    went: a relay that cannot be reached still shows what is on this device)."""
    svc = circles_of(request)
    try:
        c = svc.circle(circle_id)
        result = svc.sync(circle_id)
        c = svc.circle(circle_id)
    except CircleError as exc:
        return circle_error(exc)
    return {"ok": True, "circle": circle_dict(c, svc.members(circle_id)),
            "sync": sync_dict(result),
            "thread": [thread_dict(t) for t in svc.thread(circle_id)]}  # fmt: skip


@router.delete("/circles/{circle_id}", response_model=Out, responses=_e(403, 404, 503))
def forget_circle(circle_id: CircleId, request: Request) -> Any:
    """Forget the circle on this device: its keys and messages are deleted and scrubbed."""
    svc = circles_of(request)
    try:
        svc.leave(circle_id)
    except CircleError as exc:
        return circle_error(exc)
    return {"ok": True}


@router.post("/circles/{circle_id}/invites", status_code=201, response_model=Out,
             responses=_e(403, 404, 409, 502, 503))  # fmt: skip
def invite(circle_id: CircleId, request: Request) -> Any:
    """A one-use invitation code, valid 7 days. It carries the circle's key: give it in
    person or over a channel you trust, never in a post."""
    svc = circles_of(request)
    try:
        code = svc.invite(circle_id)
    except CircleError as exc:
        return circle_error(exc)
    return JSONResponse({"ok": True, "code": code}, 201)


@router.delete("/circles/{circle_id}/members/{member_key}", response_model=Out,
               responses=_e(403, 404, 409, 502, 503))  # fmt: skip
def remove_member(circle_id: CircleId, member_key: MemberKey, request: Request) -> Any:
    """Owner only: the relay refuses them from now on, and the circle gets a new key that
    they never receive."""
    svc = circles_of(request)
    try:
        svc.remove_member(circle_id, member_key)
    except CircleError as exc:
        return circle_error(exc)
    return {"ok": True}


@router.post("/circles/{circle_id}/check", response_model=Out,
             responses=_e(403, 404, 422, 503))  # fmt: skip
def check_vent(circle_id: CircleId, body: VentIn, request: Request) -> Any:
    """What would stop this vent from being sent, and a de-identified version. Sends
    nothing."""
    svc = circles_of(request)
    try:
        svc.circle(circle_id)
        check = svc.check_vent(body.text)
    except CircleError as exc:
        return circle_error(exc)
    return {"ok": True, **check_dict(check)}


@router.post("/circles/{circle_id}/messages", status_code=201, response_model=Out,
             responses=_e(403, 404, 409, 413, 422, 502, 503))  # fmt: skip
def send_vent(circle_id: CircleId, body: VentIn, request: Request) -> Any:
    """Screen and send a vent (or, with `reply_to`, a reply). 422 with `check` while it
    still holds a client's identifiers, media, a consent claim or their clinical details:
    nothing is sent."""
    svc = circles_of(request)
    try:
        m = svc.send_vent(circle_id, body.text, reply_to=body.reply_to)
    except CircleError as exc:
        return circle_error(exc)
    return JSONResponse({"ok": True, "message": message_dict(m)}, 201)


@router.post("/circles/{circle_id}/messages/{uid}/been-there", response_model=Out,
             responses=_e(403, 404, 502, 503))  # fmt: skip
def been_there(circle_id: CircleId, uid: Uid, request: Request) -> Any:
    """A quiet "I've been there" (once per message)."""
    svc = circles_of(request)
    try:
        added = svc.been_there(circle_id, uid)
    except CircleError as exc:
        return circle_error(exc)
    return {"ok": True, "added": added}


# -- supervisor review -----------------------------------------------------------------------


@router.get("/review", response_model=Out, responses=_e(403, 503))
def reviews(request: Request) -> Any:
    """Supervisor links both ways, the queue of interns' drafts (as supervisor) and the
    drafts you sent (as intern), after fetching what is new."""
    svc = circles_of(request)
    sync = {cid: sync_dict(r) for cid, r in svc.sync_all("supervision").items()}
    return {
        "ok": True,
        "supervisors": [circle_dict(c) for c in svc.supervisors()],
        "interns": [circle_dict(c, svc.members(c.id)) for c in svc.interns()],
        "queue": [review_dict(r) for r in svc.reviews("supervisor")],
        "sent": [review_dict(r) for r in svc.reviews("intern")],
        "sync": sync,
    }


@router.post("/review/interns", status_code=201, response_model=Out,
             responses=_e(403, 409, 422, 502, 503))  # fmt: skip
def invite_intern(body: InternIn, request: Request) -> Any:
    """As a supervisor: a link for one intern, and the code to give them."""
    svc = circles_of(request)
    try:
        link, code = svc.invite_intern(label=body.label, relay_url=body.relay_url,
                                       my_name=body.my_name)  # fmt: skip
    except CircleError as exc:
        return circle_error(exc)
    return JSONResponse({"ok": True, "link": circle_dict(link), "code": code}, 201)


@router.post("/review/requests", status_code=201, response_model=Out,
             responses=_e(403, 409, 413, 422, 502, 503))  # fmt: skip
def ask_supervisor(body: ReviewIn, request: Request) -> Any:
    """As an intern: send the draft and Pause's reading of it to your supervisor,
    encrypted; recorded in your journal, where the answer will show."""
    svc = circles_of(request)
    try:
        m = svc.ask_supervisor(body.text, platform=getattr(body.platform, "value", None),
                               audience=Audience(body.audience) if body.audience else None,
                               link_id=body.link_id)  # fmt: skip
    except CircleError as exc:
        return circle_error(exc)
    return JSONResponse({"ok": True, "request": message_dict(m)}, 201)


@router.post("/review/{link_id}/requests/{uid}/answer", status_code=201, response_model=Out,
             responses=_e(403, 404, 409, 422, 502, 503))  # fmt: skip
def answer(link_id: CircleId, uid: Uid, body: AnswerIn, request: Request) -> Any:
    """As the supervisor: approve, revise (say what in `comment`) or don't post."""
    svc = circles_of(request)
    try:
        m = svc.answer_review(link_id, uid, body.answer, body.comment)
    except CircleError as exc:
        return circle_error(exc)
    return JSONResponse({"ok": True, "answer": message_dict(m)}, 201)

"""HTML pages for circles and supervisor review: `/circles`, `/circles/{id}`, `/review`. Each
is the twin of a JSON endpoint in `circles_api.py` and works with JavaScript off (plain forms,
303 redirects after a change)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from pausepost.circles.service import (
    ANSWERS,
    DEFAULT_EXPIRY_DAYS,
    CircleError,
    CirclesService,
    VentNotSendable,
)
from pausepost.core.types import Audience
from pausepost.web import render
from pausepost.web.circles_api import (
    CircleId,
    MemberKey,
    ReviewIn,
    Uid,
    check_dict,
    circles_of,
    review_dict,
    sync_dict,
    thread_dict,
)
from pausepost.web.errors import field_problem
from pausepost.web.page_base import OptStr
from pausepost.web.page_base import page as _page
from pausepost.web.pictures import read_form

router = APIRouter(include_in_schema=False)
ANSWER_WORDS = {"approve": "Approved", "revise": "Revise", "dont_post": "Don't post"}


def _see(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def _default_relay(request: Request) -> str:
    return str(getattr(request.app.state.settings, "relay_url", "") or "")


# -- /circles --------------------------------------------------------------------------------


def _circles_page(
    request: Request, svc: CirclesService, *, error: str | None = None, status: int = 200,
    form: dict[str, str] | None = None, notice: str | None = None,
) -> Response:  # fmt: skip
    ctx = {
        "circles": [dict(c=c, members=svc.members(c.id)) for c in svc.circles()],
        "error": error, "form": form or {}, "notice": notice,
        "default_relay": _default_relay(request), "default_expiry": DEFAULT_EXPIRY_DAYS,
    }  # fmt: skip
    return _page(request, "circles.html", ctx, status)


@router.get("/circles")
def circles_page(request: Request) -> Response:
    return _circles_page(request, circles_of(request))


@router.post("/circles")
def circles_create(
    request: Request,
    name: Annotated[str, Form()] = "",
    relay_url: Annotated[str, Form()] = "",
    my_name: Annotated[str, Form()] = "",
    expiry_days: Annotated[str, Form()] = str(DEFAULT_EXPIRY_DAYS),
) -> Response:
    svc = circles_of(request)
    form = {"name": name, "relay_url": relay_url, "my_name": my_name, "expiry_days": expiry_days}
    try:
        days = int(expiry_days)
    except ValueError:
        return _circles_page(request, svc, error="Messages expire after 1 to 365 days: give a "
                             "whole number.", status=422, form=form)  # fmt: skip
    try:
        c = svc.create(name=name, relay_url=relay_url, my_name=my_name, expiry_days=days)
    except CircleError as exc:
        return _circles_page(request, svc, error=exc.message, status=exc.status, form=form)
    return _see(f"/circles/{c.id}?created=1")


@router.post("/circles/join")
def circles_join(
    request: Request,
    code: Annotated[str, Form()] = "",
    my_name: Annotated[str, Form()] = "",
    back: OptStr = None,
) -> Response:
    svc = circles_of(request)
    try:
        c = svc.join(code, my_name=my_name)
    except CircleError as exc:
        if back == "review":
            return _review_page(request, svc, error=exc.message, status=exc.status)
        return _circles_page(request, svc, error=exc.message, status=exc.status,
                             form={"join_name": my_name})  # fmt: skip
    return _see("/review?joined=1" if c.kind == "supervision" else f"/circles/{c.id}?joined=1")


# -- /circles/{id} ---------------------------------------------------------------------------


def _circle_page(
    request: Request, svc: CirclesService, circle_id: str, *, sync: bool = True,
    code: str | None = None, check: Any = None, draft: str = "", reply_to: str | None = None,
    error: str | None = None, status: int = 200, notice: str | None = None,
) -> Response:  # fmt: skip
    c = svc.circle(circle_id)
    if c.kind != "peer":
        return _see("/review")
    result = svc.sync(circle_id) if sync else None
    c = svc.circle(circle_id)
    q = request.query_params
    if notice is None:
        notice = ("Circle created. Invite colleagues with a code below." if q.get("created")
                  else "You joined the circle." if q.get("joined")
                  else "Sent to the circle." if q.get("sent")
                  else "Removed. The circle has a new key they will never receive."
                  if q.get("removed") else None)  # fmt: skip
    checked = check_dict(check) if check is not None else None
    segments = None
    if check is not None:
        segments = render.text_segments(draft, [
            {"start": p.start, "end": p.end, "label": p.kind, "concern": p.kind, "why": p.reason}
            for p in check.problems if p.start is not None
        ])  # fmt: skip
    ctx = {
        "c": c, "members": svc.members(circle_id), "me": svc.me,
        "thread": [thread_dict(t) for t in svc.thread(circle_id)],
        "sync": sync_dict(result) if result else None, "code": code, "check": checked,
        "segments": segments, "draft": draft, "reply_to": reply_to, "error": error,
        "notice": notice,
    }  # fmt: skip
    return _page(request, "circle.html", ctx, status)


@router.get("/circles/{circle_id}")
def circle_page(circle_id: CircleId, request: Request) -> Response:
    svc = circles_of(request)
    try:
        return _circle_page(request, svc, circle_id)
    except CircleError as exc:
        raise HTTPException(exc.status, exc.message) from None


def _refused(
    request: Request, svc: CirclesService, circle_id: str, exc: CircleError, **kept: Any
) -> Response:
    """The circle page with why a change was refused (and what was typed, in `kept`)."""
    try:
        return _circle_page(request, svc, circle_id, sync=False, error=exc.message,
                            status=exc.status, **kept)  # fmt: skip
    except CircleError:
        raise HTTPException(exc.status, exc.message) from None


def _or_page(
    request: Request, svc: CirclesService, circle_id: str, call: Callable[[], object], ok: str
) -> Response:
    """Run a change; on success see `ok`, otherwise the circle page with the reason."""
    try:
        call()
    except CircleError as exc:
        return _refused(request, svc, circle_id, exc)
    return _see(ok)


@router.post("/circles/{circle_id}/invite")
def circle_invite(circle_id: CircleId, request: Request) -> Response:
    svc = circles_of(request)
    try:
        code = svc.invite(circle_id)
    except CircleError as exc:
        return _refused(request, svc, circle_id, exc)
    return _circle_page(request, svc, circle_id, sync=False, code=code)


@router.post("/circles/{circle_id}/vent")
async def circle_vent(circle_id: CircleId, request: Request) -> Response:
    """The compose form (multipart, for pictures): screened; sent only when nothing that
    could identify a client is left, otherwise the page shows what to remove."""
    svc = circles_of(request)
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        fields, pictures = await read_form(request)
    else:
        form = await request.form()
        fields, pictures = {k: v for k, v in form.items() if isinstance(v, str)}, []
    text = fields.get("text", "")
    reply_to = fields.get("reply_to") or None
    pics = [(p.name, p.data) for p in pictures]

    def run() -> Response:
        try:
            m = svc.send_vent(circle_id, text, reply_to=reply_to, pictures=pics)
        except VentNotSendable as exc:
            return _circle_page(request, svc, circle_id, sync=False, check=exc.check,
                                draft=text, reply_to=reply_to, status=422)  # fmt: skip
        except CircleError as exc:  # the relay is down, say: keep what was typed
            return _refused(request, svc, circle_id, exc, draft=text, reply_to=reply_to)
        return _see(f"/circles/{circle_id}?sent=1#m-{m.uid}")

    return await run_in_threadpool(run)


@router.post("/circles/{circle_id}/been-there/{uid}")
def circle_been_there(circle_id: CircleId, uid: Uid, request: Request) -> Response:
    svc = circles_of(request)
    return _or_page(request, svc, circle_id, partial(svc.been_there, circle_id, uid),
                    f"/circles/{circle_id}#m-{uid}")  # fmt: skip


@router.post("/circles/{circle_id}/members/{member_key}/remove")
def circle_remove(circle_id: CircleId, member_key: MemberKey, request: Request) -> Response:
    svc = circles_of(request)
    return _or_page(request, svc, circle_id, partial(svc.remove_member, circle_id, member_key),
                    f"/circles/{circle_id}?removed=1")  # fmt: skip


@router.post("/circles/{circle_id}/forget")
def circle_forget(circle_id: CircleId, request: Request) -> Response:
    svc = circles_of(request)
    try:
        svc.leave(circle_id)
    except CircleError as exc:
        raise HTTPException(exc.status, exc.message) from None
    return _see("/circles")


# -- /review ---------------------------------------------------------------------------------


def _review_page(
    request: Request, svc: CirclesService, *, error: str | None = None, status: int = 200,
    code: str | None = None, sync: bool = True, unsent: ReviewIn | None = None,
) -> Response:  # fmt: skip
    results = svc.sync_all("supervision") if sync else {}
    q = request.query_params
    notice = ("Linked with your supervisor." if q.get("joined")
              else "Sent to your supervisor. Their answer will show here, on the compose page "
              "and in your journal." if q.get("asked")
              else "Your answer was sent." if q.get("answered") else None)  # fmt: skip
    ctx = {
        "supervisors": svc.supervisors(), "interns": svc.interns(),
        "queue": [review_dict(r) for r in svc.reviews("supervisor")],
        "sent": [review_dict(r) for r in svc.reviews("intern")],
        "unreachable": sorted({r.unreachable for r in results.values() if r.unreachable}),
        "error": error, "code": code, "notice": notice, "answers": ANSWERS, "unsent": unsent,
        "answer_words": ANSWER_WORDS, "default_relay": _default_relay(request),
    }  # fmt: skip
    return _page(request, "review.html", ctx, status)


@router.get("/review")
def review_page(request: Request) -> Response:
    return _review_page(request, circles_of(request))


@router.post("/review/interns")
def review_invite_intern(
    request: Request,
    label: Annotated[str, Form()] = "",
    relay_url: Annotated[str, Form()] = "",
    my_name: Annotated[str, Form()] = "",
) -> Response:
    svc = circles_of(request)
    try:
        _link, code = svc.invite_intern(label=label, relay_url=relay_url, my_name=my_name)
    except CircleError as exc:
        return _review_page(request, svc, error=exc.message, status=exc.status, sync=False)
    return _review_page(request, svc, code=code, sync=False)


@router.post("/review/ask")
def review_ask(
    request: Request,
    text: Annotated[str, Form()] = "",
    platform: OptStr = None,
    audience: OptStr = None,
    link_id: OptStr = None,
) -> Response:
    svc = circles_of(request)
    try:  # the API's own model: the page accepts what the JSON twin accepts, no more
        body = ReviewIn.model_validate({"text": text, "platform": platform or None,
                                        "audience": audience or None,
                                        "link_id": link_id or None})  # fmt: skip
    except ValidationError as exc:
        return _review_page(request, svc, error=field_problem(exc.errors()[0]), status=422,
                            sync=False)  # fmt: skip
    try:
        svc.ask_supervisor(body.text, platform=getattr(body.platform, "value", None),
                           audience=Audience(body.audience) if body.audience else None,
                           link_id=body.link_id)  # fmt: skip
    except CircleError as exc:  # nothing was sent: give the draft back to try again
        return _review_page(request, svc, error=exc.message, status=exc.status, sync=False,
                            unsent=body)  # fmt: skip
    return _see("/review?asked=1")


@router.post("/review/{link_id}/answer/{uid}")
def review_answer(
    link_id: CircleId,
    uid: Uid,
    request: Request,
    answer: Annotated[str, Form()] = "",
    comment: Annotated[str, Form()] = "",
) -> Response:
    svc = circles_of(request)
    try:
        svc.answer_review(link_id, uid, answer, comment)
    except CircleError as exc:
        return _review_page(request, svc, error=exc.message, status=exc.status, sync=False)
    return _see(f"/review?answered=1#r-{uid}")


def review_context(svc: CirclesService | None, *, sync: bool) -> dict[str, Any]:
    """For the compose page: whether "Ask my supervisor" applies, and recent answers
    (fetched from the relay when the page is opened, not on every check)."""
    if svc is None:
        return {"supervisors": [], "review_answers": []}
    links = svc.fetch_answers() if sync else svc.supervisors()
    sent = [review_dict(r) for r in svc.reviews("intern")[:5]]
    return {"supervisors": links, "review_answers": sent}

"""Relay routes under /relay/v1. Every request is signed; every write sweeps expired rows.

A refused request changes nothing: each handler works in one transaction (its nonce
included) that is committed only when the request succeeds.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import time
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pausepost.circles.crypto import RequestAuthError, verify_request
from pausepost.relay import schemas as sc
from pausepost.relay.db import NONCE_WINDOW_S, sweep, utcnow
from pausepost.relay.models import MAX_CIPHERTEXT, Circle, Invite, Member, Message, Nonce

INVITE_LIFETIME = dt.timedelta(days=7)
PAGE = 500

router = APIRouter(prefix="/relay/v1")


def db_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        yield session


Db = Annotated[Session, Depends(db_session)]


def _seen_nonce(session: Session, key: str, nonce: str) -> bool:
    """Record the nonce in this request's transaction (kept only if the request succeeds)."""
    window = utcnow() - dt.timedelta(seconds=NONCE_WINDOW_S)
    old = session.get(Nonce, (key, nonce))
    if old is not None:
        if old.seen_at >= window:
            return True
        session.delete(old)
        session.flush()
    session.add(Nonce(key=key, nonce=nonce, seen_at=utcnow()))
    try:
        session.flush()
    except IntegrityError:  # the same request, racing in another transaction
        session.rollback()
        return True
    return False


async def signed_caller(request: Request, session: Db) -> str:
    """The caller's Ed25519 key, once its signature, clock and nonce check out (else 401)."""
    body = await request.body()
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    try:
        # verify_request accepts only the canonical spelling of a key, so the (unsigned) key
        # header cannot be respelled to dodge the nonce check. A worker thread: the nonce
        # check talks to the database.
        return await run_in_threadpool(
            verify_request, request.headers, request.method, path, body, now=time.time(),
            seen_nonce=lambda k, n: _seen_nonce(session, k, n),
        )  # fmt: skip
    except RequestAuthError as exc:
        raise HTTPException(401, f"request refused: {exc.reason}") from None


Caller = Annotated[str, Depends(signed_caller)]


def begin(session: Session, *, write: bool) -> None:
    """On a write, first delete what has expired (the sweep runs on every write)."""
    if write:
        sweep(session)


def circle_or_404(session: Session, circle_id: str) -> Circle:
    circle = session.get(Circle, circle_id)
    if circle is None:
        raise HTTPException(404, "no such circle")
    return circle


def current_member(session: Session, circle_id: str, key: str) -> Member:
    member = session.get(Member, (circle_id, key))
    if member is None or member.removed_at is not None:
        raise HTTPException(403, "not a member of this circle")
    return member


def require_owner(circle: Circle, key: str) -> None:
    if circle.owner_key != key:
        raise HTTPException(403, "only the circle's owner may do this")


@router.post("/circles", status_code=201, response_model=sc.CircleOut)
def create_circle(body: sc.CircleIn, caller: Caller, session: Db) -> sc.CircleOut:
    begin(session, write=True)
    if session.get(Circle, body.id) is not None:
        raise HTTPException(409, "a circle with this id exists; pick a new random id")
    now = utcnow()
    session.add(Circle(id=body.id, owner_key=caller, created_at=now,
                       expiry_days=body.expiry_days, max_members=20))  # fmt: skip
    session.flush()
    session.add(Member(circle_id=body.id, member_key=caller, joined_at=now))
    session.commit()
    return sc.CircleOut(id=body.id, expiry_days=body.expiry_days)


@router.post("/circles/{circle_id}/invites", status_code=201, response_model=sc.Ok)
def create_invite(circle_id: str, body: sc.InviteIn, caller: Caller, session: Db) -> sc.Ok:
    begin(session, write=True)
    require_owner(circle_or_404(session, circle_id), caller)
    if session.scalar(select(Invite.id).where(Invite.token_hash == body.token_hash)):
        raise HTTPException(409, "this invitation token is already registered")
    session.add(Invite(circle_id=circle_id, token_hash=body.token_hash,
                       expires_at=utcnow() + INVITE_LIFETIME, used=False))  # fmt: skip
    session.commit()
    return sc.Ok()


@router.post("/circles/{circle_id}/join", response_model=sc.Ok)
def join(circle_id: str, body: sc.JoinIn, caller: Caller, session: Db) -> sc.Ok:
    begin(session, write=True)
    circle = circle_or_404(session, circle_id)
    digest = hashlib.sha256(body.token.encode()).hexdigest()
    invite = session.scalar(
        select(Invite).where(Invite.circle_id == circle_id, Invite.token_hash == digest,
                             Invite.used.is_(False), Invite.expires_at > utcnow())
    )  # fmt: skip
    if invite is None:
        raise HTTPException(403, "this invitation is not valid for this circle (used or expired)")
    current = session.scalar(
        select(func.count()).select_from(Member)
        .where(Member.circle_id == circle_id, Member.removed_at.is_(None))
    )  # fmt: skip
    member = session.get(Member, (circle_id, caller))
    if (member is None or member.removed_at is not None) and (current or 0) >= circle.max_members:
        raise HTTPException(409, f"this circle is full ({circle.max_members} members)")
    invite.used = True
    if member is None:
        session.add(Member(circle_id=circle_id, member_key=caller, joined_at=utcnow()))
    elif member.removed_at is not None:  # re-invited after removal: a fresh membership
        member.removed_at, member.joined_at = None, utcnow()
    session.commit()
    return sc.Ok()


@router.get("/circles/{circle_id}/members", response_model=sc.MembersOut)
def members(circle_id: str, caller: Caller, session: Db) -> sc.MembersOut:
    begin(session, write=False)
    circle = circle_or_404(session, circle_id)
    current_member(session, circle_id, caller)
    rows = session.scalars(
        select(Member).where(Member.circle_id == circle_id, Member.removed_at.is_(None))
        .order_by(Member.joined_at)
    )  # fmt: skip
    out = [sc.MemberOut(key=m.member_key, joined_at=m.joined_at,
                        owner=m.member_key == circle.owner_key) for m in rows]  # fmt: skip
    session.commit()
    return sc.MembersOut(members=out)


@router.delete("/circles/{circle_id}/members/{key}", response_model=sc.Ok)
def remove_member(circle_id: str, key: str, caller: Caller, session: Db) -> sc.Ok:
    begin(session, write=True)
    circle = circle_or_404(session, circle_id)
    require_owner(circle, caller)
    if key == circle.owner_key:
        raise HTTPException(409, "the owner cannot be removed from their own circle")
    member = session.get(Member, (circle_id, key))
    if member is None or member.removed_at is not None:
        raise HTTPException(404, "no such current member")
    member.removed_at = utcnow()
    session.commit()
    return sc.Ok()


def decode_ciphertext(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        try:
            return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except (binascii.Error, ValueError):
            raise HTTPException(422, "ciphertext: not base64") from None


@router.post("/circles/{circle_id}/messages", status_code=201, response_model=sc.PostedOut)
def post_message(circle_id: str, body: sc.MessageIn, caller: Caller, session: Db) -> sc.PostedOut:
    begin(session, write=True)
    circle = circle_or_404(session, circle_id)
    current_member(session, circle_id, caller)
    data = decode_ciphertext(body.ciphertext)
    if len(data) > MAX_CIPHERTEXT:
        raise HTTPException(413, "ciphertext is over 64 KiB")
    now = utcnow()
    msg = Message(circle_id=circle_id, sender_key=caller, created_at=now,
                  expires_at=now + dt.timedelta(days=circle.expiry_days),
                  key_epoch=body.key_epoch, ciphertext=data)  # fmt: skip
    session.add(msg)
    session.commit()
    return sc.PostedOut(id=msg.id, created_at=msg.created_at, expires_at=msg.expires_at)


@router.get("/circles/{circle_id}/messages", response_model=sc.MessagesOut)
def get_messages(
    circle_id: str, caller: Caller, session: Db,
    since: Annotated[dt.datetime | None, Query(description="ISO time; only newer messages")] = None,
) -> sc.MessagesOut:  # fmt: skip
    begin(session, write=False)
    circle_or_404(session, circle_id)
    current_member(session, circle_id, caller)
    now = utcnow()
    q = select(Message).where(Message.circle_id == circle_id, Message.expires_at > now)
    if since is not None:
        q = q.where(Message.created_at > (since if since.tzinfo else since.replace(tzinfo=dt.UTC)))
    rows = session.scalars(q.order_by(Message.created_at, Message.id).limit(PAGE))
    out = [sc.MessageOut(id=m.id, sender=m.sender_key, created_at=m.created_at,
                         expires_at=m.expires_at, key_epoch=m.key_epoch,
                         ciphertext=base64.b64encode(m.ciphertext).decode("ascii"))
           for m in rows]  # fmt: skip
    session.commit()
    return sc.MessagesOut(messages=out)

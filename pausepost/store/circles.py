"""This device's side of circles: the circles it belongs to, their keys by epoch, members'
announced names, and decrypted messages until they expire. Rows only; the protocol lives in
`pausepost.circles.service`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from pausepost.store.models import (
    CircleKeyRow,
    CircleMember,
    CircleMessage,
    JournalEntry,
    LocalCircle,
    utcnow,
)
from pausepost.store.store import Store


class CircleStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- circles -------------------------------------------------------------------------
    def add_circle(self, circle: LocalCircle, key: bytes) -> LocalCircle:
        with self.store.session() as s:
            s.add(circle)
            s.flush()
            s.add(CircleKeyRow(circle_id=circle.id, epoch=circle.epoch, key=key))
            s.commit()
        return circle

    def circle(self, circle_id: str) -> LocalCircle | None:
        with self.store.session() as s:
            return s.get(LocalCircle, circle_id)

    def circles(self, kind: str | None = None) -> list[LocalCircle]:
        q = select(LocalCircle).order_by(LocalCircle.joined_at, LocalCircle.id)
        if kind is not None:
            q = q.where(LocalCircle.kind == kind)
        with self.store.session() as s:
            return list(s.scalars(q))

    def update_circle(self, circle_id: str, **values: object) -> None:
        with self.store.session() as s:
            s.execute(update(LocalCircle).where(LocalCircle.id == circle_id).values(**values))
            s.commit()

    def forget_circle(self, circle_id: str) -> bool:
        """Delete the circle with its keys, members and messages from this device."""
        with self.store.session() as s:
            for table in (CircleMessage, CircleMember, CircleKeyRow):
                s.execute(delete(table).where(table.circle_id == circle_id))
            n = s.execute(delete(LocalCircle).where(LocalCircle.id == circle_id)).rowcount  # type: ignore[attr-defined]
            s.commit()
        self.store.scrub()
        return bool(n)

    # -- keys ----------------------------------------------------------------------------
    def keys(self, circle_id: str) -> dict[int, bytes]:
        with self.store.session() as s:
            rows = s.scalars(select(CircleKeyRow).where(CircleKeyRow.circle_id == circle_id))
            return {r.epoch: r.key for r in rows}

    def add_key(self, circle_id: str, epoch: int, key: bytes) -> None:
        """Keep a key for `epoch`; the circle's current epoch moves up to the newest held."""
        self.keep_key(circle_id, epoch, key)
        with self.store.session() as s:
            circle = s.get(LocalCircle, circle_id)
            if circle is not None and epoch > circle.epoch:
                circle.epoch = epoch
            s.commit()

    def keep_key(self, circle_id: str, epoch: int, key: bytes) -> None:
        """Keep a key without making it current (a rotation not yet handed to everyone).
        The first key kept for an epoch stays: another worker may have kept it already."""
        with self.store.session() as s:
            if s.get(CircleKeyRow, (circle_id, epoch)) is None:
                s.add(CircleKeyRow(circle_id=circle_id, epoch=epoch, key=key))
                try:
                    s.commit()
                except IntegrityError:
                    s.rollback()

    # -- members -------------------------------------------------------------------------
    def members(self, circle_id: str, *, current: bool = True) -> list[CircleMember]:
        q = select(CircleMember).where(CircleMember.circle_id == circle_id)
        if current:
            q = q.where(CircleMember.removed_at.is_(None))
        with self.store.session() as s:
            return list(s.scalars(q.order_by(CircleMember.joined_at, CircleMember.member_key)))

    def set_members(
        self, circle_id: str, current: Iterable[tuple[str, dt.datetime, bool]]
    ) -> None:
        """The relay's member list (key, joined, owner): new ones added, absent ones marked
        removed; announced names kept."""
        now = utcnow()
        seen: set[str] = set()
        with self.store.session() as s:
            for key, joined, owner in current:
                seen.add(key)
                row = s.get(CircleMember, (circle_id, key))
                if row is None:
                    s.add(CircleMember(circle_id=circle_id, member_key=key, owner=owner,
                                       joined_at=joined))  # fmt: skip
                elif not row.banned:  # a relay cannot bring back whom the owner removed
                    row.owner, row.joined_at, row.removed_at = owner, joined, None
            for row in s.scalars(select(CircleMember).where(CircleMember.circle_id == circle_id)):
                if row.member_key not in seen and row.removed_at is None:
                    row.removed_at = now
            s.commit()

    def name_member(self, circle_id: str, key: str, name: str) -> None:
        """Keep the name a member announced. Someone not on the relay's current list (their
        hello read after they left) is kept as a former member, for their old messages."""
        with self.store.session() as s:
            row = s.get(CircleMember, (circle_id, key))
            if row is None:
                s.add(CircleMember(circle_id=circle_id, member_key=key, name=name, owner=False,
                                   removed_at=utcnow()))  # fmt: skip
            else:
                row.name = name
            s.commit()

    def ban(self, circle_id: str, key: str, when: dt.datetime | None = None) -> None:
        """The owner removed them: marked removed for good on this device."""
        with self.store.session() as s:
            row = s.get(CircleMember, (circle_id, key))
            if row is None:
                row = CircleMember(circle_id=circle_id, member_key=key, owner=False)
                s.add(row)
            row.removed_at, row.banned = when or utcnow(), True
            s.commit()

    # -- messages ------------------------------------------------------------------------
    def add_message(self, message: CircleMessage) -> bool:
        """False if this message (same circle and uid) is already here."""
        with self.store.session() as s:
            s.add(message)
            try:
                s.commit()
            except IntegrityError:
                return False
        return True

    def messages(
        self, circle_id: str, *, kinds: Iterable[str] | None = None
    ) -> list[CircleMessage]:
        q = select(CircleMessage).where(CircleMessage.circle_id == circle_id)
        if kinds is not None:
            q = q.where(CircleMessage.kind.in_(list(kinds)))
        with self.store.session() as s:
            return list(s.scalars(q.order_by(CircleMessage.created_at, CircleMessage.id)))

    def message(self, circle_id: str, uid: str) -> CircleMessage | None:
        with self.store.session() as s:
            q = select(CircleMessage).where(
                CircleMessage.circle_id == circle_id, CircleMessage.uid == uid
            )
            return s.scalar(q)

    def expire(self, now: dt.datetime | None = None) -> int:
        """Delete local copies past their circle's expiry, for real (scrubbed from disk)."""
        now = now or utcnow()
        with self.store.session() as s:
            n = s.execute(delete(CircleMessage).where(CircleMessage.expires_at <= now)).rowcount  # type: ignore[attr-defined]
            s.commit()
        if n:
            self.store.scrub()
        return int(n or 0)

    # -- the journal's side of a review ---------------------------------------------------
    def set_review_answer(self, review_uid: str, answer: str) -> int:
        with self.store.session() as s:
            n = s.execute(
                update(JournalEntry)
                .where(JournalEntry.review_uid == review_uid)
                .values(review_answer=answer)
            ).rowcount  # type: ignore[attr-defined]
            s.commit()
        return int(n or 0)

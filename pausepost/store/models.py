"""SQLAlchemy 2 typed models: journal, consent ledger, allow-list additions, flag feedback,
paired browser extensions, and this device's side of peer circles and supervisor review.

Privacy: the journal keeps a hash of the draft unless the clinician chose to keep the text
for that one entry; feedback keeps only detector codes, never text.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands naive datetimes back; everything we store is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    pass


class JournalEntry(Base):
    __tablename__ = "journal_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    text_sha256: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(16))
    concerns: Mapped[list[str]] = mapped_column(JSON)
    reason_codes: Mapped[list[str]] = mapped_column(JSON)
    decision: Mapped[str] = mapped_column(String(32))
    platform: Mapped[str | None] = mapped_column(String(32), nullable=True)
    audience: Mapped[str | None] = mapped_column(String(16), nullable=True)
    consent_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Only set when the clinician ticked "keep the text" for this entry.
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Supervisor review: the request's id and, once it came back, the supervisor's answer.
    review_uid: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    review_answer: Mapped[str | None] = mapped_column(String(16), nullable=True)


class ConsentEntry(Base):
    __tablename__ = "consent_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    label: Mapped[str] = mapped_column(String(80))  # pseudonymous, never the client's name
    scope: Mapped[str] = mapped_column(Text)
    platforms: Mapped[list[str]] = mapped_column(JSON)  # empty: any platform
    audience: Mapped[str] = mapped_column(String(16))  # personal / professional / both
    given_on: Mapped[dt.date] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AllowTerm(Base):
    __tablename__ = "allow_terms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    term: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class FlagFeedback(Base):
    __tablename__ = "flag_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    detector: Mapped[str] = mapped_column(String(80))
    code: Mapped[str] = mapped_column(String(120))
    concern: Mapped[str] = mapped_column(String(32))
    label: Mapped[str | None] = mapped_column(String(16), nullable=True)
    verdict: Mapped[str | None] = mapped_column(String(16), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class PairedExtension(Base):
    """A browser extension allowed to call the API. Only a keyed hash of its secret is kept:
    the database alone cannot be used to call the app as the extension."""

    __tablename__ = "paired_extensions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    origin: Mapped[str] = mapped_column(String(160), index=True)
    name: Mapped[str] = mapped_column(String(80))  # the browser it said it runs in
    secret_hmac: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_used: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LocalCircle(Base):
    """A circle (or a supervision link, a circle of two) this device belongs to."""

    __tablename__ = "circles"

    id: Mapped[str] = mapped_column(String(22), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "peer" or "supervision"
    relay_url: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(80))  # the owner's label; relay never sees it
    role: Mapped[str] = mapped_column(String(16))  # "owner" or "member"
    my_name: Mapped[str] = mapped_column(String(60))  # what members see me as
    expiry_days: Mapped[int] = mapped_column(Integer)
    epoch: Mapped[int] = mapped_column(Integer)  # the newest circle key this device holds
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    synced_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when the relay says this device is no longer a member (removed by the owner).
    left_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Whose circle it is: from the invitation code (or this device, for its own), never from
    # the relay; only the owner's circle information and key rotations are taken.
    owner_key: Mapped[str] = mapped_column(String(43))
    # The newest epoch this device has said its name under (said again after a rotation).
    hello_epoch: Mapped[int] = mapped_column(Integer, default=-1)
    # Codes made: a supervision link takes one, so its drafts reach one intern only.
    invites_made: Mapped[int] = mapped_column(Integer, default=0)


class CircleKeyRow(Base):
    __tablename__ = "circle_keys"

    circle_id: Mapped[str] = mapped_column(
        ForeignKey("circles.id", ondelete="CASCADE"), primary_key=True
    )
    epoch: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[bytes] = mapped_column(LargeBinary(32))


class CircleMember(Base):
    __tablename__ = "circle_members"

    circle_id: Mapped[str] = mapped_column(
        ForeignKey("circles.id", ondelete="CASCADE"), primary_key=True
    )
    member_key: Mapped[str] = mapped_column(String(43), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(60))  # from their encrypted hello
    owner: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Removed by this device as owner: never sealed a key again, whatever the relay lists.
    banned: Mapped[bool] = mapped_column(Boolean, default=False)


class CircleMessage(Base):
    """A decrypted message, kept until the circle's expiry (then deleted and scrubbed)."""

    __tablename__ = "circle_messages"
    __table_args__ = (UniqueConstraint("circle_id", "uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    circle_id: Mapped[str] = mapped_column(
        ForeignKey("circles.id", ondelete="CASCADE"), index=True
    )
    uid: Mapped[str] = mapped_column(String(36))  # the sender's id for it, inside the ciphertext
    relay_id: Mapped[int | None] = mapped_column(Integer)
    sender_key: Mapped[str] = mapped_column(String(43))
    kind: Mapped[str] = mapped_column(String(24))
    ref: Mapped[str | None] = mapped_column(String(36))  # the message it answers
    body: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)

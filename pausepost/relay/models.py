"""Relay tables: circles, members, messages (ciphertext only), invites (token hashes), nonces."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

KEY_LEN = 43  # URL-safe base64, no padding, of 32 bytes
MAX_CIPHERTEXT = 64 * 1024
MAX_MEMBERS = 20


class Base(DeclarativeBase):
    pass


class Circle(Base):
    __tablename__ = "circles"
    id: Mapped[str] = mapped_column(String(22), primary_key=True)
    owner_key: Mapped[str] = mapped_column(String(KEY_LEN))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expiry_days: Mapped[int] = mapped_column(Integer, default=30)
    max_members: Mapped[int] = mapped_column(Integer, default=MAX_MEMBERS)


class Member(Base):
    __tablename__ = "members"
    circle_id: Mapped[str] = mapped_column(
        ForeignKey("circles.id", ondelete="CASCADE"), primary_key=True
    )
    member_key: Mapped[str] = mapped_column(String(KEY_LEN), primary_key=True)
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Message(Base):
    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    circle_id: Mapped[str] = mapped_column(ForeignKey("circles.id", ondelete="CASCADE"), index=True)
    sender_key: Mapped[str] = mapped_column(String(KEY_LEN))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    key_epoch: Mapped[int] = mapped_column(Integer)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class Invite(Base):
    __tablename__ = "invites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    circle_id: Mapped[str] = mapped_column(ForeignKey("circles.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used: Mapped[bool] = mapped_column(default=False)


class Nonce(Base):
    __tablename__ = "nonces"
    key: Mapped[str] = mapped_column(String(KEY_LEN), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(22), primary_key=True)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)

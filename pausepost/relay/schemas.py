"""Request and response bodies of the relay API (unknown fields are refused with 422)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

CIRCLE_ID = r"^[A-Za-z0-9_-]{22}$"  # 128 random bits, URL-safe base64, chosen by the creator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CircleIn(Strict):
    id: str = Field(pattern=CIRCLE_ID, description="128 random bits, URL-safe base64")
    expiry_days: int = Field(30, ge=1, le=365, description="messages are deleted after this")


class InviteIn(Strict):
    token_hash: str = Field(pattern=r"^[0-9a-f]{64}$", description="hex SHA-256 of the token")


class JoinIn(Strict):
    token: str = Field(min_length=16, max_length=200, description="the invitation's token")


class MessageIn(Strict):
    key_epoch: int = Field(ge=0, le=2**31 - 1)
    ciphertext: str = Field(min_length=1, description="base64 of at most 64 KiB of ciphertext")


class Ok(BaseModel):
    ok: bool = True


class CircleOut(Ok):
    id: str
    expiry_days: int


class MemberOut(BaseModel):
    key: str
    joined_at: dt.datetime
    owner: bool


class MembersOut(Ok):
    members: list[MemberOut]


class MessageOut(BaseModel):
    id: int
    sender: str
    created_at: dt.datetime
    expires_at: dt.datetime
    key_epoch: int
    ciphertext: str  # base64


class MessagesOut(Ok):
    messages: list[MessageOut]


class PostedOut(Ok):
    id: int
    created_at: dt.datetime
    expires_at: dt.datetime

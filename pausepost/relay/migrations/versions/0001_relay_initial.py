"""The relay's first schema: circles, members, messages, invites, nonces.

Revision ID: r0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "circles",
        sa.Column("id", sa.String(22), primary_key=True),
        sa.Column("owner_key", sa.String(43), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expiry_days", sa.Integer(), nullable=False),
        sa.Column("max_members", sa.Integer(), nullable=False),
    )
    op.create_table(
        "members",
        sa.Column(
            "circle_id", sa.String(22), sa.ForeignKey("circles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("member_key", sa.String(43), primary_key=True),
        sa.Column("joined_at", TS, nullable=False),
        sa.Column("removed_at", TS, nullable=True),
    )  # fmt: skip
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "circle_id", sa.String(22), sa.ForeignKey("circles.id", ondelete="CASCADE"),
            nullable=False, index=True,
        ),
        sa.Column("sender_key", sa.String(43), nullable=False),
        sa.Column("created_at", TS, nullable=False, index=True),
        sa.Column("expires_at", TS, nullable=False, index=True),
        sa.Column("key_epoch", sa.Integer(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
    )  # fmt: skip
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "circle_id", sa.String(22), sa.ForeignKey("circles.id", ondelete="CASCADE"),
            nullable=False, index=True,
        ),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
    )  # fmt: skip
    op.create_table(
        "nonces",
        sa.Column("key", sa.String(43), primary_key=True),
        sa.Column("nonce", sa.String(22), primary_key=True),
        sa.Column("seen_at", TS, nullable=False, index=True),
    )


def downgrade() -> None:
    for table in ("nonces", "invites", "messages", "members", "circles"):
        op.drop_table(table)

"""Peer circles and supervisor review on this device: circles (and supervision links), their
keys by epoch, members with the names they announced, decrypted messages until expiry; and
the journal's review columns.

Revision ID: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("journal_entries") as batch:
        batch.add_column(sa.Column("review_uid", sa.String(36), nullable=True))
        batch.add_column(sa.Column("review_answer", sa.String(16), nullable=True))
        batch.create_index("ix_journal_entries_review_uid", ["review_uid"])
    op.create_table(
        "circles",
        sa.Column("id", sa.String(22), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("relay_url", sa.String(200), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("my_name", sa.String(60), nullable=False),
        sa.Column("expiry_days", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.Integer(), nullable=False),
        sa.Column("joined_at", _TZ, nullable=False),
        sa.Column("synced_until", _TZ, nullable=True),
        sa.Column("left_at", _TZ, nullable=True),
        sa.Column("owner_key", sa.String(43), nullable=False),
        sa.Column("hello_epoch", sa.Integer(), nullable=False),
        sa.Column("invites_made", sa.Integer(), nullable=False),
    )
    op.create_table(
        "circle_keys",
        sa.Column("circle_id", sa.String(22), sa.ForeignKey("circles.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("epoch", sa.Integer(), primary_key=True),
        sa.Column("key", sa.LargeBinary(32), nullable=False),
    )  # fmt: skip
    op.create_table(
        "circle_members",
        sa.Column("circle_id", sa.String(22), sa.ForeignKey("circles.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("member_key", sa.String(43), primary_key=True),
        sa.Column("name", sa.String(60), nullable=True),
        sa.Column("owner", sa.Boolean(), nullable=False),
        sa.Column("joined_at", _TZ, nullable=True),
        sa.Column("removed_at", _TZ, nullable=True),
        sa.Column("banned", sa.Boolean(), nullable=False),
    )  # fmt: skip
    op.create_table(
        "circle_messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("circle_id", sa.String(22), sa.ForeignKey("circles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("uid", sa.String(36), nullable=False),
        sa.Column("relay_id", sa.Integer(), nullable=True),
        sa.Column("sender_key", sa.String(43), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("ref", sa.String(36), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("expires_at", _TZ, nullable=False),
        sa.UniqueConstraint("circle_id", "uid"),
    )  # fmt: skip
    op.create_index("ix_circle_messages_circle_id", "circle_messages", ["circle_id"])
    op.create_index("ix_circle_messages_created_at", "circle_messages", ["created_at"])
    op.create_index("ix_circle_messages_expires_at", "circle_messages", ["expires_at"])


def downgrade() -> None:
    op.drop_table("circle_messages")
    op.drop_table("circle_members")
    op.drop_table("circle_keys")
    op.drop_table("circles")
    with op.batch_alter_table("journal_entries") as batch:
        batch.drop_index("ix_journal_entries_review_uid")
        batch.drop_column("review_answer")
        batch.drop_column("review_uid")

"""Paired browser extensions: an origin, the browser's name, an HMAC-SHA256 of the secret
(keyed with this install's key; never the secret itself), when it was paired and last used.

Revision ID: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "paired_extensions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("origin", sa.String(160), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("secret_hmac", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_paired_extensions_origin", "paired_extensions", ["origin"])


def downgrade() -> None:
    op.drop_index("ix_paired_extensions_origin", table_name="paired_extensions")
    op.drop_table("paired_extensions")

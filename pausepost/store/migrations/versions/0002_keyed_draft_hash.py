"""Key the journal's draft hash: `text_sha256` now holds an HMAC-SHA256 (this install's key,
`<config dir>/install.key`) of the draft's SHA-256, so the database alone cannot confirm a
guessed draft. Existing rows are re-keyed in place from the plain SHA-256 they hold; no
text is needed and nothing else changes. The column keeps its name (the API and CSV
export keep theirs).

Revision ID: 0002
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

import sqlalchemy as sa
from alembic import context, op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_journal = sa.table("journal_entries", sa.column("id", sa.Integer), sa.column("text_sha256"))


def _rekey(key: bytes, plain: str) -> str:
    # Frozen copy of journal.draft_hash's formula as of this revision (from the digest).
    try:
        digest = bytes.fromhex(plain)
    except ValueError:  # never written by Pause; still must not stay guessable
        digest = hashlib.sha256(plain.encode("utf-8")).digest()
    return hmac.new(key, digest, hashlib.sha256).hexdigest()


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_journal.c.id, _journal.c.text_sha256)).all()
    if not rows:
        return  # a new or empty journal: no key needed (and none made) yet
    load: Callable[[], bytes] | None = context.config.attributes.get("draft_key")
    if load is None:  # run by hand (`alembic upgrade`): this install's key
        from pausepost.install_key import load_key

        load = load_key
    key = load()
    bind.execute(
        _journal.update().where(_journal.c.id == sa.bindparam("row_id")),
        [{"row_id": row_id, "text_sha256": _rekey(key, plain)} for row_id, plain in rows],
    )


def downgrade() -> None:
    # A keyed hash cannot be turned back into a plain one, and need not be: the hash only
    # links a decision to the check of the same draft. Rows stay keyed.
    pass

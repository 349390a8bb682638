"""The relay's engine, migrations and expiry sweep (expired rows are deleted, not hidden)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import CursorResult, Engine, create_engine, delete
from sqlalchemy.orm import Session

from pausepost.relay.models import Invite, Message, Nonce
from pausepost.store.db import normalise_url

MIGRATIONS = Path(__file__).parent / "migrations"
NONCE_WINDOW_S = 600  # a nonce is remembered this long; the clock window (300 s) is inside it


def make_relay_engine(url: str) -> Engine:
    return create_engine(normalise_url(url), pool_pre_ping=True)


def migrate(engine: Engine, revision: str = "head") -> None:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def sweep(session: Session, now: dt.datetime | None = None) -> int:
    """Delete expired messages, stale nonces and dead invites. Returns messages deleted."""
    now = now or utcnow()
    result = session.execute(delete(Message).where(Message.expires_at <= now))
    gone = result.rowcount if isinstance(result, CursorResult) else 0
    session.execute(delete(Nonce).where(Nonce.seen_at < now - dt.timedelta(seconds=NONCE_WINDOW_S)))
    session.execute(delete(Invite).where(Invite.expires_at <= now))
    return int(gone or 0)


def sweep_engine(engine: Engine) -> int:
    with Session(engine) as session, session.begin():
        return sweep(session)

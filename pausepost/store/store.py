"""`Store`: the one object front ends hold. Every write commits before it returns."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, Engine, delete, func, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from pausepost.core.types import Assessment, Finding
from pausepost.install_key import load_key
from pausepost.store import journal, pairing
from pausepost.store.db import make_engine, migrate
from pausepost.store.journal import Decision
from pausepost.store.models import (
    AllowTerm,
    ConsentEntry,
    FlagFeedback,
    JournalEntry,
    PairedExtension,
    utcnow,
)

log = logging.getLogger("pausepost.store")

# Tables whose deleted rows may hold what identifies a person (a kept draft, a consent's
# scope, an allow-listed name); flag feedback holds only codes and is never deleted.
SCRUBBED_TABLES = (
    "journal_entries", "consent_entries", "allow_terms", "circle_messages", "circle_members",
    "circle_keys", "circles",
)  # fmt: skip
# A paired extension's "last used" is written at most this often: not one fsync per call.
LAST_USED_EVERY = dt.timedelta(minutes=1)


class Store:
    def __init__(self, engine: Engine, *, draft_key: bytes | None = None) -> None:
        self.engine = engine
        self._session = sessionmaker(engine, expire_on_commit=False)
        self._draft_key = draft_key

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool = True) -> Store:
        engine = make_engine(url)
        # A database that lives only in this process needs no lasting key (and must not
        # make one in the config dir): a random one matches its drafts for its lifetime.
        key = secrets.token_bytes(32) if _in_memory(engine) else None
        store = cls(engine, draft_key=key)
        if upgrade:
            migrate(engine, draft_key=lambda: store.draft_key)
        return store

    @classmethod
    def memory(cls) -> Store:
        return cls.open("sqlite://")

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def draft_key(self) -> bytes:
        """The key of the journal's draft hash: this install's, read (or made) on first use."""
        if self._draft_key is None:
            self._draft_key = load_key()
        return self._draft_key

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return self._session()

    # -- journal -------------------------------------------------------------------------
    def record(
        self,
        assessment: Assessment,
        decision: Decision,
        *,
        keep_text: bool = False,
        consent_id: int | None = None,
        review_uid: str | None = None,
        now: dt.datetime | None = None,
    ) -> JournalEntry:
        """One entry per draft: a decision completes the draft's open check (same hash, no
        decision yet, within a day) instead of adding a second entry; checking the same
        draft again adds nothing."""
        now = now or utcnow()
        entry = journal.new_entry(
            assessment, decision, key=self.draft_key, keep_text=keep_text,
            consent_id=consent_id, review_uid=review_uid, now=now,
        )  # fmt: skip
        with self.session() as s:
            open_check = s.scalars(
                select(JournalEntry)
                .where(JournalEntry.text_sha256 == entry.text_sha256)
                .where(JournalEntry.decision == Decision.UNDECIDED.value)
                .where(JournalEntry.created_at >= now - dt.timedelta(days=1))
                .order_by(JournalEntry.id.desc())
                .limit(1)
            ).first()
            if open_check is None:
                s.add(entry)
            elif decision is not Decision.UNDECIDED:
                for field in journal.UPDATABLE:
                    setattr(open_check, field, getattr(entry, field))
                entry = open_check
            else:
                return open_check
            s.commit()
        return entry

    def journal(self, *, limit: int | None = None, offset: int = 0) -> list[JournalEntry]:
        q = select(JournalEntry).order_by(JournalEntry.created_at.desc(), JournalEntry.id.desc())
        q = q.offset(offset).limit(limit)
        with self.session() as s:
            return list(s.scalars(q))

    def journal_count(self) -> int:
        with self.session() as s:
            return int(s.scalar(select(func.count()).select_from(JournalEntry)) or 0)

    def journal_entry(self, entry_id: int) -> JournalEntry | None:
        with self.session() as s:
            return s.get(JournalEntry, entry_id)

    def delete_entry(self, entry_id: int) -> bool:
        with self.session() as s:
            n = _rows(s, delete(JournalEntry).where(JournalEntry.id == entry_id))
            s.commit()
        self._scrub()
        return bool(n)

    def delete_journal(self) -> int:
        with self.session() as s:
            n = _rows(s, delete(JournalEntry))
            s.commit()
        self._scrub()
        return int(n)

    def scrub(self) -> None:
        self._scrub()

    def _scrub(self) -> None:
        """Make deletion real: no copy of deleted rows left in the WAL or free pages.
        SQLite: secure_delete has zeroed the rows in the pages; the WAL still holds the
        frames that wrote them until a TRUNCATE checkpoint copies the pages back and empties
        it. PostgreSQL: VACUUM marks the dead rows' space free (see docs/web.md for what
        that does not promise)."""
        if self.dialect == "sqlite":
            _truncate_wal(self.engine)
        elif self.dialect == "postgresql":
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f"VACUUM {', '.join(SCRUBBED_TABLES)}"))

    # -- consent ledger --------------------------------------------------------------------
    def add_consent(
        self,
        *,
        label: str,
        scope: str,
        platforms: Iterable[str] = (),
        audience: str = "both",
        given_on: dt.date,
        expires_on: dt.date | None = None,
    ) -> ConsentEntry:
        entry = ConsentEntry(
            label=label,
            scope=scope,
            platforms=sorted(set(platforms)),
            audience=audience,
            given_on=given_on,
            expires_on=expires_on,
            created_at=utcnow(),
        )
        with self.session() as s:
            s.add(entry)
            s.commit()
        return entry

    def consents(self) -> list[ConsentEntry]:
        with self.session() as s:
            return list(s.scalars(select(ConsentEntry).order_by(ConsentEntry.id.desc())))

    def consent(self, consent_id: int) -> ConsentEntry | None:
        with self.session() as s:
            return s.get(ConsentEntry, consent_id)

    def revoke_consent(
        self, consent_id: int, *, now: dt.datetime | None = None
    ) -> ConsentEntry | None:
        with self.session() as s:
            entry = s.get(ConsentEntry, consent_id)
            if entry is None:
                return None
            if entry.revoked_at is None:
                entry.revoked_at = now or utcnow()
                s.commit()
            return entry

    def delete_consent(self, consent_id: int) -> bool:
        with self.session() as s:
            n = _rows(s, delete(ConsentEntry).where(ConsentEntry.id == consent_id))
            s.commit()
        self._scrub()
        return bool(n)

    # -- allow-list additions and flag feedback -------------------------------------------
    def allow_terms(self) -> tuple[str, ...]:
        with self.session() as s:
            return tuple(s.scalars(select(AllowTerm.term).order_by(AllowTerm.id)))

    def add_allow_term(self, term: str) -> bool:
        """True if added, False if it was already there."""
        with self.session() as s:
            s.add(AllowTerm(term=term, created_at=utcnow()))
            try:
                s.commit()
            except IntegrityError:
                return False
        return True

    def remove_allow_term(self, term: str) -> bool:
        """The term is often a person's name: scrubbed from disk like a journal entry."""
        with self.session() as s:
            n = _rows(s, delete(AllowTerm).where(AllowTerm.term == term))
            s.commit()
        self._scrub()
        return bool(n)

    def add_feedback(self, finding: Finding, *, verdict: str | None = None) -> FlagFeedback:
        fb = FlagFeedback(
            created_at=utcnow(),
            detector=finding.detector,
            code=finding.code,
            concern=finding.concern.value,
            label=finding.label.value if finding.label else None,
            verdict=verdict,
            is_active=True,
        )
        with self.session() as s:
            s.add(fb)
            s.commit()
        return fb

    def feedback(self) -> list[FlagFeedback]:
        with self.session() as s:
            return list(s.scalars(select(FlagFeedback).order_by(FlagFeedback.id)))


    # -- paired browser extensions ---------------------------------------------------------
    def pair(self, origin: str, name: str) -> tuple[PairedExtension, str]:
        """Pair an extension origin; returns the row and the secret, which is not kept (only
        its keyed hash) and so can be shown only this once."""
        secret = pairing.new_secret()
        row = PairedExtension(
            origin=origin,
            name=name,
            secret_hmac=pairing.secret_hmac(self.draft_key, secret),
            created_at=utcnow(),
        )
        with self.session() as s:
            s.add(row)
            s.commit()
        return row, secret

    def verify_pairing(
        self, origin: str | None, secret: str, *, now: dt.datetime | None = None
    ) -> bool:
        """True if `secret` belongs to a pairing of `origin` (not of another extension's)."""
        return self.paired_origin(secret, origin=origin, now=now) is not None

    def paired_origin(
        self, secret: str, *, origin: str | None = None, now: dt.datetime | None = None
    ) -> str | None:
        """The origin of the pairing `secret` belongs to (restricted to `origin` if given),
        or None. Chromium sends no Origin on an extension's GET: the secret alone tells."""
        if not pairing.well_formed(secret):
            return None
        with self.session() as s:
            q = select(PairedExtension.id, PairedExtension.secret_hmac, PairedExtension.origin)
            if origin is not None:
                q = q.where(PairedExtension.origin == origin)
            rows = s.execute(q).all()
            hit = [(i, o) for i, h, o in rows if pairing.matches(self.draft_key, secret, h)]
            if not hit:
                return None
            now = now or utcnow()
            s.execute(
                update(PairedExtension)
                .where(PairedExtension.id == hit[0][0])
                .where(
                    or_(
                        PairedExtension.last_used.is_(None),
                        PairedExtension.last_used < now - LAST_USED_EVERY,
                    )
                )
                .values(last_used=now)
            )
            s.commit()
        return str(hit[0][1])

    def origin_is_paired(self, origin: str) -> bool:
        with self.session() as s:
            q = select(PairedExtension.id).where(PairedExtension.origin == origin).limit(1)
            return s.scalar(q) is not None

    def pairings(self) -> list[PairedExtension]:
        with self.session() as s:
            return list(s.scalars(select(PairedExtension).order_by(PairedExtension.id)))

    def revoke_pairing(self, pairing_id: int) -> bool:
        """The extension's next call is refused (403); it must be paired again."""
        with self.session() as s:
            n = _rows(s, delete(PairedExtension).where(PairedExtension.id == pairing_id))
            s.commit()
        return bool(n)


def _truncate_wal(engine: Engine) -> None:
    """Checkpoint and empty the WAL; SQLite waits (busy_timeout) for other connections'
    transactions to end. One still open after that (another process in a long read)
    leaves the WAL as it is: say so in the log, without content. The next delete's
    checkpoint, or the last connection closing, empties it."""
    with engine.connect() as conn:
        busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar()
    if busy:
        log.warning("could not empty the SQLite WAL after a delete: another connection is busy")


def _in_memory(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:")


def _rows(session: Session, stmt: Delete) -> int:
    result = cast(CursorResult[Any], session.execute(stmt))
    return int(result.rowcount)

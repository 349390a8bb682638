"""Deleting is real on disk: a deleted allow-list term, journal entry or consent entry
leaves no bytes in pause.db, pause.db-wal or pause.db-shm, read raw while the store is
still open (as it is while `pausepost serve` runs) and again after it closes."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from web_support import FakeScreener, fresh_pg_url, make_client, postgres_server

from pausepost.core.types import Post
from pausepost.store import Decision, Store

__all__ = ["postgres_server"]  # the fixture, re-exported for pytest

# Made-up names: distinctive enough that no other byte sequence in the files matches.
TERM = "Dr. Quirinalis Vondrakova-Ebbesen"
TEXT = "Met Rosa Ysoldine Karpathakis at the clinic today"
LABEL_SCOPE = "the Threnodicus-Malvoisin mural story"


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The journal key lives in the config dir: never the real one in tests."""
    folder = tmp_path / "config"
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def db_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def store(db_dir: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{db_dir / 'pause.db'}")
    yield s
    s.close()


def raw_bytes(folder: Path) -> bytes:
    """pause.db, pause.db-wal and pause.db-shm as they are on disk (those that exist)."""
    names = ("pause.db", "pause.db-wal", "pause.db-shm")
    return b"".join((folder / n).read_bytes() for n in names if (folder / n).exists())


def assert_gone(folder: Path, secret: str) -> None:
    """Neither the whole secret nor its rarest word, in UTF-8 or UTF-16 (either order)."""
    blob = raw_bytes(folder)
    rarest = max(secret.split(), key=len)
    for part in (secret, rarest):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            left = part.encode(encoding) in blob  # a bool: a failure does not print the files
            assert not left, f"{part!r} left on disk ({encoding})"


def assert_present(folder: Path, secret: str) -> None:
    """The check can fail: before deleting, the secret is on disk."""
    written = secret.encode("utf-8") in raw_bytes(folder)
    assert written


def test_scrub_deleted_allow_term_store_api(store: Store, db_dir: Path) -> None:
    assert store.add_allow_term(TERM)
    assert_present(db_dir, TERM)
    assert store.remove_allow_term(TERM)
    assert store.allow_terms() == ()
    assert_gone(db_dir, TERM)
    store.close()
    assert_gone(db_dir, TERM)


def test_scrub_deleted_allow_term_web_api(store: Store, db_dir: Path) -> None:
    client = make_client(store)
    assert client.post("/api/v1/allow", json={"term": TERM}).status_code == 201
    assert_present(db_dir, TERM)
    r = client.delete("/api/v1/allow", params={"term": TERM})
    assert r.status_code == 200 and r.json()["terms"] == []
    assert_gone(db_dir, TERM)


def test_scrub_allow_term_among_others_and_re_added(store: Store, db_dir: Path) -> None:
    """Other terms on the same page stay; adding and deleting again still leaves nothing."""
    for other in ("Dr. Ana Keeps", "Practice Keeps"):
        store.add_allow_term(other)
    for _ in range(2):
        store.add_allow_term(TERM)
        store.remove_allow_term(TERM)
    assert store.allow_terms() == ("Dr. Ana Keeps", "Practice Keeps")
    assert_gone(db_dir, TERM)
    assert b"Practice Keeps" in raw_bytes(db_dir)


def _record_kept_text(store: Store) -> int:
    a = FakeScreener().screen(Post(text=TEXT))
    return store.record(a, Decision.DISCARD, keep_text=True).id


def _delete_entry(store: Store) -> None:
    assert store.delete_entry(_record_kept_text(store))


def _delete_all(store: Store) -> None:
    _record_kept_text(store)
    assert store.delete_journal() == 1


def _delete_all_web(store: Store) -> None:
    _record_kept_text(store)
    r = make_client(store).delete("/api/v1/journal", params={"confirm": "yes"})
    assert r.status_code == 200 and r.json()["deleted"] == 1


@pytest.mark.parametrize(
    "delete", [_delete_entry, _delete_all, _delete_all_web], ids=["entry", "all", "all-web"]
)
def test_scrub_deleted_journal_text_while_open(
    store: Store, db_dir: Path, delete: Callable[[Store], None]
) -> None:
    delete(store)
    assert store.journal_count() == 0
    assert_gone(db_dir, TEXT)


def test_scrub_deleted_consent_while_open(store: Store, db_dir: Path) -> None:
    c = store.add_consent(label="C-9", scope=LABEL_SCOPE, given_on=dt.date(2026, 1, 5))
    assert_present(db_dir, LABEL_SCOPE)
    assert store.delete_consent(c.id)
    assert_gone(db_dir, LABEL_SCOPE)


def test_scrub_feedback_never_holds_text(store: Store, db_dir: Path) -> None:
    """Flag feedback has no delete (nothing to scrub): it keeps codes, never the flagged text."""
    a = FakeScreener().screen(Post(text=TEXT))
    for finding in a.findings:
        store.add_feedback(finding, verdict="hold")
    assert store.feedback()
    assert_gone(db_dir, TEXT)
    assert not hasattr(store, "delete_feedback")


def test_scrub_with_a_second_idle_connection_open(store: Store, db_dir: Path) -> None:
    """A second connection that has read the table (its own page cache) does not keep the
    WAL alive: once it is idle the delete still truncates the WAL."""
    store.add_allow_term(TERM)
    other = Store.open(f"sqlite:///{db_dir / 'pause.db'}", upgrade=False)
    try:
        assert other.allow_terms() == (TERM,)
        assert store.remove_allow_term(TERM)
        assert_gone(db_dir, TERM)
    finally:
        other.close()


def test_scrub_busy_reader_is_logged_and_the_next_delete_empties_the_wal(
    store: Store, db_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The documented limit: a reader in its own transaction keeps the WAL; Pause says so
    (without the term) and the next delete, once the reader is done, scrubs it."""

    @event.listens_for(store.engine, "connect")
    def _short_wait(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA busy_timeout=100")  # not 10 s in a test

    store.engine.dispose()
    store.add_allow_term(TERM)
    reader = sqlite3.connect(db_dir / "pause.db", isolation_level=None)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM allow_terms").fetchone() == (1,)
        with caplog.at_level(logging.WARNING, logger="pausepost.store"):
            assert store.remove_allow_term(TERM)
        assert "could not empty the SQLite WAL" in caplog.text
        assert "Vondrakova" not in caplog.text
        reader.execute("COMMIT")
    finally:
        reader.close()
    assert not store.remove_allow_term("no such term")
    assert_gone(db_dir, TERM)


@pytest.mark.postgres
def test_scrub_postgres_deletes_and_vacuums(postgres_server: str) -> None:
    """PostgreSQL: the same calls work (the row goes, VACUUM runs); what that promises on
    disk is in docs/web.md."""
    s = Store.open(fresh_pg_url(postgres_server))
    try:
        assert s.add_allow_term(TERM)
        assert s.remove_allow_term(TERM)
        assert s.allow_terms() == ()
        _delete_all(s)
        assert s.journal_count() == 0
    finally:
        s.close()

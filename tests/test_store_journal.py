"""The store against SQLite (file, WAL) and a throwaway PostgreSQL: same behaviour."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from web_support import (
    CONSENT,
    RISKY,
    SAFE,
    STORE_KINDS,
    FakeScreener,
    open_store,
    postgres_server,
)

from pausepost.core.types import Post
from pausepost.errors import ConfigError
from pausepost.install_key import KEY_FILE, load_key
from pausepost.store import Decision, Store, draft_hash, make_engine, migrate
from pausepost.store import journal as jr
from pausepost.store.models import Base

__all__ = ["postgres_server"]  # the fixture, re-exported for pytest

NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The journal key lives in the config dir: never the real one in tests."""
    folder = tmp_path / "config"
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with open_store(request, tmp_path) as s:
        yield s


def screen(text: str) -> object:
    return FakeScreener().screen(Post(text=text, platform="facebook"))


def test_store_migrations_match_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    tables = set(inspect(store.engine).get_table_names())
    assert {"journal_entries", "consent_entries", "allow_terms", "flag_feedback"} <= tables


def test_store_migrate_is_idempotent(store: Store) -> None:
    migrate(store.engine)
    migrate(store.engine)


def test_store_journal_keeps_only_a_hash_by_default(store: Store) -> None:
    a = FakeScreener().screen(Post(text=RISKY, platform="facebook"))
    e = store.record(a, Decision.KEEP_PRIVATE, now=NOW)
    got = store.journal_entry(e.id)
    assert got is not None
    assert got.text is None
    assert got.text_sha256 == draft_hash(RISKY, store.draft_key)
    assert got.verdict == "hold"
    assert got.concerns == ["identifiable", "mocking"]
    assert got.reason_codes == ["identifiable_details", "mocking"]
    assert got.decision == "keep_private"
    assert got.platform == "facebook"


def test_store_journal_keeps_text_when_asked(store: Store) -> None:
    a = FakeScreener().screen(Post(text=SAFE))
    e = store.record(a, Decision.POST, keep_text=True)
    assert store.journal()[0].text == SAFE
    assert jr.entry_dict(store.journal()[0])["id"] == e.id


def test_store_journal_orders_newest_first_and_counts(store: Store) -> None:
    a = FakeScreener().screen(Post(text=SAFE))
    for days in (3, 1, 2):
        store.record(a, Decision.POST, now=NOW - dt.timedelta(days=days))
    got = [e.created_at.replace(tzinfo=None) for e in store.journal()]
    assert got == sorted(got, reverse=True)
    assert store.journal_count() == 3
    assert len(store.journal(limit=2)) == 2


def test_store_delete_is_real(store: Store) -> None:
    a = FakeScreener().screen(Post(text=RISKY))
    e = store.record(a, Decision.DISCARD, keep_text=True)
    assert store.delete_entry(e.id)
    assert store.journal_entry(e.id) is None
    assert not store.delete_entry(e.id)
    store.record(a, Decision.DISCARD)
    assert store.delete_journal() == 1
    assert store.journal_count() == 0


def test_store_sqlite_deleted_text_leaves_no_bytes_behind(tmp_path: Path) -> None:
    s = Store.open(f"sqlite:///{tmp_path / 'p.db'}")
    secret = "Quillon Zarathustra-Mbeki said something unforgettable today"
    e = s.record(FakeScreener().screen(Post(text=secret)), Decision.POST, keep_text=True)
    s.delete_entry(e.id)
    s.close()
    blob = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert b"Zarathustra" not in blob


def test_store_sqlite_uses_wal_and_full_sync(tmp_path: Path) -> None:
    s = Store.open(f"sqlite:///{tmp_path / 'p.db'}")
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_store_concurrent_writes_all_land(store: Store) -> None:
    a = FakeScreener().screen(Post(text=SAFE))

    def work() -> None:
        for _ in range(10):
            store.record(a, Decision.POST)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.journal_count() == 60


def test_store_consent_lifecycle(store: Store) -> None:
    c = store.add_consent(
        label="C-17 poem", scope="her poem", platforms=["x", "facebook", "x"],
        audience="professional", given_on=dt.date(2026, 1, 5), expires_on=dt.date(2026, 12, 31),
    )  # fmt: skip
    got = store.consent(c.id)
    assert got is not None and got.platforms == ["facebook", "x"]
    assert got.given_on == dt.date(2026, 1, 5)
    revoked = store.revoke_consent(c.id, now=NOW)
    assert revoked is not None and revoked.revoked_at is not None
    assert store.revoke_consent(999) is None
    assert [e.id for e in store.consents()] == [c.id]
    assert store.delete_consent(c.id)
    assert store.consents() == []


def test_store_allow_terms_are_unique(store: Store) -> None:
    assert store.add_allow_term("Dr. Maria Alvarez")
    assert not store.add_allow_term("Dr. Maria Alvarez")
    assert store.allow_terms() == ("Dr. Maria Alvarez",)
    assert store.remove_allow_term("Dr. Maria Alvarez")
    assert store.allow_terms() == ()


def test_store_feedback_keeps_codes_not_text(store: Store) -> None:
    a = FakeScreener().screen(Post(text=RISKY))
    name = next(f for f in a.findings if f.code == "fake.name")
    fb = store.add_feedback(name, verdict="hold")
    assert (fb.detector, fb.code, fb.label) == ("fake", "fake.name", "NAME")
    assert len(store.feedback()) == 1


def test_journal_stats_count_pauses_and_choices(store: Store) -> None:
    hold = FakeScreener().screen(Post(text=RISKY))
    ok = FakeScreener().screen(Post(text=SAFE))
    consent = FakeScreener().screen(Post(text=CONSENT))
    store.record(hold, Decision.POST, now=NOW)  # posted anyway
    store.record(hold, Decision.KEEP_PRIVATE, now=NOW - dt.timedelta(days=7))
    store.record(consent, Decision.POST_REWRITE, now=NOW)
    store.record(ok, Decision.POST, now=NOW)
    st = jr.stats(store.journal(), today=NOW.date())
    assert (st["entries"], st["pauses"], st["revised"], st["posted_anyway"]) == (4, 3, 2, 1)
    weeks = st["pauses_per_week"]
    assert len(weeks) == 12 and weeks[-1] == {"week": "2026-03-02", "count": 2}
    assert weeks[-2]["count"] == 1
    assert st["top_concerns"][0] == {"concern": "identifiable", "count": 2}


def test_journal_csv_export_defuses_formulas(store: Store) -> None:
    a = FakeScreener().screen(Post(text="=HYPERLINK(1) permission"))
    store.record(a, Decision.DISCARD, keep_text=True, now=NOW)
    rows = jr.to_csv(store.journal()).splitlines()
    assert rows[0].startswith("id,created_at,verdict,decision")
    assert "'=HYPERLINK(1) permission" in rows[1]
    assert ",consent_claimed," in rows[1]


def test_store_serves_the_web_app(store: Store) -> None:
    """The API on top of each backend: decide, list, consent, delete."""
    from web_support import make_client

    client = make_client(store)
    r = client.post("/api/v1/journal", json={"text": RISKY, "decision": "keep_private"})
    assert r.status_code == 201
    assert client.get("/api/v1/journal").json()["stats"]["pauses"] == 1
    c = client.post("/api/v1/consent", json={"label": "C-3", "scope": "poem",
                                             "given_on": "2020-01-01"}).json()["entry"]  # fmt: skip
    body = {"text": CONSENT, "consent_id": c["id"]}
    assert client.post("/api/v1/check", json=body).json()["verdict"] == "revise"
    assert client.delete(f"/api/v1/journal/{r.json()['entry']['id']}").json() == {"ok": True}
    assert client.get("/api/v1/health").json()["store"] in ("sqlite", "postgresql")


def test_store_decision_completes_the_open_check(store: Store) -> None:
    a = FakeScreener().screen(Post(text=RISKY))
    check = store.record(a, Decision.UNDECIDED, now=NOW)
    again = store.record(a, Decision.UNDECIDED, now=NOW + dt.timedelta(minutes=1))
    assert again.id == check.id
    done = store.record(a, Decision.KEEP_PRIVATE, keep_text=True, now=NOW + dt.timedelta(hours=1))
    assert done.id == check.id and store.journal_count() == 1
    got = store.journal_entry(check.id)
    assert got is not None and got.decision == "keep_private" and got.text == RISKY
    late = store.record(a, Decision.UNDECIDED, now=NOW + dt.timedelta(days=3))
    later = store.record(a, Decision.POST, now=NOW + dt.timedelta(days=5))  # check is stale
    assert late.id != check.id and later.id not in (check.id, late.id)


def test_store_migrations_downgrade_and_upgrade(store: Store) -> None:
    from alembic import command
    from alembic.config import Config as AlembicConfig

    from pausepost.store.db import MIGRATIONS

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert "journal_entries" not in inspect(store.engine).get_table_names()
    migrate(store.engine)
    assert "journal_entries" in inspect(store.engine).get_table_names()


def test_store_sqlite_deleted_consent_leaves_no_bytes_behind(tmp_path: Path) -> None:
    s = Store.open(f"sqlite:///{tmp_path / 'p.db'}")
    c = s.add_consent(label="C-5", scope="the Xylophorica mural story", given_on=NOW.date())
    s.delete_consent(c.id)
    s.close()
    blob = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert b"Xylophorica" not in blob


# -- the draft hash is keyed with a per-install secret -----------------------------------

RISKY_A = FakeScreener().screen(Post(text=RISKY, platform="facebook"))


def test_store_journal_hash_is_keyed_not_plain_sha256(store: Store) -> None:
    e = store.record(RISKY_A, Decision.KEEP_PRIVATE, now=NOW)
    got = store.journal_entry(e.id)
    assert got is not None and len(got.text_sha256) == 64
    assert got.text_sha256 != hashlib.sha256(RISKY.encode()).hexdigest()  # no guess-and-check


def test_journal_key_same_install_same_hash_other_install_other_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashes = []
    for install in ("a", "a", "b"):
        monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path / install))
        s = Store.open(f"sqlite:///{tmp_path / f'{install}-{len(hashes)}.db'}")
        hashes.append(s.record(RISKY_A, Decision.POST, now=NOW).text_sha256)
        s.close()
    assert hashes[0] == hashes[1] != hashes[2]
    assert load_key(tmp_path / "a") != load_key(tmp_path / "b")
    assert draft_hash(RISKY, load_key(tmp_path / "a")) == hashes[0]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits only")
def test_journal_key_file_is_private(config_dir: Path) -> None:
    old = os.umask(0o022)
    try:
        key = load_key()
        path = config_dir / KEY_FILE
        assert len(key) == 32
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(config_dir.stat().st_mode) == 0o700
        path.chmod(0o644)
        assert load_key() == key  # the same key, made private again
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_journal_damaged_key_is_a_config_error(config_dir: Path) -> None:
    config_dir.mkdir()
    (config_dir / KEY_FILE).write_text("not a key\n")
    with pytest.raises(ConfigError, match=r"install\.key"):
        load_key()


def test_memory_store_uses_a_throwaway_key(config_dir: Path) -> None:
    s = Store.memory()
    first = s.record(RISKY_A, Decision.UNDECIDED, now=NOW)
    again = s.record(RISKY_A, Decision.POST, now=NOW)
    assert again.id == first.id  # still matches within the process
    assert not config_dir.exists()  # and no key file was made for it


def test_migration_rekeys_existing_plain_hashes(tmp_path: Path, config_dir: Path) -> None:
    """Rows from before the keyed hash are re-keyed in place: a decision on a draft checked
    before the upgrade still completes that check, and no plain SHA-256 is left."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, "0001")
    plain = hashlib.sha256(RISKY.encode()).hexdigest()
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO journal_entries (created_at, text_sha256, verdict, concerns, "
                "reason_codes, decision) VALUES (:t, :h, 'hold', '[]', '[]', 'undecided')"
            ),
            {"t": NOW, "h": plain},
        )
    engine.dispose()
    s = Store.open(f"sqlite:///{tmp_path / 'old.db'}")
    [row] = s.journal()
    assert row.text_sha256 == draft_hash(RISKY, load_key()) != plain
    done = s.record(RISKY_A, Decision.KEEP_PRIVATE, now=NOW + dt.timedelta(hours=1))
    assert done.id == row.id and s.journal_count() == 1
    s.close()


def test_journal_key_made_once_when_raced(config_dir: Path) -> None:
    """Web workers starting together all end up with the one key that was kept."""
    keys: list[bytes] = []
    threads = [threading.Thread(target=lambda: keys.append(load_key())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(keys) == 8 and set(keys) == {load_key()}
    assert [p.name for p in config_dir.iterdir()] == [KEY_FILE]  # no temporary file left

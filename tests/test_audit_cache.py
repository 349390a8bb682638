"""Resumable audits: a second run reuses cached results; a new engine screens again."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import audit_fakes
import export_fakes as fx
import pytest

from pausepost.audit import ResultCache, audit_export, engine_fingerprint, post_key
from pausepost.audit.cache import CACHE_FILE
from pausepost.core.types import Post


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "data"
    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(d))
    return d


def test_second_run_reuses_results(tmp_path: Path, data_dir: Path) -> None:
    export = fx.linkedin_2025(tmp_path / "export")
    audit_fakes.CALLS.clear()
    cache = ResultCache()
    first = audit_export(export, tmp_path / "a", factory=audit_fakes.fake_factory, cache=cache)
    assert (data_dir / CACHE_FILE).is_file()
    assert first.cache_hits == 0 and len(audit_fakes.CALLS) == 4
    audit_fakes.CALLS.clear()
    second = audit_export(export, tmp_path / "b", factory=audit_fakes.fake_factory, cache=cache)
    assert second.cache_hits == 4 and audit_fakes.CALLS == []
    a = json.loads((tmp_path / "a" / "report.json").read_text())["posts"]
    b = json.loads((tmp_path / "b" / "report.json").read_text())["posts"]
    assert a == b  # identical reports, span texts and ids restored from the post
    # A new engine version invalidates everything.
    third = audit_export(export, tmp_path / "c", factory=audit_fakes.fake_factory_v2, cache=cache)
    assert third.cache_hits == 0 and len(audit_fakes.CALLS) == 4
    cache.close()


def test_cache_keys_hold_no_text_and_span_text_is_not_stored(
    tmp_path: Path, data_dir: Path
) -> None:
    export = fx.linkedin_2025(tmp_path / "export")
    cache = ResultCache()
    audit_export(export, tmp_path / "a", factory=audit_fakes.fake_factory, cache=cache)
    cache.close()
    rows = sqlite3.connect(data_dir / CACHE_FILE).execute("SELECT key, value FROM keyed_results")
    for key, value in rows:
        assert len(key) == 64 and "Rosa" not in key
        assert '"text": "Rosa"' not in value
    assert (data_dir / CACHE_FILE).stat().st_mode & 0o077 == 0


def test_key_depends_on_engine_text_and_context() -> None:
    fp1 = engine_fingerprint(audit_fakes.FakeScreener("1"))
    fp2 = engine_fingerprint(audit_fakes.FakeScreener("2"))
    key = b"k" * 32
    post = Post(text="hello", platform="x", id="a")
    assert post_key(post, fp1, key) != post_key(post, fp2, key)
    assert post_key(post, fp1, key) == post_key(Post(text="hello", platform="x", id="b"), fp1, key)
    assert post_key(post, fp1, key) != post_key(Post(text="hello", platform="facebook"), fp1, key)
    assert post_key(post, fp1, key) != post_key(Post(text="hello!", platform="x"), fp1, key)


def test_cache_index_is_keyed_per_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoever holds the cache file cannot confirm a guessed post by hashing it."""
    post = Post(text="Tyler told me about his dad today", platform="x")
    fp = engine_fingerprint(audit_fakes.FakeScreener("1"))
    keys = []
    for install in ("one", "two"):
        monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path / install))
        monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(tmp_path / install / "data"))
        cache = ResultCache()
        keys.append(post_key(post, fp, cache.secret))
        assert post_key(post, fp, ResultCache().secret) == keys[-1]  # same install, same key
        cache.close()
    assert keys[0] != keys[1]
    unkeyed = post_key(post, fp, b"")
    assert unkeyed not in keys


def test_an_old_unkeyed_cache_is_dropped(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    old = sqlite3.connect(data_dir / CACHE_FILE)
    old.execute("CREATE TABLE results (key TEXT PRIMARY KEY, value TEXT)")
    old.execute("INSERT INTO results VALUES ('0123', '{}')")
    old.commit()
    old.close()
    ResultCache().close()
    tables = sqlite3.connect(data_dir / CACHE_FILE).execute(
        "SELECT name FROM sqlite_master WHERE type='table'"
    )
    assert [t for (t,) in tables] == ["keyed_results"]


def test_damaged_cache_rows_are_rescreened(tmp_path: Path, data_dir: Path) -> None:
    cache = ResultCache()
    cache._db.execute("INSERT INTO keyed_results VALUES ('k', 'not json')")
    assert cache.get_many(["k", "missing"]) == {}
    cache.close()

"""What Pause keeps on disk is readable by its owner only: folders 0700, files 0600
(SQLite's -wal/-shm too), and folders or files left too open are tightened on start."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import export_fakes as fx
import pytest
from web_support import RISKY, FakeScreener

from pausepost.audit import ResultCache
from pausepost.audit.cache import CACHE_FILE
from pausepost.cli.main import main
from pausepost.config import Config
from pausepost.core.types import Post
from pausepost.private_files import tighten
from pausepost.store import Decision, Store

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits only")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    data, config = tmp_path / "home" / "data", tmp_path / "home" / "config"
    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(data))
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(config))
    old = os.umask(0o022)  # the usual default, which gives 0755 folders and 0644 files
    try:
        yield data, config
    finally:
        os.umask(old)


def record(store: Store) -> None:
    store.record(FakeScreener().screen(Post(text=RISKY)), Decision.UNDECIDED)


def test_fresh_store_is_private_including_wal_and_shm(dirs: tuple[Path, Path]) -> None:
    data, config = dirs
    store = Store.open()
    try:
        record(store)  # a write: the WAL and shared-memory files now exist
        db = data / "pause.db"
        assert mode(data) == 0o700
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            assert path.exists() and mode(path) == 0o600, path
        assert mode(config) == 0o700  # the journal key's folder
        assert mode(config / "install.key") == 0o600
    finally:
        store.close()


def test_open_tightens_an_existing_open_dir_and_db(
    dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, _config = dirs
    data.mkdir(parents=True, mode=0o755)
    db = data / "pause.db"
    held = sqlite3.connect(db)  # as an older Pause left it: 0644, with WAL and SHM files
    held.execute("PRAGMA journal_mode=WAL")
    held.execute("CREATE TABLE t (x TEXT)")
    held.execute("INSERT INTO t VALUES ('x')")
    held.commit()
    wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
    assert (mode(data), mode(db), mode(wal), mode(shm)) == (0o755, 0o644, 0o644, 0o644)
    try:
        Store.open().close()
        assert (mode(data), mode(db), mode(wal), mode(shm)) == (0o700, 0o600, 0o600, 0o600)
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "pause.db" in err and RISKY not in err
        Store.open().close()
        assert capsys.readouterr().err == ""  # said once; nothing left to fix
    finally:
        held.close()


def test_tighten_never_loosens_and_skips_links(tmp_path: Path) -> None:
    group = tmp_path / "group"
    group.write_text("x")
    group.chmod(0o640)
    readonly = tmp_path / "readonly"
    readonly.write_text("x")
    readonly.chmod(0o400)
    target = tmp_path / "target"
    target.write_text("x")
    target.chmod(0o644)
    link = tmp_path / "link"
    link.symlink_to(target)
    assert tighten(group, readonly, link, tmp_path / "missing") == [group]
    assert (mode(group), mode(readonly), mode(target)) == (0o600, 0o400, 0o644)


def test_audit_cache_is_private(dirs: tuple[Path, Path]) -> None:
    data, _config = dirs
    cache = ResultCache()
    try:
        cache.put_many([("k", {"verdict": "post"})])
        path = data / CACHE_FILE
        assert mode(data) == 0o700
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert p.exists() and mode(p) == 0o600, p
    finally:
        cache.close()


def test_audit_cache_tightens_an_existing_open_dir(dirs: tuple[Path, Path]) -> None:
    data, _config = dirs
    data.mkdir(parents=True, mode=0o755)
    old = data / CACHE_FILE
    sqlite3.connect(old).close()
    old.chmod(0o644)
    ResultCache().close()
    assert (mode(data), mode(old)) == (0o700, 0o600)


def test_config_load_tightens_the_config_dir_and_file(dirs: tuple[Path, Path]) -> None:
    _data, config = dirs
    config.mkdir(parents=True, mode=0o755)
    toml = config / "config.toml"
    toml.write_text('[allow]\nnames = ["Dr Jane Roe"]\n', encoding="utf-8")
    toml.chmod(0o644)
    assert Config.load().allow == ("Dr Jane Roe",)
    assert (mode(config), mode(toml)) == (0o700, 0o600)


def test_config_load_leaves_an_explicit_path_alone(tmp_path: Path) -> None:
    toml = tmp_path / "mine.toml"
    toml.write_text("[allow]\n", encoding="utf-8")
    toml.chmod(0o644)
    Config.load(toml)
    assert mode(toml) == 0o644


def _export(root: Path) -> Path:
    tweets = [fx.tweet("1", "Sunday reset: long walk.", "Fri Feb 20 09:10:58 +0000 2026")]
    fx.write(root, "data/tweets.js", fx.ytd("tweets.part0", tweets))
    return root


def test_audit_out_new_dir_is_private(tmp_path: Path, dirs: tuple[Path, Path]) -> None:
    out = tmp_path / "reports" / "out"
    assert main(["audit", str(_export(tmp_path / "export")), "--out", str(out), "--jobs", "1"]) == 0
    assert mode(out) == 0o700
    assert {p.name: mode(p) for p in out.iterdir()} == dict.fromkeys(
        ("report.html", "report.json", "report.csv"), 0o600
    )
    assert json.loads((out / "report.json").read_text())["posts"]


def test_audit_out_existing_dir_is_left_as_is(tmp_path: Path, dirs: tuple[Path, Path]) -> None:
    out = tmp_path / "shared-out"
    out.mkdir(mode=0o755)
    assert main(["audit", str(_export(tmp_path / "export")), "--out", str(out), "--jobs", "1"]) == 0
    assert mode(out) == 0o755  # the user's own folder: their choice
    assert {mode(p) for p in out.iterdir()} == {0o600}

"""Engines and migrations: SQLite (WAL, fsync on commit) by default, PostgreSQL by URL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.pool import StaticPool

from pausepost.config import data_dir
from pausepost.install_key import load_key
from pausepost.private_files import make_dir, private_sqlite

MIGRATIONS = Path(__file__).parent / "migrations"
DB_FILE = "pause.db"


def default_url() -> str:
    return f"sqlite:///{make_dir(data_dir()) / DB_FILE}"


def normalise_url(url: str) -> str:
    """Plain `postgresql://` means psycopg 3 here (the only driver we ship)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str | None = None) -> Engine:
    url = normalise_url(url or default_url())
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True)


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL, in-memory and URI forms."""
    parsed = make_url(url)
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return None
    return None if name.startswith("file:") else Path(name)


def _sqlite_engine(url: str) -> Engine:
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    path = sqlite_path(url)
    if path is not None:  # 0600 before SQLite creates it or its -wal/-shm beside it
        private_sqlite(path, own_dir=path.parent == data_dir())
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 10}}
    if in_memory:
        kwargs["poolclass"] = StaticPool  # one shared connection, or each one is a new empty DB
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        if not in_memory:
            cur.execute("PRAGMA journal_mode=WAL")
        # FULL: the commit is on disk before we answer, so a decision survives kill -9
        # and power loss alike.
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA secure_delete=ON")  # deleted rows are zeroed, not left behind
        cur.execute("PRAGMA busy_timeout=10000")
        cur.close()

    return engine


def migrate(
    engine: Engine, revision: str = "head", *, draft_key: Callable[[], bytes] = load_key
) -> None:
    """Bring the schema to `revision` with the migrations shipped inside the package.
    `draft_key` is asked for only if existing journal rows must be re-keyed (0002)."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        cfg.attributes["draft_key"] = draft_key
        command.upgrade(cfg, revision)

"""Resumable audits: screened results cached by content hash and engine fingerprint.

A second run over the same archive (or after an interruption) only screens what is
new or what a changed engine, detector set or allow-list would judge differently.
Stored in the user's data dir (mode 0600); span texts are not stored (recomputed from
offsets), and the index is a keyed hash (HMAC under the install's key, kept outside the
cache), so the index neither holds post text nor lets anyone confirm a guessed post.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pausepost.config import data_dir
from pausepost.core.types import Post
from pausepost.install_key import load_key
from pausepost.private_files import make_dir, private_sqlite

CACHE_FILE = "audit-cache.sqlite3"


def engine_fingerprint(screener: Any, *, images: bool = False) -> str:
    """What makes a cached verdict stale: engine version, detectors, the allow-list, and
    whether photos were checked."""
    engine = screener.engine
    config = getattr(screener, "config", None)
    allow = sorted(getattr(config, "allow", ()) or ())
    raw = json.dumps([engine.name, engine.version, list(engine.detectors), allow, images])
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def post_key(post: Post, fingerprint: str, secret: bytes) -> str:
    """Keyed hash (HMAC-SHA256 under the install's key) of everything the screener looks at
    (not the id or date, which it ignores). Keyed, so that the cache file alone cannot
    confirm a guessed post."""
    h = hmac.new(secret, digestmod=hashlib.sha256)
    fields: list[str | None] = [
        fingerprint,
        post.text,
        post.platform,
        post.audience.value if post.audience else None,
        post.author_role,
    ]
    fields += [f"{k}={v}" for k, v in post.extra_text]
    for image in post.images:
        digest = hashlib.sha256(image.data).hexdigest() if image.data else None
        fields += ["image", image.name, image.path, digest]
    for value in fields:  # length-prefixed (None has its own marker): no two lists alike
        if value is None:
            h.update(b"\xff" * 8)
            continue
        raw = value.encode("utf-8", "surrogatepass")
        h.update(len(raw).to_bytes(8, "big") + raw)
    return h.hexdigest()


class ResultCache:
    """A small SQLite key-value store; only the parent process touches it."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / CACHE_FILE
        # 0600 (its -wal/-shm follow the file's mode); a folder made here is 0700, and the
        # data dir is tightened if an older version left it open.
        make_dir(self.path.parent)
        private_sqlite(self.path, own_dir=path is None)
        # The install's key (config dir, 0600), shared with the journal's draft hash.
        self.secret = load_key()
        self._db = sqlite3.connect(self.path)
        # A cache may lose its last writes in a power cut (they are screened again); it must
        # not cost an fsync per batch.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        # Caches before 0.2 indexed posts by an unkeyed hash: drop those rows, never read them.
        self._db.execute("DROP TABLE IF EXISTS results")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS keyed_results (key TEXT PRIMARY KEY, value TEXT)"
        )
        self.hits = 0
        self.misses = 0

    def get_many(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        wanted = list(dict.fromkeys(keys))
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT key, value FROM keyed_results WHERE key IN ({marks})", part
            )
            for key, value in rows:
                try:
                    found[key] = json.loads(value)
                except ValueError:
                    continue  # a damaged row is simply screened again
        return found

    def put_many(self, pairs: Iterable[tuple[str, dict[str, Any]]]) -> None:
        rows = [(k, json.dumps(_storable(v), ensure_ascii=False)) for k, v in pairs]
        if rows:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO keyed_results (key, value) VALUES (?, ?)", rows
                )

    def close(self) -> None:
        self._db.close()


def _storable(result: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in result.items() if k not in ("id", "platform", "audience")}
    out["spans"] = [{k: v for k, v in s.items() if k != "text"} for s in result.get("spans", [])]
    return out


def restore(stored: dict[str, Any], post: Post) -> dict[str, Any]:
    """A cached result made whole again for this post (id, platform, span texts)."""
    out = dict(stored)
    out["id"] = post.id
    out["platform"] = post.platform
    out["audience"] = post.audience.value if post.audience else None
    out["spans"] = [
        {**s, "text": post.text[s["start"] : s["end"]]} for s in stored.get("spans", [])
    ]
    return out

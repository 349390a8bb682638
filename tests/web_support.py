"""Shared helpers for the web, store and nudge tests: a deterministic fake screener,
app/client builders and a throwaway PostgreSQL server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from glob import glob
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from pausepost.core.reasons import reason_text
from pausepost.core.types import (
    Assessment,
    Concern,
    EngineInfo,
    Finding,
    Post,
    Question,
    Reason,
    SpanLabel,
    Verdict,
)
from pausepost.store import Store
from pausepost.web import PauseService, WebSettings, create_app

ENGINE = EngineInfo(name="fake", version="0", detectors=("fake@0",))
RISKY = "My 17yo client Rosa from Westview High overdosed last night 😂 lol"
SAFE = "Sunday reset: long walk, phone off, soup on the stove."
CONSENT = "My client gave me written permission to share her poem about hope."
REWRITE = "A young person I work with had a hard week. Holding all my clients in mind tonight."


def _reason(code: str, verdict: Verdict) -> Reason:
    t = reason_text(code)
    return Reason(code=code, verdict=verdict, message=t.message, rules=t.rules)


class FakeScreener:
    """Hold for drafts naming "Rosa", revise for permission claims, post otherwise."""

    def __init__(self, allow: tuple[str, ...] = ()) -> None:
        self.allow = {a.lower() for a in allow}

    def screen(self, post: Post) -> Assessment:
        from pausepost.core.inputs import validate_text

        validate_text(post.text)
        text = post.text
        found: list[Finding] = []
        for word, label in (("Rosa", SpanLabel.NAME), ("17yo", SpanLabel.AGE)):
            i = text.find(word)
            if i >= 0 and word.lower() not in self.allow:
                found.append(
                    Finding("fake", Concern.IDENTIFIABLE, f"fake.{label.value.lower()}",
                            i, i + len(word), label, 1.0, f"{label.value.lower()} identifies")
                )  # fmt: skip
        if "😂" in text:
            found.append(Finding("fake", Concern.MOCKING, "fake.mock", why="laughs at a client"))
        found.sort(key=Finding.sort_key)
        if found:
            concerns = tuple(c for c in Concern if any(f.concern is c for f in found))
            reasons = [_reason("identifiable_details", Verdict.HOLD)]
            if Concern.MOCKING in concerns:
                reasons.append(_reason("mocking", Verdict.HOLD))
            return Assessment(
                post=post, verdict=Verdict.HOLD, concerns=concerns, findings=tuple(found),
                reasons=tuple(reasons),
                questions=(Question("q.recognise", "Would they recognise themselves?"),),
                rewrite=REWRITE, engine=ENGINE,
            )  # fmt: skip
        if "permission" in text:
            return Assessment(
                post=post, verdict=Verdict.REVISE, concerns=(Concern.CONSENT_CLAIMED,),
                findings=(Finding("fake", Concern.CONSENT_CLAIMED, "fake.consent"),),
                reasons=(_reason("consent_claimed", Verdict.REVISE),), questions=(),
                rewrite="A client's words about hope stayed with me this week.", engine=ENGINE,
            )  # fmt: skip
        return Assessment(post, Verdict.POST, (), (), (), (), None, ENGINE)


def fake_factory(terms: tuple[str, ...]) -> FakeScreener:
    return FakeScreener(terms)


def make_client(
    store: Store | None = None, *, settings: WebSettings | None = None, real: bool = False
) -> TestClient:
    store = store or Store.memory()
    if real:
        app = create_app(store=store, settings=settings)
    else:
        app = create_app(
            service=PauseService(store, fake_factory), settings=settings
        )
    return TestClient(app, base_url="http://127.0.0.1:8765")


# -- a throwaway PostgreSQL ---------------------------------------------------------------


def _pg_bin() -> Path | None:
    found = sorted(glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_owner(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root; CI runs as root, so drop to nobody.
    return ["runuser", "-u", "nobody", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL cluster in a temp dir, on a Unix socket only. Yields a base URL."""
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("no PostgreSQL binaries in /usr/lib/postgresql/*/bin (setup.sh --dev)")
    root = Path(tempfile.mkdtemp(prefix="pause-pg-"))
    root.chmod(0o755)
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "nobody")
    subprocess.run(
        _as_owner([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "pause",
                   "--no-sync", "-E", "UTF8"]),
        check=True, capture_output=True,
    )  # fmt: skip
    opts = f"-k {root} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
    subprocess.run(
        _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-w", "-l",
                   str(root / "log"), "start"]),
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield f"postgresql+psycopg://pause@/{{db}}?host={root}"
    finally:
        subprocess.run(
            _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


_counter = iter(range(10**6))


def fresh_pg_url(base: str) -> str:
    """A new, empty database on the throwaway server."""
    from sqlalchemy import create_engine, text

    name = f"t{os.getpid()}_{next(_counter)}"
    admin = create_engine(base.format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.format(db=name)


# The stores a store test runs against: a SQLite file, and the throwaway PostgreSQL where
# one can be started (`-m postgres`). A test file's fixture: `params=STORE_KINDS`, then
# `with open_store(request, tmp_path) as s: yield s`.
STORE_KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@contextmanager
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store of the kind in `request.param`, closed on the way out."""
    if request.param == "sqlite":
        s = Store.open(f"sqlite:///{tmp_path / 'pause.db'}")
    else:
        s = Store.open(fresh_pg_url(request.getfixturevalue("postgres_server")))
    try:
        yield s
    finally:
        s.close()


@contextmanager
def served(app: Any) -> Iterator[str]:
    """`app` on a real uvicorn server on a free local port, in a thread; yields its URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(5)

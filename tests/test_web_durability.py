"""Nothing is lost: a decision survives `kill -9` right after its response."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from pausepost.store import Store

pytestmark = pytest.mark.slow


def start(db: str, tmp: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PAUSEPOST_DATA_DIR": str(tmp / "data"),
           "PAUSEPOST_CONFIG_DIR": str(tmp / "config")}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "pausepost.cli.main", "serve", "--port", "0", "--db", db, *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True,  # so that a test can end the whole group, workers included
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()  # "Pause is running at http://127.0.0.1:PORT/ ..."
    assert "running at" in line, proc.stderr.read() if proc.stderr else line
    url = line.split("running at ", 1)[1].split()[0].rstrip("/")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/v1/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError("server did not come up")


def test_web_decisions_survive_kill_9(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'pause.db'}"
    recorded: list[int] = []
    for round_ in range(3):
        proc, url = start(db, tmp_path)
        try:
            with httpx.Client(base_url=url, timeout=10) as client:
                for i in range(5):
                    body = {"text": f"Sunday reset {round_}-{i}: long walk, phone off.",
                            "decision": "post", "keep_text": i % 2 == 0}  # fmt: skip
                    r = client.post("/api/v1/journal", json=body)
                    assert r.status_code == 201
                    recorded.append(r.json()["entry"]["id"])
        finally:
            os.kill(proc.pid, signal.SIGKILL)  # the instant the last response arrived
            proc.wait(10)
            for stream in (proc.stdout, proc.stderr):
                if stream:
                    stream.close()
    store = Store.open(db)
    try:
        ids = sorted(e.id for e in store.journal())
        assert ids == sorted(recorded) and len(ids) == 15
        kept = [e.text for e in store.journal() if e.text]
        assert len(kept) == 9 and all(t.startswith("Sunday reset") for t in kept)
    finally:
        store.close()


def test_web_serve_with_two_workers(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'pause.db'}"
    proc, url = start(db, tmp_path, "--workers", "2")
    try:
        with httpx.Client(base_url=url, timeout=10) as client:
            ids = [
                client.post("/api/v1/journal", json={"text": f"walk {i}", "decision": "post"})
                .json()["entry"]["id"]
                for i in range(6)
            ]  # fmt: skip
            assert client.get("/api/v1/journal").json()["total"] == 6
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
    assert len(set(ids)) == 6

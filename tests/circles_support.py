"""Real processes for the circles end-to-end test: `pausepost relay` and `pausepost serve`,
each started on a port the kernel picks (`--port 0`, no race), with its output in a file
(never a pipe nobody reads), waited for until it answers, and stopped on the way out."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from pausepost.circles.client import RelayClient
from pausepost.circles.identity import DeviceIdentity
from pausepost.circles.screening import ScreenerLike
from pausepost.circles.service import CirclesService
from pausepost.store import Store

START_S = 60  # two cores shared by everyone: a cold Python web stack can take a while


@dataclass
class Running:
    name: str
    proc: subprocess.Popen[bytes]
    url: str  # http://127.0.0.1:PORT
    out: Path  # where stdout and stderr go

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def output(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")


def _base_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(ORT_DISABLE_TELEMETRY="1", OMP_THREAD_LIMIT="1", PYTHONUNBUFFERED="1")
    return env


def start(name: str, args: list[str], *, logs: Path, env: dict[str, str] | None = None) -> Running:
    """Launch `python -m pausepost.cli.main ARGS` (do not wait: see `wait_for_url`)."""
    out = logs / f"{name}.log"
    with out.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pausepost.cli.main", *args],
            stdout=sink, stderr=subprocess.STDOUT, env=env or _base_env(),
        )  # fmt: skip
    return Running(name, proc, "", out)


def wait_for_url(running: Running) -> str:
    """The URL from the "running at" line the process prints once it listens."""
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        text = running.output()
        if "running at " in text:
            url = text.split("running at ", 1)[1].split()[0]
            running.url = url.removesuffix("/relay/v1").rstrip("/")
            return running.url
        if running.proc.poll() is not None:
            break
        time.sleep(0.05)
    running.stop()
    pytest.fail(f"{running.name} did not start: {running.output()[-2000:]!r}")


def start_relay(db_url: str, *, logs: Path) -> Running:
    return start("relay", ["relay", "--port", "0", "--db", db_url], logs=logs)


def start_app(name: str, home: Path, *, relay_url: str, logs: Path) -> Running:
    """`pausepost serve` with its own data and config dirs (store, device identity)."""
    env = _base_env()
    env["PAUSEPOST_DATA_DIR"] = str(home / "data")
    env["PAUSEPOST_CONFIG_DIR"] = str(home / "config")
    return start(name, ["serve", "--port", "0", "--relay", relay_url], logs=logs, env=env)


def wait_until(ready: Callable[[], bool], what: str, seconds: float = START_S) -> None:
    """Poll `ready` (connection errors count as not yet) until it says True."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if ready():
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{what} was not ready within {seconds:.0f} s")
        time.sleep(0.1)


# -- one app's circles, in process -------------------------------------------------------

CLOSED = "http://127.0.0.1:9"  # nothing listens: every call fails as for a relay that is down


def circles_device(
    store: Store,
    screener: Callable[[], ScreenerLike],
    *,
    who: DeviceIdentity | None = None,
    http: httpx.Client | None = None,
    down: bool = False,
) -> CirclesService:
    """A `CirclesService` for one device: its own store and key; relay calls go through
    `http` (a TestClient of a relay or app, routed whatever the address), over the network
    when it is None, or (`down`) to a closed local port."""
    me = who or DeviceIdentity.generate()

    def factory(url: str, ident: DeviceIdentity) -> RelayClient:
        if down:
            return RelayClient(CLOSED, ident, timeout=0.5)
        return RelayClient(url, ident, http=http)

    return CirclesService(store, screener, identity=lambda: me, client_factory=factory)

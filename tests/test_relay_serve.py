"""`pausepost relay` as a real process: it serves signed requests over real HTTP, stops
cleanly on SIGTERM or Ctrl-C, and refuses a port in use with a clear message and exit 73."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from nacl.utils import random as nacl_random
from web_support import fresh_pg_url, postgres_server

from pausepost.circles.client import RelayClient, RelayError, RelayUnreachable
from pausepost.circles.identity import DeviceIdentity, b64encode
from pausepost.cli.main import main

__all__ = ["postgres_server"]  # the fixture, re-exported for pytest

pytestmark = pytest.mark.postgres


@dataclass
class Running:
    proc: subprocess.Popen[str]
    url: str  # http://127.0.0.1:PORT

    def stop(self, sig: int) -> tuple[int, str]:
        """Send `sig`; the exit status and everything on stderr (within 10 s)."""
        self.proc.send_signal(sig)
        try:
            _, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
            pytest.fail(f"the relay did not stop within 10 s of signal {sig}")
        return self.proc.returncode, err


def start_relay(db_url: str) -> Running:
    """`pausepost relay --port 0` (the kernel picks a free port, no race); the port comes
    from its first line, and it is ready once a request gets an answer."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pausepost.cli.main", "relay", "--port", "0", "--db", db_url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if "running at " not in line:
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"the relay did not start: {line!r} {err!r}")
    url = line.split("running at ", 1)[1].split()[0].removesuffix("/relay/v1")
    return Running(proc, url)


def wait_until_answering(url: str, seconds: float = 20) -> None:
    probe = RelayClient(url, DeviceIdentity.generate(), timeout=1)
    deadline = time.monotonic() + seconds
    try:
        while True:
            try:
                probe.members(b64encode(nacl_random(16)))
            except RelayUnreachable:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
            except RelayError:  # any answer (here a 404) means it is serving
                return
    finally:
        probe.close()


@pytest.fixture
def relay_process(postgres_server: str) -> Iterator[Running]:
    running = start_relay(fresh_pg_url(postgres_server))
    try:
        wait_until_answering(running.url)
        yield running
    finally:
        if running.proc.poll() is None:
            running.proc.kill()
            running.proc.communicate()


def test_relay_serves_signed_requests_and_stops_cleanly_on_sigterm(
    relay_process: Running,
) -> None:
    owner, member = DeviceIdentity.generate(), DeviceIdentity.generate()
    cid = b64encode(nacl_random(16))
    with RelayClient(relay_process.url, owner) as alice:
        alice.create_circle(cid, 7)
        posted = alice.post_message(cid, 0, b"\x00ciphertext\xff")
        (msg,) = alice.messages(cid)
        assert (msg.id, msg.ciphertext, msg.sender) == (posted.id, b"\x00ciphertext\xff",
                                                        owner.public_key)  # fmt: skip
        assert [m.owner for m in alice.members(cid)] == [True]
    with RelayClient(relay_process.url, member) as bob, pytest.raises(RelayError) as err:
        bob.messages(cid)
    assert err.value.status == 403
    t0 = time.monotonic()
    code, err_text = relay_process.stop(signal.SIGTERM)
    # uvicorn finishes what is in flight, then lets SIGTERM end the process (as service
    # managers expect: a clean stop, status 143 in a shell); docs/circles.md says so.
    assert code == -signal.SIGTERM, err_text
    assert time.monotonic() - t0 < 5
    assert "Traceback" not in err_text and "Error" not in err_text, err_text
    with pytest.raises(RelayUnreachable):
        RelayClient(relay_process.url, owner, timeout=1).members(cid)


def test_relay_stops_on_ctrl_c_with_exit_130(relay_process: Running) -> None:
    code, err_text = relay_process.stop(signal.SIGINT)
    assert code == 130, err_text
    assert "Traceback" not in err_text and "interrupted" in err_text


def test_relay_port_in_use_is_exit_73(
    postgres_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = fresh_pg_url(postgres_server)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["relay", "--port", str(port), "--db", url]) == 73
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and "Traceback" not in err

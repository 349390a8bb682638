"""Helpers for driving Firefox in the extension tests without geckodriver.

Firefox speaks WebDriver BiDi itself (`--remote-debugging-port`); this is the smallest
client for it: a stdlib WebSocket (text frames only, client-masked, as RFC 6455 asks) and
a `Bidi.call` that sends a command and waits for its answer, keeping events for later.
Also a CONNECT proxy that sends every HTTPS host to the local replica server, which is how
Firefox reaches https://x.com/ etc. here (it cannot map a host to another port by itself).
"""

from __future__ import annotations

import base64
import json
import os
import select
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any


class BidiError(RuntimeError):
    pass


class Bidi:
    """A WebDriver BiDi session over one WebSocket to Firefox."""

    def __init__(self, port: int, path: str = "/session", timeout: float = 20.0) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise BidiError("Firefox closed the WebSocket handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise BidiError(f"no WebSocket upgrade: {head[:200]!r}")
        self.timeout = timeout
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    # -- WebSocket frames --------------------------------------------------------------------

    def _recv_exact(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise BidiError("Firefox closed the WebSocket")
            data += chunk
        return data

    def _send_text(self, text: str) -> None:
        payload = text.encode()
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 1 << 16:
            head = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            head = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        mask = os.urandom(4)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + body)

    def _recv_message(self) -> str:
        parts: list[bytes] = []
        while True:
            b0, b1 = self._recv_exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._recv_exact(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._recv_exact(8))[0]
            payload = self._recv_exact(n)
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise BidiError("Firefox closed the WebSocket")
            if opcode == 0x9:  # ping: answer, keep reading
                mask = os.urandom(4)
                body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
                self.sock.sendall(struct.pack("!BB", 0x8A, 0x80 | len(payload)) + mask + body)
                continue
            if opcode in (0x1, 0x0):
                parts.append(payload)
                if b0 & 0x80:
                    return b"".join(parts).decode()

    # -- BiDi --------------------------------------------------------------------------------

    def call(self, method: str, timeout: float | None = None, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        mine = self.next_id
        self._send_text(json.dumps({"id": mine, "method": method, "params": params}))
        self.sock.settimeout(timeout or self.timeout)
        while True:
            msg = json.loads(self._recv_message())
            if msg.get("type") == "event":
                self.events.append(msg)
                continue
            if msg.get("id") != mine:
                continue
            if msg.get("type") == "error":
                raise BidiError(f"{method}: {msg.get('error')}: {msg.get('message')}")
            return dict(msg["result"])

    def close(self) -> None:
        with suppress(OSError):
            self.sock.close()


# -- a CONNECT proxy to the replica server ---------------------------------------------------


def _pipe(a: socket.socket, b: socket.socket) -> None:
    try:
        while True:
            ready, _, _ = select.select([a, b], [], [], 30)
            if not ready:
                return
            for s in ready:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)
    except OSError:
        return
    finally:
        a.close()
        b.close()


def _serve_proxy(server: socket.socket, target_port: int, stop: threading.Event) -> None:
    server.settimeout(0.2)
    while not stop.is_set():
        try:
            conn, _ = server.accept()
        except TimeoutError:
            continue
        except OSError:
            return
        threading.Thread(target=_tunnel, args=(conn, target_port), daemon=True).start()


def _tunnel(conn: socket.socket, target_port: int) -> None:
    conn.settimeout(10)
    head = b""
    try:
        while b"\r\n\r\n" not in head:
            chunk = conn.recv(4096)
            if not chunk:
                conn.close()
                return
            head += chunk
    except OSError:
        conn.close()
        return
    if not head.startswith(b"CONNECT "):
        # Plain http:// off this machine: nothing leaves it.
        conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        conn.close()
        return
    upstream = socket.create_connection(("127.0.0.1", target_port), timeout=10)
    conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    conn.settimeout(None)
    upstream.settimeout(None)
    _pipe(conn, upstream)


@contextmanager
def connect_proxy(target_port: int) -> Iterator[int]:
    """A local proxy that tunnels every CONNECT, whatever the host, to `target_port`."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(32)
    stop = threading.Event()
    thread = threading.Thread(target=_serve_proxy, args=(server, target_port, stop), daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        stop.set()
        thread.join(2)
        server.close()


def wait_for(predicate: Any, timeout: float = 8.0, what: str = "a condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        got = predicate()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)

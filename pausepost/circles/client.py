"""`RelayClient`: signed HTTP calls from this device to a circle relay (httpx).

Every request is signed with the device identity (`sign_request`); JSON bodies are compact
UTF-8 and ciphertext travels as standard base64. The relay is not trusted: every answer is
checked field by field, and anything unexpected is a `RelayError`, never a half-read result.
Nothing here logs: bodies are ciphertext, but headers and paths still say who talks to whom.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import ipaddress
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx

from pausepost.circles.crypto import MAX_CIPHERTEXT_BYTES, sign_request
from pausepost.circles.identity import DeviceIdentity, verify_key
from pausepost.visible import one_line

T = TypeVar("T")
API = "/relay/v1"
PAGE = 500  # the relay returns at most this many messages per request
UNREADABLE = "the relay sent an answer Pause cannot read"
# 500 messages of 64 KiB as base64 plus their fields fit well inside this; a relay that
# sends more is not a relay Pause should hold in memory.
MAX_ANSWER_BYTES = 64 * 1024 * 1024
MAX_ERROR_CHARS = 300
_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")  # a circle id: 128 bits, URL-safe base64
_HASH = re.compile(r"^[0-9a-f]{64}$")
_LOOPBACK_NAMES = {"localhost"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


class RelayError(Exception):
    """The relay refused a request (4xx/5xx), redirected it, or sent an unreadable answer.
    `status` is the HTTP status; `message` is the relay's own "error" text, or says what
    went wrong."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class RelayUnreachable(RelayError):
    """No answer at all: connection refused, name not found, timeout, TLS failure."""

    def __init__(self, message: str) -> None:
        super().__init__(0, message)


@dataclass(frozen=True)
class RelayMember:
    key: str
    joined_at: dt.datetime
    owner: bool


@dataclass(frozen=True)
class RelayMessage:
    id: int
    sender: str
    created_at: dt.datetime
    expires_at: dt.datetime
    key_epoch: int
    ciphertext: bytes


@dataclass(frozen=True)
class Posted:
    id: int
    created_at: dt.datetime
    expires_at: dt.datetime


MAX_RELAY_URL = 200


def check_relay_url(url: str) -> str:
    """The relay's origin, "scheme://host[:port]", or ValueError with a plain message.

    https is required, except plain http to this machine (127.0.0.1, ::1, localhost), where
    nothing crosses a network. A path, query, fragment or user name is refused rather than
    dropped: an address that says more than an origin was probably pasted by mistake.
    """
    if not isinstance(url, str) or not url.strip():
        raise ValueError("the relay address is empty")
    text = url.strip()
    if len(text) > MAX_RELAY_URL:  # what the app's store keeps for it
        raise ValueError(f"the relay address is over {MAX_RELAY_URL} characters")
    if not text.isascii() or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text):
        raise ValueError("the relay address has spaces or characters an address cannot have")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError("the relay address is not a valid https:// address") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError("the relay address must start with https://")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ValueError("the relay address must not contain a user name or password")
    if parts.path not in ("", "/") or parts.query or parts.fragment or text.endswith(("?", "#")):
        raise ValueError(
            "the relay address must be only scheme, host and port (no path, ?query or #part)"
        )
    host = (parts.hostname or "").lower()
    if not host:
        raise ValueError("the relay address has no host name")
    if scheme == "http" and not _is_loopback(host):
        raise ValueError(
            "the relay address must use https:// (plain http:// only to this machine: "
            "127.0.0.1, ::1 or localhost)"
        )
    shown = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        if port == 0:
            raise ValueError("the relay address has port 0")
        shown += f":{port}"
    return f"{scheme}://{shown}"


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _clock() -> float:
    """The time requests are signed with (a seam for tests of a skewed clock)."""
    return time.time()


def _check_id(circle_id: str) -> str:
    if not isinstance(circle_id, str) or not _ID.match(circle_id):
        raise ValueError("a circle id is 22 characters of URL-safe base64")
    return circle_id


def _check_key(key: str) -> str:
    try:
        verify_key(key)
    except (ValueError, TypeError):
        raise ValueError("not a member's public key (43 characters of base64)") from None
    return key


class _Unreadable(Exception):
    """An answer field that is missing or wrong; becomes RelayError(status, UNREADABLE)."""


def _field(obj: Any, name: str) -> Any:
    if not isinstance(obj, dict) or name not in obj:
        raise _Unreadable
    return obj[name]


def _int(value: Any, *, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _Unreadable
    return value


def _time(value: Any) -> dt.datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise _Unreadable
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise _Unreadable from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _member_key(value: Any) -> str:
    try:
        return _check_key(value)
    except ValueError:
        raise _Unreadable from None


def _ciphertext(value: Any) -> bytes:
    if not isinstance(value, str) or not value:
        raise _Unreadable
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _Unreadable from None
    if not data or len(data) > MAX_CIPHERTEXT_BYTES:
        raise _Unreadable
    return data


def _plain(text: str) -> str:
    """The relay's error text as shown to a person: one line, printable, not too long."""
    return one_line(text, MAX_ERROR_CHARS) or "the relay gave no reason"


class RelayClient:
    """Signed calls to one relay as one device."""

    def __init__(
        self,
        base_url: str,
        identity: DeviceIdentity,
        *,
        http: httpx.Client | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.origin = check_relay_url(base_url)
        self.identity = identity
        self.timeout = timeout
        self._owns_http = http is None
        # trust_env=False: no proxy or netrc from the environment sees signed requests.
        self._http = http or httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)

    # -- the API ------------------------------------------------------------------------

    def create_circle(self, circle_id: str, expiry_days: int) -> None:
        body = {"id": _check_id(circle_id), "expiry_days": expiry_days}
        answer = self._call("POST", "/circles", body)

        def parse(a: dict[str, Any]) -> None:
            if _field(a, "id") != circle_id:
                raise _Unreadable

        self._read(answer, parse)

    def create_invite(self, circle_id: str, token_hash: str) -> None:
        if not isinstance(token_hash, str) or not _HASH.match(token_hash):
            raise ValueError("an invitation token hash is 64 lower-case hex characters")
        path = f"/circles/{_check_id(circle_id)}/invites"
        self._ok(self._call("POST", path, {"token_hash": token_hash}))

    def join(self, circle_id: str, token: str) -> None:
        self._ok(self._call("POST", f"/circles/{_check_id(circle_id)}/join", {"token": token}))

    def members(self, circle_id: str) -> list[RelayMember]:
        answer = self._call("GET", f"/circles/{_check_id(circle_id)}/members")

        def parse(a: dict[str, Any]) -> list[RelayMember]:
            rows = _field(a, "members")
            if not isinstance(rows, list):
                raise _Unreadable
            out = []
            for row in rows:
                owner = _field(row, "owner")
                if not isinstance(owner, bool):
                    raise _Unreadable
                out.append(RelayMember(_member_key(_field(row, "key")),
                                       _time(_field(row, "joined_at")), owner))  # fmt: skip
            if len({m.key for m in out}) != len(out):
                raise _Unreadable
            return out

        return self._read(answer, parse)

    def remove_member(self, circle_id: str, member_key: str) -> None:
        path = f"/circles/{_check_id(circle_id)}/members/{_check_key(member_key)}"
        self._ok(self._call("DELETE", path))

    def post_message(self, circle_id: str, key_epoch: int, ciphertext: bytes) -> Posted:
        if isinstance(key_epoch, bool) or not isinstance(key_epoch, int) or key_epoch < 0:
            raise ValueError("a key epoch is a whole number from 0")
        if not isinstance(ciphertext, bytes | bytearray) or not ciphertext:
            raise ValueError("a circle message is non-empty ciphertext bytes")
        body = {"key_epoch": key_epoch, "ciphertext": base64.b64encode(ciphertext).decode()}
        answer = self._call("POST", f"/circles/{_check_id(circle_id)}/messages", body)

        def parse(a: dict[str, Any]) -> Posted:
            posted = Posted(_int(_field(a, "id")), _time(_field(a, "created_at")),
                            _time(_field(a, "expires_at")))  # fmt: skip
            if posted.expires_at < posted.created_at:
                raise _Unreadable
            return posted

        return self._read(answer, parse)

    def messages(self, circle_id: str, since: dt.datetime | None = None) -> list[RelayMessage]:
        """Every message newer than `since` (all of them if None), oldest first.

        The relay sends at most 500 per request. The next page is asked for from just
        before the last one's time (one microsecond earlier), so messages that share that
        time are not skipped; the overlap is de-duplicated by id."""
        base = f"/circles/{_check_id(circle_id)}/messages"
        seen: dict[int, RelayMessage] = {}
        cursor = since if since is None or since.tzinfo else since.replace(tzinfo=dt.UTC)
        while True:
            path = base if cursor is None else f"{base}?since={quote(cursor.isoformat(), safe='')}"
            answer = self._call("GET", path)
            page = self._read(answer, functools.partial(_message_page, since=cursor))
            fresh = [m for m in page if m.id not in seen]
            for m in fresh:
                seen[m.id] = m
            if len(page) < PAGE or not fresh:
                break
            step = page[-1].created_at - dt.timedelta(microseconds=1)
            if cursor is not None and step <= cursor:  # no progress: stop rather than loop
                break
            cursor = step
        return sorted(seen.values(), key=lambda m: (m.created_at, m.id))

    def close(self) -> None:
        """Close the HTTP client if this object made it (an injected one is its owner's)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> RelayClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- one signed request -------------------------------------------------------------

    def _call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> _Answer:
        full = API + path
        body = b""
        headers: dict[str, str] = {}
        if payload is not None:
            body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json"
        headers.update(sign_request(self.identity, method, full, body, now=_clock()))
        try:
            with self._http.stream(
                method, self.origin + full, content=body or None, headers=headers,
                follow_redirects=False,
            ) as resp:  # fmt: skip
                return _Answer(resp.status_code, _read_capped(resp))
        except httpx.TimeoutException:
            raise RelayUnreachable(
                f"the relay at {self.origin} did not answer within {self.timeout:g} s"
            ) from None
        except httpx.TransportError as exc:
            raise RelayUnreachable(
                f"cannot reach the relay at {self.origin} ({_transport_reason(exc)})"
            ) from None
        except httpx.DecodingError:
            raise RelayError(0, UNREADABLE) from None

    def _read(self, answer: _Answer, parse: Callable[[dict[str, Any]], T]) -> T:
        """`parse(json)` of a 2xx answer; any other answer or bad field is a RelayError."""
        data = answer.json_or_raise()
        try:
            if not isinstance(data, dict) or data.get("ok") is not True:
                raise _Unreadable
            return parse(data)
        except _Unreadable:
            raise RelayError(answer.status, UNREADABLE) from None

    def _ok(self, answer: _Answer) -> None:
        self._read(answer, lambda _: None)


@dataclass(frozen=True)
class _Answer:
    status: int
    body: bytes | None  # None: over MAX_ANSWER_BYTES

    def json_or_raise(self) -> Any:
        """The JSON of a 2xx answer; otherwise the matching RelayError."""
        status = self.status
        if 300 <= status < 400:
            raise RelayError(status, f"the relay answered {status} (a redirect); Pause does "
                                     "not follow redirects: check the relay address")  # fmt: skip
        data = self._json()
        if 200 <= status < 300:
            if data is _NOTHING:
                raise RelayError(status, UNREADABLE)
            return data
        if (
            isinstance(data, dict)
            and data.get("ok") is False
            and isinstance(data.get("error"), str)
            and isinstance(data.get("status"), int)
        ):
            raise RelayError(status, _plain(data["error"]))
        raise RelayError(status, f"the relay answered {status}")

    def _json(self) -> Any:
        if self.body is None:
            return _NOTHING
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return _NOTHING


_NOTHING = object()


def _read_capped(resp: httpx.Response) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _transport_reason(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.ConnectError):
        text = str(exc).lower()
        if "ssl" in text or "certificate" in text or "tls" in text:
            return "the secure connection failed: check the relay's certificate"
        if "name" in text and ("resolution" in text or "known" in text or "service" in text):
            return "the name was not found"
        return "connection refused or no route; is the relay running?"
    return "the connection broke off"


def _message_page(answer: dict[str, Any], since: dt.datetime | None) -> list[RelayMessage]:
    rows = _field(answer, "messages")
    if not isinstance(rows, list) or len(rows) > PAGE:
        raise _Unreadable
    page: list[RelayMessage] = []
    for row in rows:
        msg = RelayMessage(
            id=_int(_field(row, "id")),
            sender=_member_key(_field(row, "sender")),
            created_at=_time(_field(row, "created_at")),
            expires_at=_time(_field(row, "expires_at")),
            key_epoch=_int(_field(row, "key_epoch")),
            ciphertext=_ciphertext(_field(row, "ciphertext")),
        )
        if since is not None and msg.created_at <= since:
            raise _Unreadable  # older than asked for: not what the relay promised
        if page and (msg.created_at, msg.id) < (page[-1].created_at, page[-1].id):
            raise _Unreadable  # not oldest first
        page.append(msg)
    return page

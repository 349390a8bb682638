"""RelayClient against the real relay (in process, on a real PostgreSQL) and against relays
that misbehave (httpx.MockTransport): every answer is checked, every refusal surfaces."""

from __future__ import annotations

import datetime as dt
import json
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from nacl.utils import random as nacl_random
from sqlalchemy import create_engine, text
from web_support import fresh_pg_url, postgres_server

from pausepost.circles import client as client_mod
from pausepost.circles.client import (
    UNREADABLE,
    RelayClient,
    RelayError,
    RelayUnreachable,
    check_relay_url,
)
from pausepost.circles.crypto import (
    MAX_CIPHERTEXT_BYTES,
    new_invite_token,
    token_hash,
    verify_request,
)
from pausepost.circles.identity import DeviceIdentity, b64encode
from pausepost.relay import create_relay_app

__all__ = ["postgres_server"]  # the fixture, re-exported for pytest

ORIGIN = "http://127.0.0.1:8780"


def new_id() -> str:
    return b64encode(nacl_random(16))


class Counting(TestClient):
    """The in-process relay, counting requests (to see that paging really pages)."""

    calls: list[str]

    def send(self, request: httpx.Request, **kw: Any) -> httpx.Response:
        self.calls.append(f"{request.method} {request.url.raw_path.decode()}")
        return super().send(request, **kw)


@pytest.fixture
def relay(postgres_server: str) -> Iterator[tuple[Counting, str]]:
    url = fresh_pg_url(postgres_server)
    with Counting(create_relay_app(url)) as http:
        http.calls = []
        yield http, url


@pytest.fixture
def connect(relay: tuple[Counting, str]) -> Callable[[DeviceIdentity], RelayClient]:
    return lambda who: RelayClient(ORIGIN, who, http=relay[0])


@pytest.fixture
def circle(connect: Callable[[DeviceIdentity], RelayClient]) -> dict[str, Any]:
    """A circle with its owner and one member who joined through an invitation."""
    owner_id, member_id = DeviceIdentity.generate(), DeviceIdentity.generate()
    owner, member = connect(owner_id), connect(member_id)
    cid = new_id()
    owner.create_circle(cid, 30)
    token = new_invite_token()
    owner.create_invite(cid, token_hash(token))
    member.join(cid, token)
    return {"id": cid, "owner": owner, "member": member, "owner_id": owner_id,
            "member_id": member_id, "token": token}  # fmt: skip


# -- against the real relay -----------------------------------------------------------


@pytest.mark.postgres
def test_round_trip_create_invite_join_post_read_remove(circle: dict[str, Any]) -> None:
    cid, owner, member = circle["id"], circle["owner"], circle["member"]
    members = {m.key: m for m in member.members(cid)}
    assert {k: m.owner for k, m in members.items()} == {
        circle["owner_id"].public_key: True,
        circle["member_id"].public_key: False,
    }
    assert all(m.joined_at.tzinfo is not None for m in members.values())
    ct = bytes(range(256)) * 3  # every byte value: standard base64 with + and /
    posted = member.post_message(cid, 2, ct)
    assert posted.id > 0 and posted.expires_at - posted.created_at == dt.timedelta(days=30)
    (msg,) = owner.messages(cid)
    assert (msg.id, msg.sender, msg.key_epoch, msg.ciphertext) == (
        posted.id, circle["member_id"].public_key, 2, ct)  # fmt: skip
    assert msg.created_at == posted.created_at
    # `since` travels in the signed query string (with its + and : escaped) and is honoured.
    assert owner.messages(cid, since=posted.created_at) == []
    assert owner.messages(cid, since=posted.created_at - dt.timedelta(seconds=1)) == [msg]
    naive = posted.created_at.astimezone(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)
    assert owner.messages(cid, since=naive) == [msg]  # naive means UTC
    owner.remove_member(cid, circle["member_id"].public_key)
    assert [m.key for m in owner.members(cid)] == [circle["owner_id"].public_key]
    with pytest.raises(RelayError) as err:
        member.post_message(cid, 0, b"after removal")
    assert err.value.status == 403


@pytest.mark.postgres
def test_messages_pages_past_500_without_gaps_or_duplicates(
    circle: dict[str, Any], relay: tuple[Counting, str]
) -> None:
    cid, owner, member = circle["id"], circle["owner"], circle["member"]
    ids = [member.post_message(cid, 0, f"m{i}".encode()).id for i in range(1030)]
    http, url = relay
    # Twenty messages that straddle the first page's end share one timestamp: asking
    # again from exactly the last time (created_at > since) would skip some of them.
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE messages SET created_at = (SELECT created_at FROM messages WHERE id = :a)"
                 " WHERE id BETWEEN :a AND :b"), {"a": ids[490], "b": ids[509]},
        )  # fmt: skip
    engine.dispose()
    http.calls.clear()
    got = owner.messages(cid)
    assert [m.id for m in got] == ids  # all, once each, oldest first
    assert [m.ciphertext for m in got[:3]] == [b"m0", b"m1", b"m2"]
    gets = [c for c in http.calls if c.startswith("GET")]
    assert len(gets) == 3 and "since=" not in gets[0] and "since=" in gets[1]
    # From the middle: only what is newer.
    later = owner.messages(cid, since=got[799].created_at)
    assert [m.id for m in later] == ids[800:]


@pytest.mark.postgres
def test_each_refusal_surfaces_with_its_status_and_the_relays_words(
    circle: dict[str, Any],
    connect: Callable[[DeviceIdentity], RelayClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cid, owner, member = circle["id"], circle["owner"], circle["member"]
    outsider = connect(DeviceIdentity.generate())
    cases: list[tuple[str, int, str, Callable[[], object]]] = [
        ("non-member reads", 403, "not a member", lambda: outsider.messages(cid)),
        ("non-member posts", 403, "not a member", lambda: outsider.post_message(cid, 0, b"x")),
        ("non-owner invites", 403, "owner", lambda: member.create_invite(cid, "0" * 64)),
        ("unknown circle", 404, "no such circle", lambda: owner.members(new_id())),
        ("id taken", 409, "exists", lambda: outsider.create_circle(cid, 30)),
        ("used invitation", 403, "not valid", lambda: outsider.join(cid, circle["token"])),
        ("oversize", 413, "64 KiB",
         lambda: member.post_message(cid, 0, b"\0" * (MAX_CIPHERTEXT_BYTES + 1))),
        ("expiry out of range", 422, "expiry_days", lambda: owner.create_circle(new_id(), 0)),
    ]  # fmt: skip
    for name, status, words, call in cases:
        with pytest.raises(RelayError) as err:
            call()
        assert not isinstance(err.value, RelayUnreachable), name
        assert err.value.status == status, (name, err.value.message)
        assert words in err.value.message and str(err.value) == err.value.message, name
    # A clock 400 s ahead: the relay refuses the signature's time (401) ...
    real = time.time
    monkeypatch.setattr(client_mod, "_clock", lambda: real() + 400)
    with pytest.raises(RelayError) as err:
        member.post_message(cid, 0, b"from the future")
    assert err.value.status == 401 and "300 s off" in err.value.message
    # ... and with the clock right again the same call goes through.
    monkeypatch.setattr(client_mod, "_clock", real)
    assert member.post_message(cid, 0, b"now").id > 0


@pytest.mark.postgres
def test_bad_arguments_are_refused_before_anything_is_sent(
    circle: dict[str, Any], relay: tuple[Counting, str]
) -> None:
    owner, cid = circle["owner"], circle["id"]
    relay[0].calls.clear()
    for call in (
        lambda: owner.members("../../openapi.json"),
        lambda: owner.remove_member(cid, "not-a-key"),
        lambda: owner.create_invite(cid, "A" * 64),
        lambda: owner.post_message(cid, -1, b"x"),
        lambda: owner.post_message(cid, 0, b""),
    ):
        with pytest.raises(ValueError):
            call()
    assert relay[0].calls == []


# -- the relay's address ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://relay.example.org", "https://relay.example.org"),
        ("https://relay.example.org/", "https://relay.example.org"),
        ("  HTTPS://Relay.Example.org:8443/ ", "https://relay.example.org:8443"),
        ("https://relay.example.org:443", "https://relay.example.org"),
        ("http://127.0.0.1:8780", "http://127.0.0.1:8780"),
        ("http://127.0.0.1:8780/", "http://127.0.0.1:8780"),
        ("http://localhost:8780", "http://localhost:8780"),
        ("http://[::1]:8780", "http://[::1]:8780"),
    ],
)
def test_check_relay_url_accepts_and_normalises(url: str, origin: str) -> None:
    assert check_relay_url(url) == origin


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://example.org", "https://"),
        ("http://10.0.0.5:8780", "https://"),
        ("ftp://relay.example.org", "https://"),
        ("relay.example.org", "https://"),
        ("https://relay.example.org/relay/v1", "no path"),
        ("https://relay.example.org?x=1", "no path"),
        ("https://relay.example.org/#top", "no path"),
        ("https://relay.example.org?", "no path"),
        ("https://ann@relay.example.org", "user name"),
        ("https://ann:pw@relay.example.org", "user name"),
        ("https://relay.example.org:99999", "not a valid"),
        ("https://relay example.org", "spaces"),
        ("https://", "no host"),
        ("", "empty"),
    ],
)
def test_check_relay_url_refuses_with_a_plain_message(url: str, words: str) -> None:
    with pytest.raises(ValueError) as err:
        check_relay_url(url)
    assert words in str(err.value)


def test_client_refuses_an_address_that_is_not_an_origin() -> None:
    with pytest.raises(ValueError):
        RelayClient("http://example.org", DeviceIdentity.generate())


# -- no relay, and relays that misbehave ------------------------------------------------


def test_closed_port_is_relay_unreachable_naming_the_origin() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free once closed: nothing listens there
    client = RelayClient(f"http://127.0.0.1:{port}/", DeviceIdentity.generate(), timeout=2)
    try:
        with pytest.raises(RelayUnreachable) as err:
            client.post_message(new_id(), 0, b"SECRET-DRAFT-TEXT")
    finally:
        client.close()
    assert err.value.status == 0
    assert f"http://127.0.0.1:{port}" in err.value.message
    assert "SECRET" not in err.value.message and err.value.__cause__ is None


def test_timeout_is_relay_unreachable() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    client = fake(hang)
    with pytest.raises(RelayUnreachable) as err:
        client.members(new_id())
    assert "did not answer" in err.value.message and ORIGIN in err.value.message


def fake(handler: Callable[[httpx.Request], httpx.Response]) -> RelayClient:
    return RelayClient(ORIGIN, DeviceIdentity.generate(), http=httpx.Client(
        transport=httpx.MockTransport(handler)))  # fmt: skip


def answer(status: int, body: Any = None, raw: bytes | None = None, **kw: Any) -> Any:
    content = raw if raw is not None else json.dumps(body).encode()
    return lambda request: httpx.Response(status, content=content, **kw)


KEY = DeviceIdentity.generate().public_key
GOOD_MSG = {
    "id": 1,
    "sender": KEY,
    "created_at": "2026-12-01T10:00:00+00:00",
    "expires_at": "2026-12-31T10:00:00+00:00",
    "key_epoch": 0,
    "ciphertext": "AAEC",
}


def msgs(*rows: dict[str, Any]) -> Any:
    return answer(200, {"ok": True, "messages": list(rows)})


@pytest.mark.parametrize(
    ("name", "handler", "status", "message"),
    [
        ("relay error shape", answer(403, {"ok": False, "error": "not a member", "status": 403}),
         403, "not a member"),
        ("error text made printable", answer(
            400, {"ok": False, "error": "bad\x1b[31m\nthing" + "x" * 999, "status": 400}),
         400, "bad [31m thing" + "x" * 285),
        ("HTML 502 from a proxy", answer(502, raw=b"<html>Bad gateway</html>"),
         502, "the relay answered 502"),
        ("other JSON error", answer(500, {"detail": "boom"}), 500, "the relay answered 500"),
        ("2xx not JSON", answer(200, raw=b"<html>hi</html>"), 200, UNREADABLE),
        ("2xx not UTF-8", answer(200, raw=b"\xff\xfe{}"), 200, UNREADABLE),
        ("2xx list", answer(200, [1, 2]), 200, UNREADABLE),
        ("2xx without ok", answer(200, {"messages": []}), 200, UNREADABLE),
        ("2xx ok false", answer(200, {"ok": False, "messages": []}), 200, UNREADABLE),
        ("messages not a list", answer(200, {"ok": True, "messages": {}}), 200, UNREADABLE),
        ("id a string", msgs({**GOOD_MSG, "id": "1"}), 200, UNREADABLE),
        ("id a bool", msgs({**GOOD_MSG, "id": True}), 200, UNREADABLE),
        ("negative epoch", msgs({**GOOD_MSG, "key_epoch": -1}), 200, UNREADABLE),
        ("sender not a key", msgs({**GOOD_MSG, "sender": "bob"}), 200, UNREADABLE),
        ("bad time", msgs({**GOOD_MSG, "created_at": "yesterday"}), 200, UNREADABLE),
        ("ciphertext not base64", msgs({**GOOD_MSG, "ciphertext": "**"}), 200, UNREADABLE),
        ("ciphertext empty", msgs({**GOOD_MSG, "ciphertext": ""}), 200, UNREADABLE),
        ("ciphertext too big", msgs({**GOOD_MSG, "ciphertext": "A" * 90000}), 200, UNREADABLE),
        ("missing field", msgs({k: v for k, v in GOOD_MSG.items() if k != "expires_at"}),
         200, UNREADABLE),
        ("not oldest first", msgs({**GOOD_MSG, "id": 2}, GOOD_MSG), 200, UNREADABLE),
        ("redirect", answer(307, raw=b"", headers={"location": "https://evil.example/"}),
         307, "redirect"),
    ],
)  # fmt: skip
def test_misbehaving_relay_answers_become_relay_errors(
    name: str, handler: Any, status: int, message: str
) -> None:
    seen: list[str] = []

    def counting(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        response: httpx.Response = handler(request)
        return response

    with pytest.raises(RelayError) as err:
        fake(counting).messages(new_id())
    assert not isinstance(err.value, RelayUnreachable)
    assert err.value.status == status, name
    assert message in err.value.message, (name, err.value.message)
    assert len(seen) == 1 and all(u.startswith(ORIGIN) for u in seen)  # no redirect followed


def test_message_older_than_since_is_refused() -> None:
    client = fake(msgs(GOOD_MSG))
    assert len(client.messages(new_id())) == 1
    with pytest.raises(RelayError) as err:
        client.messages(new_id(), since=dt.datetime(2026, 12, 2, tzinfo=dt.UTC))
    assert err.value.message == UNREADABLE


def test_members_and_posted_answers_are_checked() -> None:
    member = {"key": KEY, "joined_at": "2026-12-01T10:00:00Z", "owner": True}
    assert fake(answer(200, {"ok": True, "members": [member]})).members(new_id())[0].owner
    for bad in ({**member, "owner": "yes"}, {**member, "key": KEY + "A"}):
        with pytest.raises(RelayError):
            fake(answer(200, {"ok": True, "members": [bad]})).members(new_id())
    with pytest.raises(RelayError):  # the same member twice
        fake(answer(200, {"ok": True, "members": [member, member]})).members(new_id())
    posted = {"ok": True, "id": 7, "created_at": "2026-12-01T10:00:00+00:00",
              "expires_at": "2026-11-01T10:00:00+00:00"}  # fmt: skip
    with pytest.raises(RelayError):  # expires before it was created
        fake(answer(201, posted)).post_message(new_id(), 0, b"x")
    with pytest.raises(RelayError):  # a created circle with another id
        fake(answer(201, {"ok": True, "id": new_id(), "expiry_days": 30})).create_circle(
            new_id(), 30
        )


def test_requests_are_signed_compact_json_with_standard_base64() -> None:
    captured: list[httpx.Request] = []

    def keep(request: httpx.Request) -> httpx.Response:
        captured.append(request)
        return httpx.Response(201, json={"ok": True, "id": 1, "created_at": GOOD_MSG[
            "created_at"], "expires_at": GOOD_MSG["expires_at"]})  # fmt: skip

    who = DeviceIdentity.generate()
    client = RelayClient(ORIGIN, who, http=httpx.Client(transport=httpx.MockTransport(keep)))
    cid = new_id()
    client.post_message(cid, 3, b"\xfb\xff\xfe")
    (req,) = captured
    assert req.url.raw_path.decode() == f"/relay/v1/circles/{cid}/messages"
    assert req.content == b'{"key_epoch":3,"ciphertext":"+//+"}'
    signer = verify_request(req.headers, "POST", req.url.raw_path.decode(), req.content,
                            now=time.time(), seen_nonce=lambda k, n: False)  # fmt: skip
    assert signer == who.public_key

"""The circle relay on a real PostgreSQL: the happy path, expiry, and the security matrix."""

from __future__ import annotations

import base64
import datetime as dt
import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from nacl.secret import SecretBox
from nacl.utils import random as nacl_random
from sqlalchemy import create_engine, text
from web_support import fresh_pg_url, postgres_server

from pausepost.circles.crypto import sign_request, token_hash
from pausepost.circles.identity import DeviceIdentity, b64encode
from pausepost.cli.main import main
from pausepost.relay import create_relay_app
from pausepost.relay.models import MAX_CIPHERTEXT

__all__ = ["postgres_server"]  # the fixture, re-exported for pytest

pytestmark = pytest.mark.postgres

CANARY = b"CANARY-client-Ruth-Okafor-said-I-could-share"
TABLES = ("circles", "members", "messages", "invites", "nonces")


class Relay:
    def __init__(self, client: TestClient, url: str) -> None:
        self.client, self.url = client, url
        self.engine = create_engine(url)

    def call(
        self, who: DeviceIdentity, method: str, path: str, body: Any = None, *,
        now: float | None = None, headers: dict[str, str] | None = None, raw: bytes | None = None,
    ) -> Any:  # fmt: skip
        data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        signed = sign_request(who, method, path, data, now=now)
        signed.update(headers or {})
        if data:
            signed["content-type"] = "application/json"
        return self.client.request(method, path, content=data, headers=signed)

    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(text(f"SELECT count(*) FROM {table}")) or 0)

    def counts(self) -> dict[str, int]:
        return {t: self.count(t) for t in ("circles", "members", "messages", "invites")}


@pytest.fixture
def relay(postgres_server: str) -> Iterator[Relay]:
    url = fresh_pg_url(postgres_server)
    with TestClient(create_relay_app(url)) as client:
        r = Relay(client, url)
        yield r
        r.engine.dispose()


def new_id() -> str:
    return b64encode(nacl_random(16))


def seal(box: SecretBox, plain: bytes) -> str:
    return base64.b64encode(bytes(box.encrypt(plain))).decode()


@pytest.fixture
def circle(relay: Relay) -> dict[str, Any]:
    """A circle with owner and one joined member; a second circle owned by someone else."""
    owner, member, outsider = (DeviceIdentity.generate() for _ in range(3))
    cid, other = new_id(), new_id()
    assert relay.call(owner, "POST", "/relay/v1/circles", {"id": cid}).status_code == 201
    assert relay.call(outsider, "POST", "/relay/v1/circles", {"id": other}).status_code == 201
    token = b64encode(nacl_random(24))
    r = relay.call(owner, "POST", f"/relay/v1/circles/{cid}/invites",
                   {"token_hash": token_hash(token)})  # fmt: skip
    assert r.status_code == 201, r.text
    assert relay.call(member, "POST", f"/relay/v1/circles/{cid}/join", {"token": token}).json()[
        "ok"
    ]
    box = SecretBox(nacl_random(SecretBox.KEY_SIZE))
    return {"owner": owner, "member": member, "outsider": outsider, "id": cid, "other": other,
            "box": box, "token": token}  # fmt: skip


def post(relay: Relay, who: DeviceIdentity, cid: str, ct: str, **kw: Any) -> Any:
    return relay.call(who, "POST", f"/relay/v1/circles/{cid}/messages",
                      {"key_epoch": 0, "ciphertext": ct}, **kw)  # fmt: skip


def test_create_invite_join_post_fetch(relay: Relay, circle: dict[str, Any]) -> None:
    cid, box = circle["id"], circle["box"]
    r = relay.call(circle["member"], "GET", f"/relay/v1/circles/{cid}/members")
    keys = {m["key"]: m["owner"] for m in r.json()["members"]}
    assert keys == {circle["owner"].public_key: True, circle["member"].public_key: False}
    assert post(relay, circle["member"], cid, seal(box, b"hello")).status_code == 201
    r = relay.call(circle["owner"], "GET", f"/relay/v1/circles/{cid}/messages")
    (msg,) = r.json()["messages"]
    assert box.decrypt(base64.b64decode(msg["ciphertext"])) == b"hello"
    assert msg["sender"] == circle["member"].public_key
    later = quote(dt.datetime.fromisoformat(msg["created_at"]).isoformat())
    r = relay.call(circle["owner"], "GET", f"/relay/v1/circles/{cid}/messages?since={later}")
    assert r.status_code == 200 and r.json()["messages"] == []
    # The invitation was used once: the token cannot let anyone else in.
    late = DeviceIdentity.generate()
    r = relay.call(late, "POST", f"/relay/v1/circles/{cid}/join", {"token": circle["token"]})
    assert r.status_code == 403 and r.json() == {"ok": False, "error": r.json()["error"],
                                                  "status": 403}  # fmt: skip


def test_removed_member_is_refused_and_owner_only_removes(
    relay: Relay, circle: dict[str, Any]
) -> None:
    cid, member, owner = circle["id"], circle["member"], circle["owner"]
    path = f"/relay/v1/circles/{cid}/members/{owner.public_key}"
    assert relay.call(member, "DELETE", path).status_code == 403  # not the owner
    path = f"/relay/v1/circles/{cid}/members/{member.public_key}"
    assert relay.call(owner, "DELETE", path).status_code == 200
    before = relay.counts()
    assert post(relay, member, cid, seal(circle["box"], b"x")).status_code == 403
    assert relay.call(member, "GET", f"/relay/v1/circles/{cid}/messages").status_code == 403
    assert relay.call(member, "GET", f"/relay/v1/circles/{cid}/members").status_code == 403
    assert relay.counts() == before


def test_expired_messages_are_deleted_for_real(relay: Relay, circle: dict[str, Any]) -> None:
    cid, owner, box = circle["id"], circle["owner"], circle["box"]
    first = post(relay, owner, cid, seal(box, b"old")).json()["id"]
    second = post(relay, owner, cid, seal(box, b"older")).json()["id"]
    with relay.engine.begin() as conn:
        conn.execute(text("UPDATE messages SET expires_at = now() - interval '1 second'"))
    # Never returned, even before a sweep ...
    r = relay.call(owner, "GET", f"/relay/v1/circles/{cid}/messages")
    assert r.json()["messages"] == []
    # ... and the next write deletes the rows.
    assert post(relay, owner, cid, seal(box, b"new")).status_code == 201
    with relay.engine.connect() as conn:
        ids = set(conn.scalars(text("SELECT id FROM messages")))
    assert first not in ids and second not in ids and len(ids) == 1
    # `pausepost relay --sweep` deletes them too.
    with relay.engine.begin() as conn:
        conn.execute(text("UPDATE messages SET expires_at = now() - interval '1 second'"))
    assert main(["relay", "--sweep", "--db", relay.url]) == 0
    assert relay.count("messages") == 0


def test_security_matrix_refuses_and_stores_nothing(relay: Relay, circle: dict[str, Any]) -> None:
    cid, other = circle["id"], circle["other"]
    member, outsider, box = circle["member"], circle["outsider"], circle["box"]
    ct = seal(box, CANARY)
    path = f"/relay/v1/circles/{cid}/messages"
    good = json.dumps({"key_epoch": 0, "ciphertext": ct}).encode()
    forged = sign_request(outsider, "POST", path, good)
    forged["X-Pause-Key"] = member.public_key  # outsider's signature, member's name
    tampered = sign_request(member, "POST", path, good)
    cases: list[tuple[str, int, Any]] = [
        ("non-member", 403, lambda: post(relay, outsider, cid, ct)),
        ("wrong circle", 403, lambda: post(relay, member, other, ct)),
        ("forged signature", 401, lambda: relay.client.post(
            path, content=good, headers={**forged, "content-type": "application/json"})),
        ("tampered body", 401, lambda: relay.client.post(
            path, content=good.replace(b'"key_epoch": 0', b'"key_epoch": 1'),
            headers={**tampered, "content-type": "application/json"})),
        ("stale time", 401, lambda: post(relay, member, cid, ct, now=time.time() - 301)),
        ("future time", 401, lambda: post(relay, member, cid, ct, now=time.time() + 301)),
        ("unsigned", 401, lambda: relay.client.post(path, json={"key_epoch": 0,
                                                                "ciphertext": ct})),
        ("oversize", 413, lambda: post(relay, member, cid,
                                       base64.b64encode(b"\0" * (MAX_CIPHERTEXT + 1)).decode())),
        ("unknown field", 422, lambda: relay.call(member, "POST", path,
                                                  {"key_epoch": 0, "ciphertext": ct, "to": "x"})),
        ("join wrong circle", 403, lambda: relay.call(
            DeviceIdentity.generate(), "POST", f"/relay/v1/circles/{other}/join",
            {"token": circle["token"]})),
        ("invite by non-owner", 403, lambda: relay.call(
            member, "POST", f"/relay/v1/circles/{cid}/invites", {"token_hash": "0" * 64})),
    ]  # fmt: skip
    for name, status, send in cases:
        before = relay.counts()
        r = send()
        assert r.status_code == status, (name, r.text)
        assert r.json()["ok"] is False and r.json()["status"] == status, name
        assert relay.counts() == before, name
    # A replayed request: the first is served, the very same bytes again are refused.
    signed = sign_request(member, "POST", path, good)
    headers = {**signed, "content-type": "application/json"}
    assert relay.client.post(path, content=good, headers=headers).status_code == 201
    before = relay.counts()
    r = relay.client.post(path, content=good, headers=headers)
    assert r.status_code == 401 and "replay" in r.json()["error"]
    assert relay.counts() == before
    # The operator's view: every byte of every table holds no canary plaintext.
    with relay.engine.connect() as conn:
        dump = b"".join(
            str(row).encode() + b"".join(bytes(v) for v in row if isinstance(v, bytes | memoryview))
            for t in TABLES for row in conn.execute(text(f"SELECT * FROM {t}"))
        )  # fmt: skip
        assert relay.count("messages") == 1
    assert b"CANARY" not in dump and b"Ruth" not in dump
    assert len(dump) > 200  # the dump really read the rows


def test_cli_relay_needs_a_postgres_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["relay", "--sweep"]) == 2
    assert main(["relay", "--db", "sqlite:///x.db", "--sweep"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err
    gone = "postgresql://nobody@/relay?host=/nonexistent-socket-dir"
    assert main(["relay", "--sweep", "--db", gone]) == 78
    err = capsys.readouterr().err
    assert "cannot reach the relay database" in err and "Traceback" not in err


def test_full_circle_noncanonical_key_and_openapi(relay: Relay, circle: dict[str, Any]) -> None:
    cid, owner = circle["id"], circle["owner"]
    for _ in range(18):  # owner + member + 18 = 20
        token = b64encode(nacl_random(24))
        relay.call(owner, "POST", f"/relay/v1/circles/{cid}/invites",
                   {"token_hash": token_hash(token)})  # fmt: skip
        r = relay.call(DeviceIdentity.generate(), "POST", f"/relay/v1/circles/{cid}/join",
                       {"token": token})  # fmt: skip
        assert r.status_code == 200, r.text
    token = b64encode(nacl_random(24))
    relay.call(owner, "POST", f"/relay/v1/circles/{cid}/invites", {"token_hash": token_hash(token)})
    before = relay.counts()
    r = relay.call(DeviceIdentity.generate(), "POST", f"/relay/v1/circles/{cid}/join",
                   {"token": token})  # fmt: skip
    assert r.status_code == 409 and relay.counts() == before
    # The key header is not signed: another spelling of the same key must not dodge the
    # nonce check (the last base64 character carries spare bits).
    path = f"/relay/v1/circles/{cid}/members"
    signed = sign_request(owner, "GET", path)
    assert relay.client.get(path, headers=signed).status_code == 200
    key = signed["X-Pause-Key"]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    spare = alphabet[alphabet.index(key[-1]) ^ 1]
    r = relay.client.get(path, headers={**signed, "X-Pause-Key": key[:-1] + spare})
    assert r.status_code == 401
    r = relay.call(owner, "DELETE", f"/relay/v1/circles/{cid}/members/{owner.public_key}")
    assert r.status_code == 409
    spec = relay.client.get("/openapi.json").json()
    assert "/relay/v1/circles/{circle_id}/messages" in spec["paths"]

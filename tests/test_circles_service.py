"""The circles protocol between devices, each with its own store and identity, through one
relay on a real PostgreSQL (in process): circles, key rotation, expiry, supervisor review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from web_support import FakeScreener, fresh_pg_url, postgres_server

from pausepost.circles.client import RelayClient
from pausepost.circles.crypto import CircleKey, DecryptError, decrypt_message
from pausepost.circles.identity import DeviceIdentity
from pausepost.circles.service import CircleError, CirclesService, VentNotSendable
from pausepost.relay import create_relay_app
from pausepost.store import Store

__all__ = ["postgres_server"]

pytestmark = pytest.mark.postgres

RELAY = "http://127.0.0.1:8780"
CANARY = "CANARY-the-long-week-vent"


class Net:
    def __init__(self, client: TestClient, url: str) -> None:
        self.client, self.url = client, url
        self.engine = create_engine(url)

    def device(self, screener: Any = None) -> CirclesService:
        who = DeviceIdentity.generate()
        fake = screener or FakeScreener()
        return CirclesService(
            Store.memory(), lambda: fake, identity=lambda: who,
            client_factory=lambda url, ident: RelayClient(url, ident, http=self.client),
        )  # fmt: skip

    def rows(self, table: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(text(f"SELECT count(*) FROM {table}")) or 0)


@pytest.fixture
def net(postgres_server: str) -> Iterator[Net]:
    url = fresh_pg_url(postgres_server)
    with TestClient(create_relay_app(url)) as client:
        n = Net(client, url)
        yield n
        n.engine.dispose()


def circle_of_three(net: Net) -> tuple[CirclesService, CirclesService, CirclesService, str]:
    ana, ben, cy = net.device(), net.device(), net.device()
    c = ana.create(name="Thursday peers", relay_url=RELAY, my_name="Ana", expiry_days=30)
    ben.join(ana.invite(c.id), my_name="Ben")
    cy.join(ana.invite(c.id), my_name="Cy")
    return ana, ben, cy, c.id


def test_create_invite_vent_reply_and_been_there(net: Net) -> None:
    ana, ben, cy, cid = circle_of_three(net)
    assert ben.circle(cid).name == "Thursday peers"  # from the owner's encrypted circle_info
    vent = ben.send_vent(cid, f"A client cancelled for the third time, I feel dismissed {CANARY}")
    ana.sync(cid)
    cy.sync(cid)
    reply = ana.send_vent(cid, "Same here this month. It is not about you.", reply_to=vent.uid)
    assert cy.been_there(cid, vent.uid) is True
    assert cy.been_there(cid, vent.uid) is False  # once per member
    ben.sync(cid)
    (item,) = ben.thread(cid)
    assert item.mine and CANARY in (item.message.body or "")
    assert [r.message.uid for r in item.replies] == [reply.uid]
    assert item.replies[0].author == "Ana"
    assert item.been_there == 1
    names = {m.name for m in ana.members(cid)}
    assert names == {"Ana", "Ben", "Cy"}
    # The relay holds only ciphertext: no canary, no names, no circle name.
    with net.engine.connect() as conn:
        dump = " ".join(str(r) for t in ("circles", "members", "messages", "invites")
                        for r in conn.execute(text(f"SELECT * FROM {t}")))  # fmt: skip
        blobs = b"".join(bytes(r[0]) for r in conn.execute(text("SELECT ciphertext FROM messages")))
    for secret in (CANARY, "Thursday peers", "Ana", "Ben", "dismissed"):
        assert secret not in dump and secret.encode() not in blobs


def test_a_vent_that_names_a_client_is_not_sent(net: Net) -> None:
    _ana, ben, _cy, cid = circle_of_three(net)
    before = net.rows("messages")
    with pytest.raises(VentNotSendable) as caught:
        ben.send_vent(cid, "Rosa missed again and I am so tired of it")
    assert not caught.value.check.sendable
    assert any(p.excerpt == "Rosa" for p in caught.value.check.problems)
    assert net.rows("messages") == before  # nothing left the machine
    assert ben.thread(cid) == []


def test_removed_member_cannot_read_what_follows(net: Net) -> None:
    ana, ben, cy, cid = circle_of_three(net)
    before = ben.send_vent(cid, "Before the change: a long week.")
    ana.remove_member(cid, cy.me)
    assert ana.circle(cid).epoch == 1
    ben.sync(cid)
    assert ben.circle(cid).epoch == 1  # the new key reached Ben, sealed to him
    after = ben.send_vent(cid, f"After the change {CANARY}")
    # Cy's app: the relay refuses it, and the circle shows as left.
    result = cy.sync(cid)
    assert result.removed and cy.circle(cid).left_at is not None
    with pytest.raises(CircleError) as refused:
        cy.send_vent(cid, "still here?")
    assert refused.value.status == 403
    # Even holding the ciphertext, Cy's keys do not open what was sent after.
    with net.engine.connect() as conn:
        rows = conn.execute(text("SELECT key_epoch, ciphertext FROM messages")).all()
    cy_keys = [CircleKey(e, k) for e, k in cy.rows.keys(cid).items()]
    assert {k.epoch for k in cy_keys} == {0}
    for epoch, blob in rows:
        if epoch == 1:
            for k in cy_keys:
                with pytest.raises(DecryptError):
                    decrypt_message(k, bytes(blob))
    ana.sync(cid)
    bodies = [t.message.body for t in ana.thread(cid)]
    assert before.body in bodies and after.body in bodies
    assert CANARY not in " ".join(t.message.body or "" for t in cy.thread(cid))
    assert {m.member_key for m in ana.members(cid)} == {ana.me, ben.me}


def test_local_copies_expire_with_the_circle(net: Net) -> None:
    ana, ben, _cy, cid = circle_of_three(net)
    ben.send_vent(cid, "A vent that will expire")
    ana.sync(cid)
    assert len(ana.thread(cid)) == 1
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
    assert ana.rows.expire(later) >= 1
    assert ana.thread(cid) == []


def test_supervisor_review_round_trip(net: Net) -> None:
    sup, intern = net.device(), net.device()
    link, code = sup.invite_intern(label="Sam (intern)", relay_url=RELAY, my_name="Dr Lee")
    intern.join(code, my_name="Sam")
    assert [c.id for c in intern.supervisors()] == [link.id]
    with pytest.raises(CircleError):  # one intern per link
        sup.invite(link.id)
    req = intern.ask_supervisor("My 17yo client Rosa had a breakthrough today!")
    (entry,) = intern.store.journal()
    assert entry.decision == "ask_supervisor" and entry.review_uid == req.uid
    sup.sync(link.id)
    (item,) = sup.reviews("supervisor")
    assert item.intern == "Sam" and item.answer is None
    assessment = item.request.data["assessment"]
    assert assessment["verdict"] == "hold"
    assert {s["label"] for s in assessment["spans"]} == {"NAME", "AGE"}
    with pytest.raises(CircleError):
        sup.answer_review(link.id, req.uid, "revise", "")  # revise needs a comment
    sup.answer_review(link.id, req.uid, "revise", "Keep the joy, drop her age and name.")
    with pytest.raises(CircleError) as twice:
        sup.answer_review(link.id, req.uid, "approve")
    assert twice.value.status == 409
    intern.sync(link.id)
    (mine,) = intern.reviews("intern")
    assert mine.answer is not None and mine.answer.data["answer"] == "revise"
    assert intern.store.journal()[0].review_answer == "revise"
    # The intern cannot answer their own request.
    with pytest.raises(CircleError) as nope:
        intern.answer_review(link.id, req.uid, "approve")
    assert nope.value.status == 403


def test_relay_unreachable_is_reported_not_raised(net: Net) -> None:
    ana = net.device()
    c = ana.create(name="Peers", relay_url=RELAY, my_name="Ana")
    down = CirclesService(
        ana.store, lambda: FakeScreener(), identity=lambda: ana.identity,
        client_factory=lambda url, ident: RelayClient("http://127.0.0.1:9", ident, timeout=0.5),
    )  # fmt: skip
    result = down.sync(c.id)
    assert result.unreachable and not result.removed
    with pytest.raises(CircleError) as caught:
        down.send_vent(c.id, "a quiet vent about a long day")
    assert caught.value.status == 502


def test_tampered_or_misattributed_messages_are_dropped_and_counted(net: Net) -> None:
    ana, ben, cy, cid = circle_of_three(net)
    ana.sync(cid)
    ben.send_vent(cid, "A vent the relay will tamper with")
    cy.send_vent(cid, "A vent the relay will pass off as Ben's")
    with net.engine.begin() as conn:
        rows = conn.execute(text("SELECT id, sender_key, ciphertext FROM messages "
                                 "ORDER BY id DESC LIMIT 2")).all()  # fmt: skip
        (cy_id, _cy_key, _), (ben_id, ben_key, blob) = rows
        flipped = bytes(blob[:-1]) + bytes([blob[-1] ^ 1])
        conn.execute(text("UPDATE messages SET ciphertext = :c WHERE id = :i"),
                     {"c": flipped, "i": ben_id})  # fmt: skip
        conn.execute(text("UPDATE messages SET sender_key = :k WHERE id = :i"),
                     {"k": ben_key, "i": cy_id})  # fmt: skip
    result = ana.sync(cid)
    assert result.rejected == 2 and result.new == 0
    assert ana.thread(cid) == []
    assert ana.sync(cid).rejected == 0  # counted once, not again on the next sync's overlap

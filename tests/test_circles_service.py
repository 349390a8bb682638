"""The circles protocol between devices, each with its own store and identity, through one
relay on a real PostgreSQL (in process): circles, key rotation, expiry, supervisor review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from circles_support import circles_device
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from web_support import FakeScreener, fresh_pg_url, postgres_server

from pausepost.circles.client import Posted, RelayClient, RelayMember, RelayUnreachable
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
        fake = screener or FakeScreener()
        return circles_device(Store.memory(), lambda: fake, http=self.client)

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
    down = circles_device(ana.store, FakeScreener, who=ana.identity, down=True)
    result = down.sync(c.id)
    assert result.unreachable and not result.removed
    with pytest.raises(CircleError) as caught:
        down.send_vent(c.id, "a quiet vent about a long day")
    assert caught.value.status == 502


def test_tampered_or_misattributed_messages_are_dropped_and_counted(net: Net) -> None:
    ana, ben, cy, cid = circle_of_three(net)
    ana.sync(cid)
    ben.send_vent(cid, "A vent the relay will tamper with")
    cy.send_vent(cid, "A vent the relay will pass off as another member's")
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


# -- a relay that lies, and removals cut short ---------------------------------------------


class LyingClient(RelayClient):
    """The owner's view of a relay that keeps listing whom it likes, and can drop a post."""

    extra: tuple[str, ...] = ()
    fail_posts_after: int | None = None

    def members(self, circle_id: str) -> list[RelayMember]:
        listed = super().members(circle_id)
        now = dt.datetime.now(dt.UTC)
        return listed + [RelayMember(k, now, False) for k in self.extra]

    def post_message(self, circle_id: str, key_epoch: int, ciphertext: bytes) -> Posted:
        if self.fail_posts_after is not None:
            if self.fail_posts_after == 0:
                raise RelayUnreachable("http://127.0.0.1:8780 (the test dropped it)")
            self.fail_posts_after -= 1
        return super().post_message(circle_id, key_epoch, ciphertext)


def _rotations_to(net: Net, key: CircleKey) -> set[str]:
    """Whom the key_rotation messages under `key` were sealed to, read from the relay."""
    with net.engine.connect() as conn:
        blobs = conn.execute(text("SELECT ciphertext FROM messages WHERE key_epoch = :e"),
                             {"e": key.epoch}).all()  # fmt: skip
    out: set[str] = set()
    for (blob,) in blobs:
        payload = decrypt_message(key, bytes(blob))
        if payload["kind"] == "key_rotation":
            out.add(payload["to"])
    return out


def test_a_new_key_is_never_sealed_to_whom_the_relay_adds(net: Net) -> None:
    ana, ben, cy, cid = circle_of_three(net)
    ana.sync(cid)  # Ben's and Cy's hellos
    stranger = DeviceIdentity.generate().public_key
    lying = LyingClient(RELAY, ana.identity, http=net.client)
    lying.extra = (cy.me, stranger)  # "still members", says the relay
    ana._clients[RELAY] = lying
    old = CircleKey(0, ana.rows.keys(cid)[0])
    ana.remove_member(cid, cy.me)
    assert _rotations_to(net, old) == {ben.me}
    assert cy.me not in {m.member_key for m in ana.members(cid)}  # the relay cannot bring back


def test_a_removal_cut_short_is_finished_by_trying_again(net: Net) -> None:
    ana, ben, _cy, cid = circle_of_three(net)
    dee = net.device()
    dee.join(ana.invite(cid), my_name="Dee")
    ana.sync(cid)
    flaky = LyingClient(RELAY, ana.identity, http=net.client)
    flaky.fail_posts_after = 1  # the first rotation goes out, the second is lost
    ana._clients[RELAY] = flaky
    with pytest.raises(CircleError) as cut:
        ana.remove_member(cid, _cy.me)
    assert cut.value.status == 502 and ana.circle(cid).epoch == 0
    flaky.fail_posts_after = None
    ana.remove_member(cid, _cy.me)  # the relay answers 404 now: the rotation is finished
    ben.sync(cid)
    dee.sync(cid)
    assert ana.rows.keys(cid)[1] == ben.rows.keys(cid)[1] == dee.rows.keys(cid)[1]


def test_the_circles_kind_and_owner_come_from_the_code_not_later_messages(net: Net) -> None:
    ana, ben, _cy, cid = circle_of_three(net)
    ana._post(ana.circle(cid), {"kind": "circle_info", "name": "Peers", "circle_kind":
                                "supervision", "expiry_days": 30})  # fmt: skip
    ben.sync(cid)
    assert ben.circle(cid).kind == "peer" and ben.circle(cid).name == "Peers"
    with pytest.raises(CircleError):  # no supervisor: nothing unscreened goes to the circle
        ben.ask_supervisor("Rosa's mum called again")
    assert ben.circle(cid).owner_key == ana.me


def test_a_supervision_link_has_one_code_and_keeps_its_label_at_home(net: Net) -> None:
    sup, intern = net.device(), net.device()
    link, code = sup.invite_intern(label="Sam: on probation", relay_url=RELAY, my_name="Dr Lee")
    with pytest.raises(CircleError) as again:
        sup.invite(link.id)
    assert again.value.status == 409
    intern.join(code, my_name="Sam")
    assert intern.circle(link.id).name == "Supervision with Dr Lee"
    assert sup.circle(link.id).name == "Sam: on probation"


def test_a_code_made_before_a_rotation_still_gets_the_current_key(net: Net) -> None:
    ana, ben, cy, cid = circle_of_three(net)
    ana.sync(cid)
    early = ana.invite(cid)  # made under epoch 0
    ana.remove_member(cid, cy.me)
    dee = net.device()
    dee.join(early, my_name="Dee")  # says hello under epoch 0
    ana.sync(cid)  # sees it, seals the current key to Dee
    dee.sync(cid)
    assert dee.circle(cid).epoch == 1
    ben.sync(cid)
    vent = ben.send_vent(cid, "After the change: a long shift")
    dee.sync(cid)
    assert vent.uid in {t.message.uid for t in dee.thread(cid)}


def test_a_relay_cannot_make_a_local_copy_outlive_the_circles_expiry(net: Net) -> None:
    ana, ben, _cy, cid = circle_of_three(net)
    ben.send_vent(cid, "A vent the relay wants kept forever")
    with net.engine.begin() as conn:
        conn.execute(text("UPDATE messages SET expires_at = '2099-01-01'"))
    ana.sync(cid)
    (item,) = ana.thread(cid)
    limit = dt.datetime.now(dt.UTC) + dt.timedelta(days=30, minutes=1)
    expires = item.message.expires_at
    assert (expires if expires.tzinfo else expires.replace(tzinfo=dt.UTC)) <= limit


def test_an_address_that_is_not_a_relay_is_said_plainly() -> None:
    from pausepost.web import WebSettings, create_app

    app = TestClient(create_app(store=Store.memory(), screener_factory=lambda _: FakeScreener(),
                                settings=WebSettings(extra_hosts=("127.0.0.1",))))  # fmt: skip
    svc = circles_device(Store.memory(), FakeScreener, http=app)
    with pytest.raises(CircleError) as caught:
        svc.create(name="Peers", relay_url="http://127.0.0.1:8765", my_name="Ana")
    assert caught.value.status == 422
    assert "does not answer like a Pause relay" in caught.value.message
    assert svc.circles() == []

"""Issue 12's floor, end to end: three real Pause apps (`pausepost serve`, each with its own
data and config dirs, its own port and the real screener) and one real relay (`pausepost
relay` on a throwaway PostgreSQL), all started here and driven over real HTTP.

One long test in clear steps (each needs the state the previous one left): a circle of
three, a vent with a reply and "I've been there", vents that cannot leave, expiry, removal
with key rotation, the supervisor round trip, and the operator's view of the relay database.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from circles_support import Running, start_app, start_relay, wait_for_url, wait_until
from media_samples import TABLE, jpeg_bytes, note_handwritten, photo_scene
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from web_support import RISKY, fresh_pg_url, postgres_server

from pausepost.circles.client import RelayClient
from pausepost.circles.crypto import CircleKey, DecryptError, decrypt_message
from pausepost.circles.identity import load_identity
from pausepost.web import MAX_BODY_BYTES
from pausepost.web.pictures import media_problem

__all__ = ["postgres_server"]  # the fixture, re-exported for pytest

pytestmark = pytest.mark.postgres

# Every word below is a canary: none may be found in the relay's database (step 7).
CIRCLE_NAME = "Lanternfish peers"
NAMES = {"a": "Orla Brackenridge", "b": "Tobin Wexley", "c": "Saoirse Fennimore"}
VENT = (
    "Hard day. A client I work with shouted at me in session and I held it together, but I "
    "shook the whole drive home. Still carrying it in my shoulders tonight."
)
REPLY = (
    "That sounds exhausting. Be gentle with yourself tonight; the shaking is your body letting go."
)
NAMED = "My client Daniela Okafor cancelled again and I am so tired of it."
CONSENT = (
    "She said I could share this: my client told me she finally left him. I am so proud of her."
)
CAPTION = "Today was a lot. I am keeping this one close."
AFTER_VENT = "Thanks, everyone. I slept better last night and the knot in my stomach has eased."
AFTER_REPLY = "Glad to hear it. Same time next week for the check-in?"
INTERN_LABEL = "Tobin, spring placement cohort"
SUPERVISOR_NAME = "Dr Brackenridge-Quill"
INTERN_NAME = "Tobin W. the intern"
COMMENT = "Take out her age and the school first; then let us talk about the joke."
CANARIES = [
    CIRCLE_NAME, *NAMES.values(), VENT, "shook the whole drive home", REPLY, "shaking is your body",
    NAMED, "Daniela", "Okafor", CONSENT, "finally left him", CAPTION, AFTER_VENT,
    "knot in my stomach", AFTER_REPLY, "check-in", INTERN_LABEL, SUPERVISOR_NAME, INTERN_NAME,
    RISKY, "Rosa", "Westview", "overdosed", COMMENT, "the joke",
]  # fmt: skip


@dataclass
class App:
    name: str
    run: Running
    home: Path
    http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        # httpx sends Host 127.0.0.1:<port> and no Origin: what the app's guard expects
        # from its own pages or a local script.
        self.http = httpx.Client(base_url=self.run.url, timeout=120)

    @property
    def db(self) -> Path:
        return self.home / "data" / "pause.db"

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        """Straight into this app's SQLite (what is really on the device's disk)."""
        with closing(sqlite3.connect(self.db, timeout=30)) as conn, conn:
            return list(conn.execute(query, params))

    def ok(self, method: str, path: str, status: int = 200, **kw: Any) -> dict[str, Any]:
        r = self.http.request(method, path, **kw)
        assert r.status_code == status, (self.name, method, path, r.status_code, r.text[:800])
        body: dict[str, Any] = r.json()
        return body

    def circle(self, cid: str) -> dict[str, Any]:
        """GET syncs with the relay first, then answers what is on this device."""
        body = self.ok("GET", f"/api/v1/circles/{cid}")
        assert body["sync"]["unreachable"] is None, body["sync"]
        return body


@dataclass
class World:
    relay: Running
    pg: Engine
    a: App
    b: App
    c: App

    @property
    def apps(self) -> tuple[App, App, App]:
        return self.a, self.b, self.c

    def relay_rows(self, query: str, **params: Any) -> list[Any]:
        with self.pg.connect() as conn:
            return list(conn.execute(text(query), params))

    def message_count(self) -> int:
        return int(self.relay_rows("SELECT count(*) FROM messages")[0][0])


def healthy(app: App) -> bool:
    return app.http.get("/api/v1/health").status_code == 200


@pytest.fixture(scope="module")
def world(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    db_url = fresh_pg_url(postgres_server)
    logs = tmp_path_factory.mktemp("e2e-logs")
    relay = start_relay(db_url, logs=logs)
    runs: list[Running] = [relay]
    try:
        wait_for_url(relay)
        homes = {k: tmp_path_factory.mktemp(f"app-{k}") for k in "abc"}
        # All three start at once (each loads the web stack); then each says where it is.
        runs += [start_app(k, homes[k], relay_url=relay.url, logs=logs) for k in "abc"]
        for r in runs[1:]:
            wait_for_url(r)
        apps = [App(r.name, r, homes[r.name]) for r in runs[1:]]
        # Any answer means the relay is serving (an unsigned request is refused).
        wait_until(lambda: httpx.get(f"{relay.url}/relay/v1/circles/x/members").status_code
                   >= 400, "the relay")  # fmt: skip
        for app in apps:
            wait_until(partial(healthy, app), f"app {app.name}")

        # The real screener loads on first use: warm all three at once, so no step times out.
        def warm(app: App) -> None:
            app.ok("POST", "/api/v1/check", json={"text": "A long walk after work today."})

        with ThreadPoolExecutor(3) as pool:
            list(pool.map(warm, apps))
        pg = create_engine(db_url)
        try:
            yield World(relay, pg, *apps)
        finally:
            for app in apps:
                app.http.close()
            pg.dispose()
    finally:
        for r in runs:
            r.stop()
        for r in runs:  # nothing crashed along the way, and no draft reached a log
            out = r.output()
            assert "Traceback" not in out, (r.name, out[-3000:])
            assert [c for c in CANARIES if len(c) >= 8 and c in out] == [], r.name


def test_three_apps_and_a_relay_end_to_end(world: World) -> None:
    t0 = time.monotonic()
    cid = step1_circle_of_three(world)
    vent_uid = step2_vent_reply_been_there(world, cid)
    step3_what_cannot_leave(world, cid)
    step4_expiry(world, cid, vent_uid)
    step5_removal(world, cid)
    step6_supervisor_round_trip(world)
    step7_relay_dump_holds_no_canary(world)
    assert time.monotonic() - t0 < 90


def step1_circle_of_three(w: World) -> str:
    """A creates a circle and invites B and C with codes from the API; both join; every
    device shows every member's chosen name."""
    relay = w.relay.url
    new = {"name": CIRCLE_NAME, "relay_url": relay, "my_name": NAMES["a"], "expiry_days": 30}
    made = w.a.ok("POST", "/api/v1/circles", 201, json=new)
    cid = made["circle"]["id"]
    assert made["circle"]["role"] == "owner" and made["circle"]["epoch"] == 0
    for who in ("b", "c"):
        code = w.a.ok("POST", f"/api/v1/circles/{cid}/invites", 201)["code"]
        joined = getattr(w, who).ok("POST", "/api/v1/join",
                                    json={"code": code, "my_name": NAMES[who]})  # fmt: skip
        assert joined["circle"]["id"] == cid and joined["circle"]["role"] == "member"
    for app in w.apps:
        got = app.circle(cid)
        assert got["circle"]["name"] == CIRCLE_NAME, app.name  # from the owner, encrypted
        names = sorted(m["name"] for m in got["circle"]["members"])
        assert names == sorted(NAMES.values()), (app.name, names)
        listed = app.ok("GET", "/api/v1/circles")["circles"]
        assert [c["id"] for c in listed] == [cid]
        page = app.http.get(f"/circles/{cid}", headers={"accept": "text/html"})
        assert page.status_code == 200 and all(n in page.text for n in NAMES.values())
    # The relay learnt that three keys are members, nothing more.
    assert w.relay_rows("SELECT count(*) FROM members WHERE circle_id = :c AND removed_at "
                        "IS NULL", c=cid)[0][0] == 3  # fmt: skip
    return str(cid)


def step2_vent_reply_been_there(w: World, cid: str) -> str:
    """B vents (the real screener lets a harmless vent through), A replies, C says "I've
    been there"; every device shows the same thread."""
    check = w.b.ok("POST", f"/api/v1/circles/{cid}/check", json={"text": VENT})
    assert check["sendable"] is True and check["problems"] == [], check
    vent = w.b.ok("POST", f"/api/v1/circles/{cid}/messages", 201, json={"text": VENT})["message"]
    uid = vent["uid"]
    assert w.a.circle(cid)["thread"][0]["text"] == VENT
    w.a.ok("POST", f"/api/v1/circles/{cid}/messages", 201, json={"text": REPLY, "reply_to": uid})
    assert w.c.circle(cid)["thread"][0]["uid"] == uid
    assert w.c.ok("POST", f"/api/v1/circles/{cid}/messages/{uid}/been-there")["added"] is True
    for app in w.apps:
        (item,) = app.circle(cid)["thread"]
        assert (item["uid"], item["text"], item["kind"]) == (uid, VENT, "vent"), app.name
        assert item["author"] == ("you" if app is w.b else NAMES["b"]), app.name
        (reply,) = item["replies"]
        assert reply["text"] == REPLY and reply["author"] == ("you" if app is w.a else NAMES["a"])
        assert item["been_there"] == 1 and item["been_there_by_me"] is (app is w.c), app.name
    return str(uid)


def step3_what_cannot_leave(w: World, cid: str) -> None:
    """A client's name, "she said I could share", and a photo of a handwritten note (through
    the page's multipart form): 422 each, and not one more row in the relay's messages."""
    before = w.message_count()
    for draft, kind in ((NAMED, "identifier"), (CONSENT, "consent_claim")):
        r = w.b.http.post(f"/api/v1/circles/{cid}/messages", json={"text": draft})
        assert r.status_code == 422, (draft, r.text)
        kinds = {p["kind"] for p in r.json()["check"]["problems"]}
        assert kind in kinds, (draft, kinds)
    photo = phone_photo_of_note()
    assert len(photo) > MAX_BODY_BYTES  # as a phone's photo is: more than a JSON body may be
    r = w.b.http.post(
        f"/circles/{cid}/vent", data={"text": CAPTION},
        files={"image": ("IMG_2041.jpg", photo, "image/jpeg")},
        headers={"accept": "text/html", "origin": w.b.run.url},  # a same-origin form post
    )  # fmt: skip
    assert r.status_code == 422, r.text[:800]
    assert r.headers["content-type"].startswith("text/html")
    assert 'data-kind="picture"' in r.text and "IMG_2041.jpg" in r.text
    if media_problem() is None:  # the real image check looked inside it
        assert "handwriting" in r.text
    assert w.message_count() == before
    for app in w.apps:  # nothing new reached anyone
        (item,) = app.circle(cid)["thread"]
        assert len(item["replies"]) == 1, app.name


def phone_photo_of_note() -> bytes:
    """A handwritten note on a desk, photographed at a phone's 3000 x 2250 (about 1.2 MB)."""
    img = photo_scene((3000, 2250))
    img.paste(note_handwritten(size=(1600, 1600)).rotate(3, expand=True, fillcolor=TABLE),
              (700, 300))  # fmt: skip
    return jpeg_bytes(img)


def step4_expiry(w: World, cid: str, vent_uid: str) -> None:
    """Messages past the circle's expiry: the relay never returns them (and deletes them on
    its next write), and each device deletes its local copies on its next sync."""
    assert all(a.sql("SELECT count(*) FROM circle_messages WHERE circle_id = ?", cid)[0][0] >= 3
               for a in w.apps)  # fmt: skip
    # Expiry is 1 to 365 days, and the relay and each app compare `expires_at` with their
    # own clock in their own process: moving `expires_at` into the past is the same as
    # their clocks moving past it, without waiting days or patching four processes' time.
    with w.pg.begin() as conn:
        n = conn.execute(text("UPDATE messages SET expires_at = now() - interval '1 minute' "
                              "WHERE circle_id = :c"), {"c": cid}).rowcount  # fmt: skip
    assert n == 7  # info, three hellos, the vent, the reply, "I've been there"
    expired = [r[0] for r in w.relay_rows("SELECT id FROM messages WHERE circle_id = :c", c=cid)]
    for app in w.apps:
        # SQLAlchemy keeps SQLite times as "YYYY-MM-DD HH:MM:SS.ffffff": any earlier one is past.
        app.sql("UPDATE circle_messages SET expires_at = '2000-01-01 00:00:00.000000' "
                "WHERE circle_id = ?", cid)  # fmt: skip
    for app in w.apps:
        got = app.circle(cid)
        assert got["thread"] == [], (app.name, got["thread"])
        assert got["sync"]["new"] == 0, app.name  # the relay returned none of them
        assert app.sql("SELECT count(*) FROM circle_messages WHERE circle_id = ?", cid) == [(0,)]
        bt = app.http.post(f"/api/v1/circles/{cid}/messages/{vent_uid}/been-there")
        assert bt.status_code == 404, app.name
    # Asked directly, signed as the owner: the relay hands out none of them.
    with RelayClient(w.relay.url, load_identity(w.a.home / "config")) as owner:
        assert [m.id for m in owner.messages(cid)] == []
    # The next write (here an invitation, never used) sweeps them from the relay for real.
    w.a.ok("POST", f"/api/v1/circles/{cid}/invites", 201)
    left = w.relay_rows("SELECT count(*) FROM messages WHERE id = ANY(:ids)", ids=expired)
    assert left[0][0] == 0


def step5_removal(w: World, cid: str) -> None:
    """A removes C: C's device shows it and cannot post; A and B go on under a new key
    (epoch 1) that C never receives, so C's keys cannot read what follows."""
    members = w.a.circle(cid)["circle"]["members"]
    c_key = next(m["key"] for m in members if m["name"] == NAMES["c"])
    w.a.ok("DELETE", f"/api/v1/circles/{cid}/members/{c_key}")
    seen_by_c = w.c.ok("GET", f"/api/v1/circles/{cid}")
    assert seen_by_c["circle"]["removed"] is True and seen_by_c["sync"]["removed"] is True
    r = w.c.http.post(f"/api/v1/circles/{cid}/messages", json={"text": AFTER_VENT})
    assert r.status_code == 403, r.text
    assert w.b.circle(cid)["circle"]["epoch"] == 1  # B took the rotation sealed to it
    sent = w.b.ok("POST", f"/api/v1/circles/{cid}/messages", 201, json={"text": AFTER_VENT})
    uid = sent["message"]["uid"]
    assert w.a.circle(cid)["thread"][0]["text"] == AFTER_VENT
    w.a.ok("POST", f"/api/v1/circles/{cid}/messages", 201,
           json={"text": AFTER_REPLY, "reply_to": uid})  # fmt: skip
    (item,) = w.b.circle(cid)["thread"]
    assert item["text"] == AFTER_VENT and [x["text"] for x in item["replies"]] == [AFTER_REPLY]
    names = {m["name"] for m in w.b.circle(cid)["circle"]["members"]}
    assert names == {NAMES["a"], NAMES["b"]}
    assert w.c.ok("GET", f"/api/v1/circles/{cid}")["thread"] == []
    # In the relay: both new messages under epoch 1.
    ids = [w.b.sql("SELECT relay_id FROM circle_messages WHERE uid = ?", uid)[0][0],
           w.a.sql("SELECT relay_id FROM circle_messages WHERE kind = 'reply' AND "
                   "circle_id = ?", cid)[0][0]]  # fmt: skip
    rows = w.relay_rows("SELECT id, key_epoch, ciphertext FROM messages WHERE id = ANY(:ids) "
                        "ORDER BY id", ids=ids)  # fmt: skip
    assert [(r[0], r[1]) for r in rows] == sorted((i, 1) for i in ids)
    c_keys = [CircleKey(e, bytes(k)) for e, k in
              w.c.sql("SELECT epoch, key FROM circle_keys WHERE circle_id = ?", cid)]  # fmt: skip
    assert [k.epoch for k in c_keys] == [0]
    (a_epoch, a_key), = w.a.sql("SELECT epoch, key FROM circle_keys WHERE circle_id = ? AND "
                                "epoch = 1", cid)  # fmt: skip
    for _id, _epoch, ct in rows:
        # Readable with the new key (what A and B hold) ...
        assert decrypt_message(CircleKey(a_epoch, bytes(a_key)), bytes(ct))["kind"] in (
            "vent",
            "reply",
        )
        for key in c_keys:  # ... and with nothing C holds, whatever epoch it claims.
            for claimed in (key, CircleKey(1, key.key)):
                with pytest.raises(DecryptError):
                    decrypt_message(claimed, bytes(ct))


def step6_supervisor_round_trip(w: World) -> None:
    """A supervises B: a code, B joins, B asks about a risky draft, A sees it with Pause's
    reading and answers "revise" with a comment; B sees the answer, also in the journal."""
    made = w.a.ok("POST", "/api/v1/review/interns", 201, json={
        "label": INTERN_LABEL, "relay_url": w.relay.url, "my_name": SUPERVISOR_NAME})  # fmt: skip
    link_id = made["link"]["id"]
    joined = w.b.ok("POST", "/api/v1/join", json={"code": made["code"], "my_name": INTERN_NAME})
    assert joined["circle"]["kind"] == "supervision" and joined["circle"]["id"] == link_id
    draft = {"text": RISKY, "platform": "instagram", "audience": "personal"}
    asked = w.b.ok("POST", "/api/v1/review/requests", 201, json=draft)
    uid = asked["request"]["uid"]
    queue = w.a.ok("GET", "/api/v1/review")
    assert [v["unreachable"] for v in queue["sync"].values()] == [None]
    (item,) = queue["queue"]
    assert item["link_id"] == link_id and item["intern"] == INTERN_NAME
    assert item["request"]["uid"] == uid and item["request"]["text"] == RISKY
    assessment = item["request"]["assessment"]
    assert assessment["verdict"] == "hold", assessment
    assert any(RISKY[s["start"] : s["end"]] == "Rosa" for s in assessment["spans"]), assessment
    assert item["answer"] is None and w.c.ok("GET", "/api/v1/review")["queue"] == []
    w.a.ok("POST", f"/api/v1/review/{link_id}/requests/{uid}/answer", 201,
           json={"answer": "revise", "comment": COMMENT})  # fmt: skip
    (sent,) = w.b.ok("GET", "/api/v1/review")["sent"]
    assert sent["request"]["uid"] == uid
    assert (sent["answer"]["answer"], sent["answer"]["comment"]) == ("revise", COMMENT)
    entries = w.b.ok("GET", "/api/v1/journal")["entries"]
    (entry,) = [e for e in entries if e["decision"] == "ask_supervisor"]
    assert entry["verdict"] == "hold" and entry["review_answer"] == "revise", entry
    page = w.b.http.get("/journal", headers={"accept": "text/html"})
    assert page.status_code == 200 and 'data-answer="revise"' in page.text


def step7_relay_dump_holds_no_canary(w: World) -> None:
    """The operator's view: every table, every column, ciphertext bytes included, holds no
    word from any vent, reply, name, circle name, draft or comment."""
    tables = [r[0] for r in w.relay_rows("SELECT table_name FROM information_schema.tables "
                                         "WHERE table_schema = 'public'")]  # fmt: skip
    assert {"circles", "members", "messages", "invites", "nonces"} <= set(tables)
    dump = b""
    for table in tables:
        for row in w.relay_rows(f'SELECT * FROM "{table}"'):
            dump += repr(tuple(row)).encode() + b"".join(
                bytes(v) for v in row if isinstance(v, bytes | memoryview)
            )
    assert w.message_count() >= 8 and len(dump) > 10_000  # the dump really read ciphertext
    # Long canaries in any case; short ones as typed (4 letters in any case can turn up by
    # chance in kilobytes of random bytes and base64 keys).
    low = dump.lower()
    found = [c for c in CANARIES
             if c.encode() in dump or (len(c) >= 8 and c.encode().lower() in low)]  # fmt: skip
    assert found == [], found

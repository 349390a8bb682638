"""Circles and supervisor review through the app's HTTP surface: the /api/v1 JSON twins and
the pages with JavaScript off, two or three Pause apps (each its own store and device key)
talking through one relay on a real PostgreSQL, all in process."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from circles_support import circles_device
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import create_engine, text
from web_support import RISKY, FakeScreener, fresh_pg_url, postgres_server

from pausepost.circles.identity import DeviceIdentity
from pausepost.circles.screening import ScreenerLike
from pausepost.circles.service import CirclesService
from pausepost.relay import create_relay_app
from pausepost.store import Store
from pausepost.web import circles_api, create_app

__all__ = ["postgres_server"]  # the fixture, re-exported for pytest

pytestmark = pytest.mark.postgres

RELAY = "http://127.0.0.1:8780"  # the relay's TestClient answers any URL
APP = "http://127.0.0.1:8765"
PAGE = {"accept": "text/html", "origin": APP}  # a form post from the app's own tab
EXT = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
VENT = "Long day, and I have nothing left."
NAMED = "Rosa missed again and I am so tired of it."
CODE_BOX = re.compile(r'<textarea id="(?:invite|intern)-code"[^>]*>([^<]+)</textarea>')


@dataclass
class Device:
    """One Pause app: its HTTP client, its circles service and its store."""

    client: TestClient
    svc: CirclesService
    store: Store
    who: DeviceIdentity

    def api(self, method: str, path: str, **kw: Any) -> Response:
        return self.client.request(method, f"/api/v1{path}", **kw)

    def form(self, path: str, data: dict[str, str] | None = None, **kw: Any) -> Response:
        return self.client.post(path, data=data, headers=PAGE, follow_redirects=False, **kw)

    def page(self, path: str) -> Response:
        return self.client.get(path, headers={"accept": "text/html"})


class Net:
    def __init__(self, relay: TestClient, url: str) -> None:
        self.relay = relay
        self.engine = create_engine(url)

    def device(
        self,
        screener: ScreenerLike | None = None,
        *,
        like: Device | None = None,
        down: bool = False,
    ) -> Device:
        """A Pause app. `like`: the same store and key as that app (the same person, e.g.
        opening Pause again); `down`: every relay call goes to a closed local port."""
        store = like.store if like else Store.memory()
        who = like.who if like else DeviceIdentity.generate()
        fake = screener or FakeScreener()
        svc = circles_device(store, lambda: fake, who=who, http=self.relay, down=down)
        app = create_app(store=store, screener_factory=lambda terms: FakeScreener(terms),
                         circles=svc)  # fmt: skip
        return Device(TestClient(app, base_url=APP), svc, store, who)

    def rows(self, table: str = "messages") -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(text(f"SELECT count(*) FROM {table}")) or 0)


@pytest.fixture
def net(postgres_server: str) -> Iterator[Net]:
    url = fresh_pg_url(postgres_server)
    with TestClient(create_relay_app(url)) as relay:
        n = Net(relay, url)
        yield n
        n.engine.dispose()


def new_circle(owner: Device, *others: tuple[Device, str]) -> str:
    r = owner.api("POST", "/circles", json={"name": "Thursday peers", "relay_url": RELAY,
                                            "my_name": "Ana"})  # fmt: skip
    assert r.status_code == 201, r.text
    cid = str(r.json()["circle"]["id"])
    for d, name in others:
        code = owner.api("POST", f"/circles/{cid}/invites").json()["code"]
        r = d.api("POST", "/join", json={"code": code, "my_name": name})
        assert r.status_code == 200, r.text
    return cid


def intern_code(sup: Device) -> str:
    link = {"label": "Sam", "relay_url": RELAY, "my_name": "Dr Lee"}
    r = sup.api("POST", "/review/interns", json=link)
    assert r.status_code == 201, r.text
    return str(r.json()["code"])


def plain_error(r: Response, status: int) -> str:
    """A refusal in the one error shape: the status, a plain message, no traceback."""
    assert r.status_code == status, r.text
    assert "Traceback" not in r.text and 'File "' not in r.text
    if r.headers["content-type"].startswith("application/json"):
        body = r.json()
        assert body["ok"] is False and body["status"] == status
        assert isinstance(body["error"], str) and body["error"]
        return str(body["error"])
    return r.text


# -- 1. the JSON twins ----------------------------------------------------------------------


def test_json_create_invite_join_vent_reply_been_there_remove_forget(net: Net) -> None:
    ana, ben, cy = net.device(), net.device(), net.device()
    r = ana.api("POST", "/circles", json={"name": "Thursday peers", "relay_url": RELAY,
                                          "my_name": "Ana", "expiry_days": 14})  # fmt: skip
    assert r.status_code == 201
    circle = r.json()["circle"]
    cid = circle["id"]
    assert (circle["name"], circle["role"], circle["expiry_days"]) == ("Thursday peers",
                                                                       "owner", 14)  # fmt: skip
    assert [(m["name"], m["owner"]) for m in circle["members"]] == [("Ana", True)]
    r = ana.api("POST", f"/circles/{cid}/invites")
    assert r.status_code == 201 and isinstance(r.json()["code"], str)
    joined = ben.api("POST", "/join", json={"code": r.json()["code"], "my_name": "Ben"})
    assert joined.status_code == 200
    assert joined.json()["circle"]["name"] == "Thursday peers"  # from the owner, encrypted
    assert joined.json()["circle"]["role"] == "member"
    code = ana.api("POST", f"/circles/{cid}/invites").json()["code"]
    assert cy.api("POST", "/join", json={"code": code, "my_name": "Cy"}).status_code == 200
    for d in (ana, ben, cy):
        got = d.api("GET", f"/circles/{cid}").json()
        assert {m["name"] for m in got["circle"]["members"]} == {"Ana", "Ben", "Cy"}
        assert got["sync"]["unreachable"] is None

    dismissed = "A client cancelled for the third time and I feel dismissed."
    r = ben.api("POST", f"/circles/{cid}/messages", json={"text": dismissed})
    assert r.status_code == 201
    vent = r.json()["message"]
    assert vent["kind"] == "vent" and vent["ref"] is None
    ana.api("GET", f"/circles/{cid}")
    r = ana.api("POST", f"/circles/{cid}/messages",
                json={"text": "Same here this month. It is not about you.",
                      "reply_to": vent["uid"]})  # fmt: skip
    assert r.status_code == 201 and r.json()["message"]["ref"] == vent["uid"]
    cy.api("GET", f"/circles/{cid}")
    assert cy.api("POST", f"/circles/{cid}/messages/{vent['uid']}/been-there").json() == {
        "ok": True, "added": True}  # fmt: skip
    again = cy.api("POST", f"/circles/{cid}/messages/{vent['uid']}/been-there")
    assert again.json()["added"] is False  # once per member

    (item,) = ben.api("GET", f"/circles/{cid}").json()["thread"]
    assert item["mine"] and item["author"] == "you" and item["been_there"] == 1
    assert [(x["author"], x["text"]) for x in item["replies"]] == [
        ("Ana", "Same here this month. It is not about you.")]  # fmt: skip
    (seen,) = cy.api("GET", f"/circles/{cid}").json()["thread"]
    assert seen["author"] == "Ben" and not seen["mine"] and seen["been_there_by_me"]

    # Remove Cy: Cy's app shows it, cannot send; Ana and Ben go on under a new key.
    r = ana.api("DELETE", f"/circles/{cid}/members/{cy.svc.me}")
    assert r.status_code == 200
    after = cy.api("GET", f"/circles/{cid}").json()
    assert after["circle"]["removed"] is True and after["sync"]["removed"] is True
    before = net.rows()
    assert plain_error(cy.api("POST", f"/circles/{cid}/messages", json={"text": VENT}), 403)
    assert net.rows() == before
    r = ana.api("POST", f"/circles/{cid}/messages", json={"text": "After the change: tired."})
    assert r.status_code == 201
    ana_view = ana.api("GET", f"/circles/{cid}").json()
    assert ana_view["circle"]["epoch"] == 1
    assert {m["name"] for m in ana_view["circle"]["members"]} == {"Ana", "Ben"}
    ben_texts = [t["text"] for t in ben.api("GET", f"/circles/{cid}").json()["thread"]]
    assert "After the change: tired." in ben_texts
    cy_texts = [t["text"] for t in cy.api("GET", f"/circles/{cid}").json()["thread"]]
    assert "After the change: tired." not in cy_texts

    # Forget: gone from this device only.
    assert ben.api("DELETE", f"/circles/{cid}").json() == {"ok": True}
    plain_error(ben.api("GET", f"/circles/{cid}"), 404)
    assert ben.api("GET", "/circles").json()["circles"] == []
    assert len(ana.api("GET", f"/circles/{cid}").json()["thread"]) == 2


def test_json_review_round_trip(net: Net) -> None:
    sup, intern = net.device(), net.device()
    r = sup.api("POST", "/review/interns", json={"label": "Sam (intern)", "relay_url": RELAY,
                                                 "my_name": "Dr Lee"})  # fmt: skip
    assert r.status_code == 201
    link = r.json()["link"]
    assert link["kind"] == "supervision"
    joined = intern.api("POST", "/join", json={"code": r.json()["code"], "my_name": "Sam"})
    assert joined.status_code == 200 and joined.json()["circle"]["kind"] == "supervision"
    r = intern.api("POST", "/review/requests", json={"text": RISKY, "platform": "facebook"})
    assert r.status_code == 201
    uid = r.json()["request"]["uid"]
    (item,) = sup.api("GET", "/review").json()["queue"]
    assert item["intern"] == "Sam" and item["request"]["assessment"]["verdict"] == "hold"
    path = f"/review/{link['id']}/requests/{uid}/answer"
    msg = plain_error(sup.api("POST", path, json={"answer": "revise"}), 422)
    assert "revise" in msg
    r = sup.api("POST", path, json={"answer": "revise", "comment": "Drop her age and name."})
    assert r.status_code == 201
    plain_error(sup.api("POST", path, json={"answer": "approve"}), 409)
    (mine,) = intern.api("GET", "/review").json()["sent"]
    assert mine["answer"]["answer"] == "revise"
    assert mine["answer"]["comment"] == "Drop her age and name."
    plain_error(intern.api("POST", path, json={"answer": "approve"}), 403)


# -- 2. screening: nothing identifying leaves -----------------------------------------------


def test_json_vent_with_a_client_name_is_422_and_nothing_reaches_the_relay(net: Net) -> None:
    ana, ben = net.device(), net.device()
    cid = new_circle(ana, (ben, "Ben"))
    before = net.rows()
    r = ben.api("POST", f"/circles/{cid}/messages", json={"text": NAMED})
    plain_error(r, 422)
    check = r.json()["check"]
    assert check["sendable"] is False
    assert [(p["kind"], p["excerpt"]) for p in check["problems"]] == [("identifier", "Rosa")]
    assert check["deidentified"] == "[name] missed again and I am so tired of it."
    assert check["deidentified_sendable"] is True
    assert net.rows() == before
    assert ben.api("GET", f"/circles/{cid}").json()["thread"] == []
    # The dry run says the same and sends nothing either.
    dry = ben.api("POST", f"/circles/{cid}/check", json={"text": NAMED})
    assert dry.status_code == 200 and dry.json()["problems"] == check["problems"]
    assert net.rows() == before
    r = ben.api("POST", f"/circles/{cid}/messages", json={"text": check["deidentified"]})
    assert r.status_code == 201 and net.rows() == before + 1
    (item,) = ana.api("GET", f"/circles/{cid}").json()["thread"]
    assert item["text"] == check["deidentified"] and "Rosa" not in item["text"]


@pytest.fixture(scope="module")
def real_screener() -> ScreenerLike:
    from pausepost.config import Config
    from pausepost.core.screener import Screener

    return Screener.default(Config.load())


def test_json_vent_with_a_consent_claim_is_422(net: Net, real_screener: ScreenerLike) -> None:
    ana, ben = net.device(), net.device(real_screener)
    cid = new_circle(ana, (ben, "Ben"))
    before = net.rows()
    r = ben.api("POST", f"/circles/{cid}/messages",
                json={"text": "She said I could share this. I feel so unappreciated."})  # fmt: skip
    plain_error(r, 422)
    check = r.json()["check"]
    assert [p["kind"] for p in check["problems"]] == ["consent_claim"]
    assert "theirs" in check["problems"][0]["reason"]
    assert net.rows() == before
    assert check["deidentified"] == "I feel so unappreciated." and check["deidentified_sendable"]
    r = ben.api("POST", f"/circles/{cid}/messages", json={"text": check["deidentified"]})
    assert r.status_code == 201 and net.rows() == before + 1


def test_page_vent_with_a_name_shows_problems_and_sends_the_deidentified_version(
    net: Net,
) -> None:
    ana, ben = net.device(), net.device()
    cid = new_circle(ana, (ben, "Ben"))
    before = net.rows()
    r = ben.form(f"/circles/{cid}/vent", {"text": NAMED}, files={"image": ("", b"")})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert '<mark class="flag">Rosa</mark>' in r.text
    assert 'data-kind="identifier"' in r.text and "Not sent" in r.text
    assert net.rows() == before
    send = re.search(r'<input type="hidden" name="text" value="([^"]*)">\s*'
                     r'<button type="submit" id="send-deidentified">', r.text)  # fmt: skip
    assert send is not None
    version = html.unescape(send.group(1))
    assert version == "[name] missed again and I am so tired of it."
    r = ben.form(f"/circles/{cid}/vent", {"text": version})
    assert r.status_code == 303 and r.headers["location"].startswith(f"/circles/{cid}?sent=1")
    assert net.rows() == before + 1
    assert html.escape(version) in ana.page(f"/circles/{cid}").text


def _needs_image_tools() -> None:
    pytest.importorskip("cv2")
    from pausepost.media.ocr import tesseract_path

    if tesseract_path() is None:
        pytest.skip("tesseract is not installed")


def test_page_vent_with_a_photo_of_a_handwritten_note_is_422(net: Net) -> None:
    _needs_image_tools()
    import media_samples as S

    ana, ben = net.device(), net.device()
    cid = new_circle(ana, (ben, "Ben"))
    before = net.rows()
    note = S.png_bytes(S.note_handwritten())
    r = ben.form(f"/circles/{cid}/vent", {"text": VENT},
                 files={"image": ("note.png", note, "image/png")})  # fmt: skip
    assert r.status_code == 422, r.text[:400]
    item = re.search(r'<li data-kind="picture">(.*?)</li>', r.text, re.S)
    assert item is not None and "note.png" in item.group(1) and "handwriting" in item.group(1)
    assert net.rows() == before
    # The words alone may go: "Send this version" sends them, without the picture.
    assert 'id="send-deidentified"' in r.text
    r = ben.form(f"/circles/{cid}/vent", {"text": VENT})
    assert r.status_code == 303 and net.rows() == before + 1


# -- 3. pages with JavaScript off -----------------------------------------------------------


def test_pages_circle_create_invite_join_vent_been_there_remove(net: Net) -> None:
    ana, ben, cy = net.device(), net.device(), net.device()
    assert ana.page("/circles").status_code == 200
    r = ana.form("/circles", {"name": "Thursday peers", "relay_url": RELAY, "my_name": "Ana",
                              "expiry_days": "30"})  # fmt: skip
    assert r.status_code == 303
    m = re.fullmatch(r"/circles/([A-Za-z0-9_-]{22})\?created=1", r.headers["location"])
    assert m is not None
    cid = m.group(1)
    assert "Circle created" in ana.page(r.headers["location"]).text
    codes = {}
    for d, name in ((ben, "Ben"), (cy, "Cy")):
        r = ana.form(f"/circles/{cid}/invite")
        assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
        found = CODE_BOX.search(r.text)
        assert found is not None
        codes[name] = html.unescape(found.group(1))
        assert 'id="invite-box"' in r.text
        r = d.form("/circles/join", {"code": codes[name], "my_name": name})
        assert r.status_code == 303 and r.headers["location"] == f"/circles/{cid}?joined=1"
    assert ana.page(f"/circles/{cid}").headers["cache-control"] == "no-store"  # every page
    assert codes["Ben"] not in ana.page(f"/circles/{cid}").text  # shown once

    r = ben.form(f"/circles/{cid}/vent", {"text": VENT}, files={"image": ("", b"")})
    assert r.status_code == 303 and "?sent=1#m-" in r.headers["location"]
    uid = r.headers["location"].split("#m-")[1]
    page = ana.page(f"/circles/{cid}").text
    assert f'id="m-{uid}"' in page and VENT in page
    button = f'action="/circles/{cid}/been-there/{uid}"'
    assert button in page
    r = ana.form(f"/circles/{cid}/been-there/{uid}")
    assert r.status_code == 303
    page = ana.page(f"/circles/{cid}").text
    assert button not in page  # given once
    assert "1 said “I’ve been there”" in ben.page(f"/circles/{cid}").text

    # A reply from the thread's form, as Cy sees it.
    assert f'name="reply_to" value="{uid}"' in cy.page(f"/circles/{cid}").text
    r = cy.form(f"/circles/{cid}/vent", {"text": "Same here.", "reply_to": uid})
    assert r.status_code == 303
    assert re.search(r'class="reply">.*?Same here\.', ana.page(f"/circles/{cid}").text, re.S)

    remove = f'action="/circles/{cid}/members/{cy.svc.me}/remove"'
    assert remove in ana.page(f"/circles/{cid}").text
    assert remove not in ben.page(f"/circles/{cid}").text  # owner only
    r = ana.form(f"/circles/{cid}/members/{cy.svc.me}/remove")
    assert r.status_code == 303 and r.headers["location"] == f"/circles/{cid}?removed=1"
    assert "a new key" in ana.page(r.headers["location"]).text
    cy_page = cy.page(f"/circles/{cid}")
    assert cy_page.status_code == 200 and 'id="removed-notice"' in cy_page.text
    assert 'id="vent-form"' not in cy_page.text
    r = cy.form(f"/circles/{cid}/vent", {"text": VENT})
    assert r.status_code == 403 and "no longer a member" in r.text

    r = ben.form(f"/circles/{cid}/forget")
    assert r.status_code == 303 and r.headers["location"] == "/circles"
    assert ben.page(f"/circles/{cid}").status_code == 404


def test_pages_supervisor_review_round_trip(net: Net) -> None:
    sup, intern = net.device(), net.device()
    r = sup.form("/review/interns", {"label": "Sam (intern)", "relay_url": RELAY,
                                     "my_name": "Dr Lee"})  # fmt: skip
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    found = CODE_BOX.search(r.text)
    assert found is not None
    r = intern.form("/circles/join", {"code": html.unescape(found.group(1)), "my_name": "Sam",
                                      "back": "review"})  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/review?joined=1"
    assert "Linked with your supervisor" in intern.page("/review?joined=1").text

    assert 'id="ask-supervisor"' not in sup.page("/").text  # a supervisor has no one to ask
    assert 'id="ask-supervisor"' in intern.page("/").text  # in the compose form, check or not
    page = intern.form("/", {"text": RISKY, "platform": "facebook"})
    assert page.status_code == 200 and 'id="ask-supervisor"' in page.text
    r = intern.form("/review/ask", {"text": RISKY, "platform": "facebook", "audience": ""})
    assert r.status_code == 303 and r.headers["location"] == "/review?asked=1"
    assert html.escape(RISKY) in intern.page("/review?asked=1").text

    queue = sup.page("/review").text
    assert html.escape(RISKY) in queue
    assert '<mark class="flag">Rosa</mark>' in queue and "verdict-hold" in queue
    form = re.search(r'<form method="post" action="(/review/[^"]+/answer/[^"]+)"', queue)
    assert form is not None
    action = form.group(1)
    r = sup.form(action, {"answer": "revise", "comment": ""})
    assert r.status_code == 422 and "say what to revise" in r.text
    assert 'id="review-error"' in r.text
    r = sup.form(action, {"answer": "revise", "comment": "Keep the joy, drop her age."})
    assert r.status_code == 303 and r.headers["location"].startswith("/review?answered=1")
    assert 'data-answer="revise"' in sup.page("/review").text

    compose = intern.page("/").text
    answers = re.search(r'<section [^>]*id="supervisor-answers">(.*?)</section>', compose, re.S)
    assert answers is not None
    assert 'data-answer="revise"' in answers.group(1)
    assert "Keep the joy, drop her age." in answers.group(1)
    journal = intern.page("/journal").text
    assert "asked my supervisor" in journal and 'data-answer="revise"' in journal
    # The check and the question are one journal entry, which holds the answer.
    assert [(e.decision, e.review_answer) for e in intern.store.journal()] == [
        ("ask_supervisor", "revise")]  # fmt: skip


# -- 4. a paired extension is refused -------------------------------------------------------


def _pair(d: Device) -> str:
    r = d.client.post("/pair", data={"origin": EXT, "name": "Chrome", "answer": "allow"},
                      headers={"origin": APP, "accept": "text/html"})  # fmt: skip
    found = re.search(r'data-secret="([0-9a-f]{64})"', r.text)
    assert r.status_code == 200 and found is not None
    return found.group(1)


def test_api_refuses_a_paired_extension_on_every_circles_and_review_route(net: Net) -> None:
    ana = net.device()
    cid = new_circle(ana)
    secret = _pair(ana)
    uid, key = "0" * 8 + "-0000-0000-0000-" + "0" * 12, "A" * 43
    routes = [(r.path, m) for r in circles_api.router.routes if isinstance(r, APIRoute)
              for m in sorted(r.methods)]  # fmt: skip
    assert len(routes) == 14
    fill = {"{circle_id}": cid, "{link_id}": cid, "{uid}": uid, "{member_key}": key}
    for path, method in routes:
        for name, value in fill.items():
            path = path.replace(name, value)
        body = {"json": {}} if method == "POST" else {}
        for headers in ({"origin": EXT, "authorization": f"Pause {secret}"},
                        {"authorization": f"Pause {secret}"}):  # fmt: skip
            r = ana.client.request(method, path, headers=headers, **body)
            assert r.status_code == 403, (method, path, r.text)
            assert "Pause's own pages" in r.json()["error"], (method, path)
    bad_id = ana.client.get("/api/v1/circles/not-an-id", headers={"origin": EXT,
                            "authorization": f"Pause {secret}"})  # fmt: skip
    assert bad_id.status_code == 403
    # The app itself still gets in.
    assert ana.api("GET", f"/circles/{cid}").status_code == 200


# -- 5. the relay is down -------------------------------------------------------------------


def test_relay_down_pages_render_and_sending_says_so(net: Net) -> None:
    up = net.device()
    cid = new_circle(up)
    assert up.api("POST", f"/circles/{cid}/messages", json={"text": VENT}).status_code == 201
    sup = net.device()
    code = intern_code(sup)
    assert up.api("POST", "/join", json={"code": code, "my_name": "Ana"}).status_code == 200
    down = net.device(like=up, down=True)

    page = down.page(f"/circles/{cid}")
    assert page.status_code == 200
    assert 'id="sync-status"' in page.text and "Could not reach the relay" in page.text
    assert VENT in page.text  # the thread from this device
    got = down.api("GET", f"/circles/{cid}")
    assert got.status_code == 200 and got.json()["sync"]["unreachable"]
    assert [t["text"] for t in got.json()["thread"]] == [VENT]

    msg = plain_error(down.api("POST", f"/circles/{cid}/messages", json={"text": VENT}), 502)
    assert "could not reach the relay" in msg
    r = down.form(f"/circles/{cid}/vent", {"text": VENT}, files={"image": ("", b"")})
    assert r.status_code == 502 and "could not reach the relay" in r.text
    assert f">{html.escape(VENT)}</textarea>" in r.text  # what was typed is not lost
    assert r.headers["content-type"].startswith("text/html")
    r = down.form(f"/circles/{cid}/invite")
    assert r.status_code == 502 and "could not reach the relay" in r.text
    r = down.form("/circles", {"name": "New", "relay_url": RELAY, "my_name": "Ana"})
    assert r.status_code == 502 and "could not reach the relay" in r.text
    plain_error(down.api("POST", "/circles", json={"name": "New", "relay_url": RELAY,
                                                   "my_name": "Ana"}), 502)  # fmt: skip

    for path in ("/circles", "/review", "/", "/journal"):
        r = down.page(path)
        assert r.status_code == 200, path
    assert "Could not reach a relay" in down.page("/review").text
    assert down.api("GET", "/review").status_code == 200
    r = down.form("/review/ask", {"text": VENT})
    assert r.status_code == 502 and "could not reach the relay" in r.text
    assert 'id="unsent-form"' in r.text and html.escape(VENT) in r.text
    plain_error(down.api("POST", "/review/requests", json={"text": VENT}), 502)


# -- 6. bad input ---------------------------------------------------------------------------


def test_bad_input_is_a_plain_4xx(net: Net) -> None:
    ana, ben = net.device(), net.device()
    cid = new_circle(ana, (ben, "Ben"))
    unknown_cid = "B" * 22
    uid = "0" * 8 + "-0000-0000-0000-" + "0" * 12

    extra = {"name": "x", "relay_url": RELAY, "my_name": "A", "colour": "red"}
    plain_error(ana.api("POST", "/circles", json=extra), 422)
    plain_error(ana.api("POST", f"/circles/{cid}/messages",
                        json={"text": VENT, "mood": "low"}), 422)  # fmt: skip
    for code in ("not-a-code", "pause1:" + "A" * 40, "x" * 1000, "🙂"):
        msg = plain_error(ben.api("POST", "/join", json={"code": code, "my_name": "Ben"}), 422)
        assert "invitation" in msg.lower() or "code" in msg.lower(), msg
    page = ben.form("/circles/join", {"code": "not-a-code", "my_name": "Ben"})
    assert page.status_code == 422 and "Traceback" not in page.text
    assert 'role="alert"' in page.text

    plain_error(ana.api("GET", f"/circles/{unknown_cid}"), 404)
    plain_error(ana.api("GET", "/circles/not-an-id"), 422)
    plain_error(ana.api("POST", f"/circles/{unknown_cid}/messages", json={"text": VENT}), 404)
    plain_error(ana.api("POST", f"/circles/{cid}/messages/{uid}/been-there"), 404)
    plain_error(ana.api("POST", f"/circles/{cid}/messages",
                        json={"text": VENT, "reply_to": uid}), 404)  # fmt: skip
    assert ana.page(f"/circles/{unknown_cid}").status_code == 404
    assert ana.form(f"/circles/{cid}/been-there/{uid}").status_code == 404
    plain_error(ana.api("DELETE", f"/circles/{cid}/members/{ana.svc.me}"), 409)
    plain_error(ben.api("DELETE", f"/circles/{cid}/members/{ana.svc.me}"), 403)
    plain_error(ben.api("POST", f"/circles/{cid}/invites"), 403)

    before = net.rows()
    plain_error(ana.api("POST", f"/circles/{cid}/messages", json={"text": "x" * 8001}), 422)
    plain_error(ana.api("POST", f"/circles/{cid}/messages", json={"text": "   "}), 422)
    plain_error(ana.api("POST", f"/circles/{cid}/messages", json={"text": "a\x00b"}), 422)
    plain_error(ana.api("POST", f"/circles/{cid}/check", json={"text": " \n "}), 422)
    big = b'{"text": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    r = ana.client.post(f"/api/v1/circles/{cid}/messages", content=big,
                        headers={"content-type": "application/json"})  # fmt: skip
    plain_error(r, 413)
    for text_ in ("   ", "x" * 8001):
        r = ana.form(f"/circles/{cid}/vent", {"text": text_}, files={"image": ("", b"")})
        assert r.status_code in (413, 422) and "Traceback" not in r.text, r.text[:300]
    assert net.rows() == before

    r = ana.form("/circles", {"name": "", "relay_url": RELAY, "my_name": "Ana"})
    assert r.status_code == 422 and 'role="alert"' in r.text
    r = ana.form("/circles", {"name": "P", "relay_url": "ftp://x", "my_name": "Ana"})
    assert r.status_code == 422
    r = ana.form("/circles", {"name": "P", "relay_url": RELAY, "my_name": "A",
                              "expiry_days": "soon"})  # fmt: skip
    assert r.status_code == 422
    plain_error(ana.api("POST", "/review/requests", json={"text": VENT}), 409)
    r = ana.form("/review/ask", {"text": VENT})
    assert r.status_code == 409 and "no supervisor" in r.text
    r = ana.form(f"/review/{cid}/answer/{uid}", {"answer": "maybe"})
    assert r.status_code in (403, 422) and "Traceback" not in r.text


def test_page_ask_refuses_what_the_api_refuses(net: Net) -> None:
    sup, intern = net.device(), net.device()
    code = intern_code(sup)
    assert intern.api("POST", "/join", json={"code": code, "my_name": "Sam"}).status_code == 200
    before = net.rows()
    for field, value in (("platform", "myspace"), ("audience", "everyone"),
                         ("text", "a\x01b"), ("link_id", "not-a-link")):  # fmt: skip
        data = {"text": VENT, field: value}
        api = intern.api("POST", "/review/requests", json=data)
        plain_error(api, 422)
        page = intern.form("/review/ask", data)
        assert page.status_code == 422, (field, page.status_code)
        assert 'id="review-error"' in page.text and f"{field}:" in page.text
    assert net.rows() == before  # nothing went to the supervisor
    assert intern.store.journal() == []


def test_page_vent_with_a_phone_sized_photo_is_the_page_not_a_json_413(net: Net) -> None:
    ana, ben = net.device(), net.device()
    cid = new_circle(ana, (ben, "Ben"))
    before = net.rows()
    photo = b"\x89PNG\r\n\x1a\n" + b"\x00" * 3_000_000  # a phone photo's size, unreadable
    r = ben.form(f"/circles/{cid}/vent", {"text": VENT},
                 files={"image": ("note.png", photo, "image/png")})  # fmt: skip
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert re.search(r'<li data-kind="picture"><strong>note.png</strong>', r.text)
    assert net.rows() == before


def test_without_the_circles_extra_the_api_is_503_and_pages_say_so(net: Net) -> None:
    ana = net.device()
    ana.client.app.state.circles = None  # type: ignore[attr-defined]  # as without PyNaCl
    msg = plain_error(ana.api("GET", "/circles"), 503)
    assert "pausepost[circles]" in msg
    plain_error(ana.api("POST", "/circles", json={"name": "P", "relay_url": RELAY,
                                                  "my_name": "A"}), 503)  # fmt: skip
    r = ana.page("/circles")
    assert r.status_code == 503 and "pausepost[circles]" in html.unescape(r.text)
    for path in ("/", "/journal"):
        assert ana.page(path).status_code == 200, path


def test_json_a_reply_to_a_reply_shows_under_the_vent(net: Net) -> None:
    ana, ben = net.device(), net.device()
    cid = new_circle(ana, (ben, "Ben"))
    vent = ben.api("POST", f"/circles/{cid}/messages", json={"text": VENT}).json()["message"]
    ana.api("GET", f"/circles/{cid}")
    reply = ana.api("POST", f"/circles/{cid}/messages",
                    json={"text": "Same here.", "reply_to": vent["uid"]})  # fmt: skip
    ben.api("GET", f"/circles/{cid}")
    answer = {"text": "Thank you.", "reply_to": reply.json()["message"]["uid"]}
    r = ben.api("POST", f"/circles/{cid}/messages", json=answer)
    assert r.status_code == 201 and r.json()["message"]["ref"] == vent["uid"]
    for d in (ana, ben):
        (item,) = d.api("GET", f"/circles/{cid}").json()["thread"]
        assert [x["text"] for x in item["replies"]] == ["Same here.", "Thank you."]
    # Only vents and replies can be answered.
    ana.api("POST", f"/circles/{cid}/messages/{vent['uid']}/been-there")
    ben.api("GET", f"/circles/{cid}")
    (been,) = ben.svc.rows.messages(cid, kinds=("been_there",))
    r = ben.api("POST", f"/circles/{cid}/messages", json={"text": VENT, "reply_to": been.uid})
    plain_error(r, 404)


def test_cross_site_form_posts_are_refused_and_send_nothing(net: Net) -> None:
    ana, ben = net.device(), net.device()
    cid = new_circle(ana, (ben, "Ben"))
    before = net.rows()
    evil = {"accept": "text/html", "origin": "http://evil.example"}
    posts = [(f"/circles/{cid}/vent", {"text": VENT}), (f"/circles/{cid}/invite", {}),
             ("/review/ask", {"text": VENT}), (f"/circles/{cid}/forget", {})]  # fmt: skip
    for path, data in posts:
        r = ben.client.post(path, data=data, headers=evil, follow_redirects=False)
        assert r.status_code == 403, path
    assert net.rows() == before
    assert ben.api("GET", f"/circles/{cid}").status_code == 200  # not forgotten
    # A bad code on the review page's "I am an intern" form: the review page says why.
    r = ben.form("/circles/join", {"code": "nope", "my_name": "Sam", "back": "review"})
    assert r.status_code == 422 and 'id="review-error"' in r.text
    assert "invitation code" in html.unescape(r.text)


def test_small_refusals_say_what_happened(net: Net) -> None:
    ana, ben = net.device(), net.device()
    cid = new_circle(ana)
    code = ana.api("POST", f"/circles/{cid}/invites").json()["code"]
    assert ben.api("POST", "/join", json={"code": code, "my_name": "Ben"}).status_code == 200
    mine = ana.api("POST", f"/circles/{cid}/messages", json={"text": VENT}).json()["message"]
    msg = plain_error(ana.api("POST", f"/circles/{cid}/messages/{mine['uid']}/been-there"), 409)
    assert "your own" in msg
    msg = plain_error(ana.api("GET", "/circles/not-an-id"), 422)
    assert msg == "the address names no such circle id"

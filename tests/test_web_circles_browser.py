"""Circles and supervisor review in real headless Chromium: three Pause apps, each on its own
local port with its own SQLite file and device key, and one relay on a real PostgreSQL.

axe-core finds no violations on any circles or review page; every form works from the
keyboard alone with a visible focus ring, and with JavaScript off; nothing scrolls sideways
at 1280 or 360 px, even with an invitation code and very long words on the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser_support import browser
from circles_support import circles_device
from test_web_browser import check_a11y, shot
from web_support import RISKY, FakeScreener, fake_factory, fresh_pg_url, postgres_server, served

from pausepost.circles.service import CirclesService
from pausepost.relay import create_relay_app
from pausepost.store import Store
from pausepost.web import PauseService, WebSettings, create_app

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
sync_api = pytest.importorskip("playwright.sync_api")
__all__ = ["browser", "postgres_server"]  # fixtures, re-exported for pytest

LONG_WORD = "Sooo" + "o" * 120 + " tired"
VENT = "A client cancelled for the third time and I feel dismissed. Then annoyed at myself."
REPLY = "Same here this month. It is not about you."
ASKED = f"Our clinic garden is finally planted. Proud of this team. {LONG_WORD}"


@dataclass
class Device:
    url: str
    svc: CirclesService


@dataclass
class Scene:
    relay: str
    ana: Device  # owns "Thursday peers", supervises Ben
    ben: Device  # member, intern
    cy: Device  # member
    circle_id: str
    link_id: str  # Ana <-> Ben supervision link (the same id on both sides)
    waiting_uid: str  # Ben's request Ana has not answered


def _device(stack: ExitStack, relay: str, folder: Path) -> Device:
    # A file store: the server's threads must not share one in-memory SQLite connection.
    store = Store.open(f"sqlite:///{folder / 'pause.db'}")
    stack.callback(store.close)
    svc = circles_device(store, FakeScreener)
    stack.callback(svc.close)
    app = create_app(
        service=PauseService(store, fake_factory), circles=svc,
        settings=WebSettings(relay_url=relay),
    )  # fmt: skip
    return Device(stack.enter_context(served(app)), svc)


@pytest.fixture(scope="module")
def scene(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    with ExitStack() as stack:
        relay = stack.enter_context(served(create_relay_app(fresh_pg_url(postgres_server))))
        ana, ben, cy = (_device(stack, relay, tmp_path_factory.mktemp(n)) for n in "abc")
        c = ana.svc.create(name="Thursday peers", relay_url=relay, my_name="Ana")
        ben.svc.join(ana.svc.invite(c.id), my_name="Ben")
        cy.svc.join(ana.svc.invite(c.id), my_name="Cy")
        vent = ben.svc.send_vent(c.id, VENT)
        ana.svc.sync(c.id)
        cy.svc.sync(c.id)
        ana.svc.send_vent(c.id, REPLY, reply_to=vent.uid)
        cy.svc.been_there(c.id, vent.uid)
        link, code = ana.svc.invite_intern(label="Ben", relay_url=relay, my_name="Ana S.")
        ben.svc.join(code, my_name="Ben")
        first = ben.svc.ask_supervisor(ASKED)
        ana.svc.sync(link.id)
        ana.svc.answer_review(link.id, first.uid, "revise", "Leave out the day of the week.")
        waiting = ben.svc.ask_supervisor(RISKY)
        ben.svc.sync(link.id)
        yield Scene(relay, ana, ben, cy, c.id, link.id, waiting.uid)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp only so that axe-core can be injected; the app itself runs under its CSP.
    ctx = browser.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)
    pg = ctx.new_page()
    pg.set_default_timeout(8000)
    yield pg
    ctx.close()


@pytest.fixture
def nojs(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.set_default_timeout(8000)
    yield pg
    ctx.close()


def focused(page: Any, selector: str) -> bool:
    return bool(page.evaluate("s => document.activeElement?.matches(s) ?? false", selector))


def tab_to(page: Any, selector: str, limit: int = 120) -> None:
    """Press Tab until `selector` has the focus, then check that the focus can be seen."""
    for _ in range(limit):
        if focused(page, selector):
            break
        page.keyboard.press("Tab")
    assert focused(page, selector), f"Tab never reached {selector}"
    ring = page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e);
        return {visible: e.matches(':focus-visible'), style: s.outlineStyle,
                width: parseFloat(s.outlineWidth)}; }"""
    )
    assert ring["visible"] and ring["style"] != "none" and ring["width"] >= 2, ring


def submit_vent(page: Any, text: str) -> None:
    page.locator("#vent-text").fill(text)
    page.locator("#send-button").click()


# -- 1. axe on every page ------------------------------------------------------------------


def test_circles_list_and_circle_page_are_axe_clean(page: Any, scene: Scene) -> None:
    a = scene.ana.url
    page.goto(f"{a}/circles")
    assert "Thursday peers" in page.locator("#circle-list").inner_text()
    check_a11y(page)
    page.goto(f"{a}/circles/{scene.circle_id}")
    vent = page.locator("#thread > li.vent").first
    assert "dismissed" in vent.locator(".vent-text").first.inner_text()
    assert vent.locator(".replies li.reply .vent-text").inner_text() == REPLY
    assert vent.locator(".been-there-count").first.inner_text().startswith("1 said")
    assert page.locator("#members li").count() == 3
    page.locator("#invite-button").click()
    assert page.locator("#invite-code").input_value().startswith("pause1.")
    shot(page, "circle")
    check_a11y(page)


def test_a_vent_naming_a_client_shows_what_to_remove_axe_clean(page: Any, scene: Scene) -> None:
    page.goto(f"{scene.ben.url}/circles/{scene.circle_id}")
    submit_vent(page, "Rosa missed again and I am so tired of it")
    page.wait_for_selector("#vent-problems")
    assert page.locator("#vent-highlighted mark.flag").all_inner_texts() == ["Rosa"]
    assert "Rosa" not in page.locator("#deidentified-text").inner_text()
    assert page.locator("#send-deidentified").is_visible()
    assert page.locator("#vent-text").input_value().startswith("Rosa")  # the draft is kept
    check_a11y(page)


def test_review_pages_are_axe_clean(page: Any, scene: Scene) -> None:
    page.goto(f"{scene.ana.url}/review")
    item = page.locator(f"#r-{scene.waiting_uid}")
    assert item.locator("mark.flag").all_inner_texts() == ["17yo", "Rosa"]
    assert item.locator("input[type=radio]").count() == 3
    check_a11y(page)
    page.goto(f"{scene.ben.url}/review")
    answered = page.locator('#sent li[data-answered="yes"]').first
    assert "Leave out the day of the week." in answered.locator(".answer").inner_text()
    check_a11y(page)


def test_compose_and_journal_with_a_supervisor_are_axe_clean(page: Any, scene: Scene) -> None:
    b = scene.ben.url
    page.goto(b + "/")
    answers = page.locator("#supervisor-answers")
    assert answers.locator('.answer[data-answer="revise"]').count() >= 1
    check_a11y(page)
    page.locator("#text").fill("A quiet day at the clinic.")
    page.evaluate("document.getElementById('check-form').submit()")  # the JS-off path
    page.wait_for_selector("#ask-supervisor")
    check_a11y(page)
    page.goto(b + "/journal")
    answer = page.locator('#journal-table .review-answer[data-answer="revise"]')
    assert answer.count() >= 1
    check_a11y(page)


# -- 2. keyboard only, and JavaScript off ---------------------------------------------------


def test_keyboard_only_circle_invite_vent_reply(page: Any, scene: Scene) -> None:
    page.goto(f"{scene.cy.url}/circles")
    tab_to(page, "#circle-name")
    page.keyboard.type("Keyboard circle")
    tab_to(page, "#my-name")
    page.keyboard.type("Cy")
    tab_to(page, "#create-button")
    page.keyboard.press("Enter")
    page.wait_for_selector("#circle-notice")
    tab_to(page, "#invite-button")
    page.keyboard.press("Enter")
    page.wait_for_selector("#invite-code")
    assert page.locator("#invite-code").input_value().startswith("pause1.")
    tab_to(page, "#vent-text")
    page.keyboard.type("I notice I feel useless after sessions this week.")
    tab_to(page, "#send-button")
    page.keyboard.press("Enter")
    page.wait_for_url("**sent=1**")
    assert "useless" in page.locator("#thread .vent-text").first.inner_text()
    tab_to(page, "#thread details.reply-box summary")
    page.keyboard.press("Enter")
    tab_to(page, "#thread details.reply-box textarea")
    page.keyboard.type("Writing it down helped.")
    tab_to(page, "#thread details.reply-box button")
    page.keyboard.press("Enter")
    page.wait_for_url("**sent=1**")
    assert page.locator("#thread .replies .vent-text").inner_text() == "Writing it down helped."


def test_keyboard_only_answer_a_review(page: Any, scene: Scene) -> None:
    uid = scene.ben.svc.ask_supervisor("Team lunch today, first one since spring.").uid
    page.goto(f"{scene.ana.url}/review")
    tab_to(page, f"#r-{uid} input[value=approve]")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # revise
    page.keyboard.press("ArrowDown")  # don't post
    assert page.locator(f"#r-{uid} input[value=dont_post]").is_checked()
    tab_to(page, f"#comment-{uid}")
    page.keyboard.type("Wait until Monday.")
    tab_to(page, f"#r-{uid} button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#review-notice")
    answer = page.locator(f"#r-{uid} .answer")
    assert answer.get_attribute("data-answer") == "dont_post"
    assert "Wait until Monday." in answer.inner_text()


def test_keyboard_only_ask_my_supervisor_with_javascript_on(page: Any, scene: Scene) -> None:
    # The script checks as you type and draws the result itself: the button must still be
    # there, and must send the draft to the supervisor rather than re-check it.
    page.goto(scene.ben.url + "/")
    tab_to(page, "#text")
    page.keyboard.type("Our new group room has a window seat.")
    page.wait_for_selector('#verdict[data-verdict="post"]')
    tab_to(page, "#ask-supervisor")
    page.keyboard.press("Enter")
    page.wait_for_url("**/review?asked=1")
    sent = page.locator("#sent li", has_text="window seat")
    assert sent.get_attribute("data-answered") == "no"


def test_javascript_off_the_same_forms_work(nojs: Any, scene: Scene) -> None:
    page, c = nojs, scene.cy.url
    page.goto(f"{c}/circles")
    page.locator("#circle-name").fill("No-script circle")
    page.locator("#my-name").fill("Cy")
    page.locator("#create-button").click()
    page.wait_for_selector("#circle-notice")
    page.locator("#invite-button").click()
    code = page.locator("#invite-code").input_value()
    assert code.startswith("pause1.")
    # Ben joins with the code, on his own app, still without JavaScript.
    page.goto(f"{scene.ben.url}/circles")
    page.locator("#join-code").fill(code)
    page.locator("#join-name").fill("Ben")
    page.locator("#join-button").click()
    page.wait_for_url("**joined=1**")
    submit_vent(page, "Rosa's mother shouted at me and I froze.")
    page.wait_for_selector("#vent-problems")
    page.locator("#send-deidentified").click()
    page.wait_for_url("**sent=1**")
    assert "Rosa" not in page.locator("#thread").inner_text()
    # Cy replies and says "I've been there" to Ben's vent.
    page.goto(f"{c}/circles")
    page.get_by_role("link", name="No-script circle").click()
    page.locator("#thread details.reply-box summary").first.click()
    page.locator("#thread details.reply-box textarea").first.fill("That would freeze me too.")
    page.get_by_role("button", name="Check and send the reply").first.click()
    page.wait_for_url("**sent=1**")
    page.locator("#thread button.been-there").first.click()
    assert page.locator("#thread .been-there-count").first.inner_text().startswith("1 said")
    # Ben asks his supervisor from the compose page; Ana answers; Ben sees it.
    page.goto(scene.ben.url + "/")
    page.locator("#text").fill("Our waiting room got new plants.")
    page.get_by_role("button", name="Check").click()
    page.locator("#ask-supervisor").click()
    page.wait_for_url("**asked=1**")
    page.goto(f"{scene.ana.url}/review")
    item = page.locator('#queue li[data-answered="no"]', has_text="waiting room").first
    item.locator("input[value=approve]").check()
    item.get_by_role("button", name="Send the answer").click()
    page.wait_for_url("**answered=1**")
    page.goto(f"{scene.ben.url}/review")
    sent = page.locator("#sent li", has_text="waiting room")
    assert sent.locator(".answer").get_attribute("data-answer") == "approve"


# -- 3. nothing scrolls sideways ------------------------------------------------------------


@pytest.mark.parametrize("width", [1280, 360])
def test_nothing_scrolls_sideways(browser: Any, scene: Scene, width: int) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    page = ctx.new_page()
    page.set_default_timeout(8000)
    wide: dict[str, int] = {}

    def measure(name: str) -> None:
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        w = int(page.evaluate("document.scrollingElement.scrollWidth"))
        if w > width:
            wide[name] = w

    try:
        a, b = scene.ana.url, scene.ben.url
        page.goto(f"{a}/circles")
        measure("circles")
        scene.cy.svc.send_vent(scene.circle_id, f"Tired, {LONG_WORD}")
        page.goto(f"{a}/circles/{scene.circle_id}")
        page.locator("#invite-button").click()
        page.wait_for_selector("#invite-code")
        assert LONG_WORD in page.locator("#thread").inner_text()
        measure("circle with an invitation code and a long word")
        page.goto(f"{b}/circles/{scene.circle_id}")
        submit_vent(page, f"Rosa again. {LONG_WORD}")
        page.wait_for_selector("#vent-problems")
        measure("vent not sent")
        page.goto(f"{a}/review")
        page.locator("#intern-label").fill("Dee")
        page.locator("#sup-name").fill("Ana")
        page.locator("#intern-button").click()
        page.wait_for_selector("#intern-code")
        measure("review, supervisor, with a code")
        page.goto(f"{b}/review")
        measure("review, intern")
        page.goto(b + "/")
        measure("compose")
        page.goto(b + "/journal")
        measure("journal")
    finally:
        ctx.close()
    assert wide == {}, wide

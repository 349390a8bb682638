"""Real headless Chromium (Debian's, driven by Playwright) against a live server.

Deterministic: the app runs with the fake screener. Accessibility is checked with axe-core
when `npm install axe-core` has run (scripts/setup.sh --dev), else with our own checks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import browser
from web_support import CONSENT, REWRITE, RISKY, fake_factory, served

from pausepost.store import Store
from pausepost.web import PauseService, create_app

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")
__all__ = ["browser"]  # the fixture, re-exported for pytest

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
# Set PAUSE_SCREENSHOTS=docs/screenshots to refresh the screenshots in the docs.
SHOTS = os.environ.get("PAUSE_SCREENSHOTS")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    app = create_app(service=PauseService(Store.memory(), fake_factory))
    with served(app) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp only so that axe-core can be injected; the app itself runs under its CSP.
    ctx = browser.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)
    pg = ctx.new_page()
    pg.set_default_timeout(8000)
    yield pg
    ctx.close()


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def check_a11y(page: Any) -> None:
    if AXE.exists():
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))"
        )
        assert result == []
        return
    # Fallback without axe-core: every visible control is labelled.
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input,select,textarea')]
        .filter(e => e.type !== 'hidden' && !e.labels?.length && !e.getAttribute('aria-label'))
        .map(e => e.id || e.name)"""
    )
    assert unlabelled == []


def type_draft(page: Any, text: str) -> None:
    page.locator("#text").fill("")
    page.locator("#text").press_sequentially(text, delay=5)


def test_web_browser_risky_draft_holds_with_highlights(page: Any, server: str) -> None:
    page.goto(server + "/")
    type_draft(page, RISKY)
    page.wait_for_selector('#verdict[data-verdict="hold"]')
    marks = page.locator("#highlighted mark.flag")
    assert marks.all_inner_texts()[0].startswith("17yo")
    assert marks.count() == 2
    tip = page.locator("#highlighted mark.flag .tip").nth(1)
    assert not tip.is_visible()
    marks.nth(1).focus()  # keyboard users get the reason on focus
    assert tip.is_visible() and "name" in tip.inner_text()
    assert page.locator("#reasons li").count() == 2
    assert page.locator("#diff del").count() > 0 and page.locator("#diff ins").count() > 0
    shot(page, "compose")
    check_a11y(page)


def test_web_browser_use_the_rewrite(page: Any, server: str) -> None:
    page.goto(server + "/")
    type_draft(page, RISKY)
    page.wait_for_selector('#verdict[data-verdict="hold"]')
    page.locator("#use-rewrite").click()
    page.wait_for_selector('#verdict[data-verdict="post"]')
    assert page.locator("#text").input_value() == REWRITE
    assert page.locator("#copy-button").inner_text() == "Copy the rewrite"


def test_web_browser_decision_lands_in_the_journal(page: Any, server: str) -> None:
    page.goto(server + "/")
    type_draft(page, RISKY)
    page.wait_for_selector('#verdict[data-verdict="hold"]')
    page.get_by_role("button", name="Keep it private").click()
    page.wait_for_selector("#decide-status a")
    page.locator("#decide-status a").click()
    page.wait_for_url("**/journal*")
    row = page.locator("#journal-table tbody tr").first
    assert "keep private" in row.inner_text() and "Rosa" not in row.inner_text()
    assert page.locator("svg.chart").count() == 3
    shot(page, "journal")
    check_a11y(page)


def test_web_browser_add_and_revoke_consent(page: Any, server: str) -> None:
    page.goto(server + "/consent")
    page.get_by_label("Label (not the client's name)").fill("C-21 poem")
    page.get_by_label("What may be shared").fill("Her poem about hope, without her name")
    page.get_by_label("Facebook").check()
    page.get_by_role("button", name="Add to the ledger").click()
    row = page.locator("#consent-table tr", has_text="C-21 poem")
    assert "active" in row.locator(".status").inner_text()
    shot(page, "consent")
    check_a11y(page)
    row.get_by_role("button", name="Revoke").click()
    row = page.locator("#consent-table tr", has_text="C-21 poem")
    assert "revoked" in row.locator(".status").inner_text()
    # A claim of consent with the revoked entry selected is held.
    page.goto(server + "/")
    page.locator("#platform").select_option("facebook")
    type_draft(page, CONSENT)
    page.wait_for_selector("#verdict[data-verdict]")
    assert page.locator("#consent-field").is_visible()
    page.locator("#consent_id").select_option(label="C-21 poem (revoked)")
    page.wait_for_selector('#reasons li[data-code="consent_ledger_missing"]')
    assert page.locator("#verdict").get_attribute("data-verdict") == "hold"


def test_web_browser_note_to_a_colleague(page: Any, server: str) -> None:
    page.goto(server + "/nudge")
    page.get_by_label("Their post").fill(RISKY)
    page.get_by_label("Their first name (optional)").fill("Sam")
    page.get_by_role("button", name="Draft a note").click()
    note = page.locator("#note-text").inner_text()
    assert note.startswith("Hi Sam,") and "Rosa" not in note
    shot(page, "nudge")
    check_a11y(page)


def test_web_browser_works_with_javascript_off(browser: Any, server: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(server + "/")
    page.locator("#text").fill(RISKY)
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector('#verdict[data-verdict="hold"]')
    assert page.locator("#highlighted mark.flag").count() == 2
    page.get_by_role("button", name="Discard").click()
    page.wait_for_url("**/journal*")
    assert "discard" in page.locator("#journal-table").inner_text()
    ctx.close()


def test_web_browser_keyboard_reaches_the_draft(page: Any, server: str) -> None:
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "text":
            break
    assert page.evaluate("document.activeElement.id") == "text"


def test_web_browser_highlights_after_an_emoji_are_exact(page: Any, server: str) -> None:
    # Server offsets count code points; an emoji is two UTF-16 units in the browser.
    page.goto(server + "/")
    type_draft(page, "🙄😂 so my 17yo client Rosa, again")
    page.wait_for_selector('#verdict[data-verdict="hold"]')
    texts = page.locator("#highlighted mark.flag").evaluate_all(
        "ms => ms.map(m => m.firstChild.textContent)"
    )
    assert texts == ["17yo", "Rosa"]
    assert page.locator("#flags q").all_inner_texts() == ["17yo", "Rosa"]


def test_web_browser_runs_under_its_csp(browser: Any, server: str) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/")
    type_draft(page, RISKY)
    page.wait_for_selector('#verdict[data-verdict="hold"]')
    assert errors == []
    ctx.close()


def test_web_browser_copy_puts_the_chosen_text_on_the_clipboard(browser: Any, server: str) -> None:
    ctx = browser.new_context()
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = ctx.new_page()
    page.goto(server + "/")
    type_draft(page, RISKY)
    page.wait_for_selector('#verdict[data-verdict="hold"]')
    page.locator("#use-rewrite").click()
    page.wait_for_selector('#verdict[data-verdict="post"]')
    page.locator("#copy-button").click()
    page.wait_for_selector("#copy-status:has-text('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == REWRITE
    ctx.close()


def test_web_browser_flag_seems_wrong_adds_to_the_allow_list(page: Any, server: str) -> None:
    page.goto(server + "/")
    type_draft(page, RISKY)
    page.wait_for_selector('#verdict[data-verdict="hold"]')
    item = page.locator("#flags li", has_text="Rosa")
    item.get_by_text("This flag seems wrong").click()
    try:
        item.get_by_role("button", name="add to my allow-list").click()
        page.wait_for_function(
            "() => [...document.querySelectorAll('#highlighted mark')].length === 1"
        )
        assert page.locator("#highlighted mark.flag").first.inner_text().startswith("17yo")
        page.locator("#flags li", has_text="17yo").get_by_text("This flag seems wrong").click()
        page.get_by_role("button", name="Note it on this machine").first.click()
        page.wait_for_selector("#flags [role=status]:has-text('Noted')")
    finally:
        page.request.delete(server + "/api/v1/allow?term=Rosa")  # the server is shared

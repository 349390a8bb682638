"""The pairing pages in real headless Chromium: keyboard only, JavaScript on, axe-core clean.

Shares the live server and browser fixtures of test_web_browser.py.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from test_web_browser import browser, check_a11y, page, server

__all__ = ["browser", "page", "server"]  # fixtures, re-exported for pytest

pytestmark = pytest.mark.browser
EXT = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"


def test_pair_allow_then_revoke_with_the_keyboard(page: Any, server: str) -> None:
    page.goto(f"{server}/pair?origin={quote(EXT, safe='')}&name=Chromium")
    assert page.locator("#pair-origin").inner_text() == EXT
    check_a11y(page)
    page.locator("#pair-allow").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#pair-done")
    out = page.locator("#pause-pairing")
    assert out.get_attribute("data-origin") == EXT
    assert re.fullmatch(r"[0-9a-f]{64}", out.get_attribute("data-secret") or "")
    assert not out.is_visible()
    check_a11y(page)

    page.goto(server + "/settings")
    assert EXT in page.locator("#pairing-table").inner_text()
    check_a11y(page)
    revoke = page.get_by_role("button", name=re.compile("^Revoke the extension in Chromium"))
    revoke.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#revoked-notice")
    assert EXT not in page.content()


def test_pair_cancel_with_the_keyboard(page: Any, server: str) -> None:
    page.goto(f"{server}/pair?origin={quote(EXT, safe='')}&name=Chromium")
    page.locator("#pair-cancel").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#pair-cancelled")
    assert page.locator("#pause-pairing").count() == 0

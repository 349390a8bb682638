"""The audit report in a real browser: a 300-character URL must not make the page scroll
sideways at 1280 px (issue 10, item 10)."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import browser

from pausepost.audit.report_html import render_page
from pausepost.audit.summary import AuditSummary

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")
__all__ = ["browser"]  # the fixture, re-exported for pytest

LONG_URL = "https://example.org/" + "a" * 300
LONG_WORD = "Sooo" + "o" * 250 + " tired"


def _page_html() -> str:
    summary = AuditSummary(export="export-" + "x" * 250 + ".zip", platforms=("x",), layouts=("X",))
    summary.add(
        {
            "id": "l1",
            "verdict": "revise",
            "platform": "x",
            "date": "2021-01-01",
            "text": "Min klient " + LONG_URL,
            "source": "data/tweets.js",
            "reasons": [{"code": "language_unsupported"}],
        }
    )
    summary.verdicts["hold"] += 1
    summary.by_year.setdefault("2020", summary.verdicts.copy())
    flagged = [
        {
            "id": "1",
            "verdict": "hold",
            "concerns": ["identifiable"],
            "date": "2020-01-01",
            "platform": "x",
            "kind": "post",
            "text": f"See {LONG_URL} and {LONG_WORD}",
            "url": LONG_URL,
            "source": "data/" + "d" * 200 + ".js",
            "action": "delete",
            "reasons": [{"message": f"Found {LONG_WORD}", "rules": [LONG_URL]}],
            "rewrite": LONG_WORD,
        }
    ]
    return render_page(summary, flagged)


def test_report_does_not_scroll_sideways_at_1280px(browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    try:
        page.set_content(_page_html())
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 1280
    finally:
        ctx.close()

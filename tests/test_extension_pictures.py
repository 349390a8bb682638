"""The extension checks the pictures attached in a composer when Post is pressed.

Real Chromium with the extension, the eight platform replicas and the Pause app with the fake
screener (test_extension.py's fixtures). Most replicas show an attached picture as a `blob:`
preview, as their sites do; Facebook's and Mastodon's show none (Mastodon's thumbnail is a CSS
background of the uploaded copy). All clear their file input at once, so without a preview
the extension has only the files it kept from the input's change event: the two ways it
finds a picture (content/pictures.js).
The fake screener holds text naming "Rosa"; the picture check reads the text of
`media_samples.note_printed` (a child's thank-you note signed "Rosa, age 9") with the real
OCR, so the media extra and tesseract are needed.
"""

from __future__ import annotations

from typing import Any

import media_samples as m
import pytest
from test_extension import (
    BADGE,
    COMPOSER,
    PANEL,
    SITES,
    SUBMIT,
    _open,
    _panel_buttons,
    _posted,
    _same_dirs_for_the_module,
    _type,
    _worker,
    app_url,
    certificate,
    chromium,
    home,
    paired,
    playwright,
    replica_port,
    site_page,
    store,
)

from pausepost.web.pictures import media_problem

# test_extension.py's fixtures, re-exported for pytest.
__all__ = [
    "_same_dirs_for_the_module", "app_url", "certificate", "chromium", "home", "paired",
    "playwright", "replica_port", "site_page", "store",
]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(media_problem() is not None, reason=str(media_problem())),
]

CAPTION = "A good week on the ward."  # harmless: the fake screener answers post
FILE = "[data-replica-file]"
PICTURES = f"{PANEL} #pause-pictures > li"
# Replicas whose site shows no preview: the panel names the picture by its file's name.
NO_PREVIEW = {"www.facebook.com", "mastodon.social"}


def _note() -> dict[str, Any]:
    # A client's note, with the phone's GPS position in its EXIF.
    data = m.jpeg_bytes(m.note_printed(), exif=m.gps_exif())
    return {"name": "note.jpg", "mimeType": "image/jpeg", "buffer": data}


def _coffee() -> dict[str, Any]:
    return {"name": "coffee.jpg", "mimeType": "image/jpeg", "buffer": m.jpeg_bytes(m.coffee())}


def _attach(page: Any, *files: dict[str, Any]) -> None:
    page.locator(FILE).set_input_files(list(files))


def _posted_pictures(page: Any) -> list[int]:
    return list(page.evaluate("() => window.__postedPictures"))


def _assert_note_stopped(page: Any, heading: str) -> None:
    page.wait_for_selector(f'{PANEL}[data-pause="hold"]')
    assert _posted(page) == []  # stopped before the platform's handler ran
    note = page.locator(PICTURES).first
    assert note.get_attribute("data-verdict") == "hold"
    said = note.inner_text()
    assert said.startswith(heading)
    assert "a note, card or letter" in said
    assert "no faces found" in said
    assert "GPS position in the file: taken at 45.52, -122.68" in said
    assert "Text read:" in said and "Rosa, age 9" in said
    assert "\u201cRosa\u201d: name identifies" in said
    assert "the picture is mostly a note, card or letter" in said
    # The draft's own text is harmless: nothing marked in it.
    assert page.locator(f"{PANEL} mark").count() == 0


@pytest.mark.parametrize("host", list(SITES))
def test_extension_stops_a_harmless_caption_with_a_clients_note(site_page: Any, host: str) -> None:
    page = site_page
    _open(page, host)
    _type(page, CAPTION)
    # The caption alone was checked while typing and looks fine ...
    page.wait_for_selector(f'{BADGE}[data-state="post"]')
    # ... but the picture attached to it is a client's note.
    _attach(page, _note())
    page.locator(SUBMIT).click()
    # A preview carries no file name; a kept file does.
    _assert_note_stopped(
        page, "Picture 1 (note.jpg): hold" if host in NO_PREVIEW else "Picture 1: hold"
    )
    assert _panel_buttons(page)[-3:] == ["Post anyway", "Keep it private", "Cancel"]
    # "Post anyway" replays the press: the platform gets the caption and the picture.
    page.get_by_role("button", name="Post anyway").click()
    page.wait_for_function("() => window.__posted.length === 1")
    assert _posted(page) == [CAPTION]
    assert _posted_pictures(page) == [1]


@pytest.mark.parametrize("host", list(SITES))
def test_extension_lets_a_harmless_photo_through(site_page: Any, host: str) -> None:
    page = site_page
    _open(page, host)
    _type(page, CAPTION)
    _attach(page, _coffee())
    page.locator(SUBMIT).click()
    page.wait_for_function("() => window.__posted.length === 1")
    assert _posted(page) == [CAPTION]
    assert _posted_pictures(page) == [1]
    assert page.locator("pause-panel").count() == 0


def test_extension_checks_every_picture_and_keeps_none(site_page: Any) -> None:
    page = site_page
    _open(page, "x.com")
    page.locator(COMPOSER).click()  # a picture with no caption is checked too
    _attach(page, _coffee(), _note())
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(f'{PANEL}[data-pause="hold"]')
    assert _posted(page) == []
    items = page.locator(PICTURES)
    assert items.count() == 2
    assert items.nth(0).get_attribute("data-verdict") == "post"
    assert items.nth(0).inner_text().startswith("Picture 1: looks fine")
    assert items.nth(1).get_attribute("data-verdict") == "hold"
    page.get_by_role("button", name="Cancel").click()
    assert _posted(page) == []
    # Nothing of the pictures (or the draft) is kept in the extension's storage.
    stored = _worker(page.context).evaluate(
        """async () => [Object.keys(await chrome.storage.local.get(null)),
          Object.keys(await chrome.storage.session.get(null))]"""
    )
    assert sorted(stored[0]) == ["pairing", "settings"]
    assert stored[1] == []


def test_extension_says_so_when_a_picture_cannot_be_read(site_page: Any) -> None:
    page = site_page
    _open(page, "x.com")
    _type(page, CAPTION)
    page.wait_for_selector(f'{BADGE}[data-state="post"]')
    _attach(page, _note())
    # The page revoked its preview's blob: the extension cannot read the picture.
    page.evaluate(
        """() => document.querySelectorAll('[data-testid="attachments"] img')
                   .forEach((img) => URL.revokeObjectURL(img.src))"""
    )
    page.locator(SUBMIT).click()
    page.wait_for_selector(f'{PANEL}[data-pause="unchecked"]')
    assert page.locator(f"{PANEL} h2").inner_text() == "Pause could not check the attached picture"
    assert "could not be read" in page.locator(f"{PANEL} #pause-summary").inner_text()
    assert _panel_buttons(page) == ["Post anyway", "Cancel"]
    assert _posted(page) == []


def test_extension_says_so_when_the_app_refuses_the_picture(site_page: Any) -> None:
    page = site_page
    _open(page, "www.facebook.com")
    _type(page, CAPTION)
    bad = {"name": "scan.png", "mimeType": "image/png", "buffer": b"not a picture at all"}
    _attach(page, bad)
    page.locator(SUBMIT).click()
    page.wait_for_selector(f'{PANEL}[data-pause="unchecked"]')
    assert page.locator(f"{PANEL} h2").inner_text() == "Pause could not check the attached picture"
    assert "image 1 (scan.png)" in page.locator(f"{PANEL} #pause-summary").inner_text()
    assert _posted(page) == []

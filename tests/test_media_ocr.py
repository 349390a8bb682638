"""OCR: exact words from rendered notes, and boxes that sit on the words' own pixels."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image, ImageChops

pytest.importorskip("cv2")
import media_samples as S

from pausepost.media.geometry import Box
from pausepost.media.ocr import read_text, tesseract_path

pytestmark = pytest.mark.skipif(tesseract_path() is None, reason="tesseract is not installed")

NOTE_WORDS = [
    "Dear", "Ms", "Kim,", "thank", "you", "for", "everything.",
    "Rosa,", "age", "9", "Lincoln", "Elementary",
]  # fmt: skip

Render = Callable[[str], Image.Image]
CASES: dict[str, Render] = {
    "printed": lambda text: S.note_printed(text),
    "handwriting": lambda text: S.note_handwritten(text),
    "printed_rotated_8": lambda text: S.rotated(S.note_printed(text), 8),
    "handwriting_rotated_-6": lambda text: S.rotated(S.note_handwritten(text), -6),
    "low_contrast": lambda text: S.low_contrast(text),
}


def _truth_box(render: Render, word: str) -> Box:
    """Where `word` (last on its line) really is: the pixels that change without it."""
    with_word = render(S.NOTE_TEXT).convert("L")
    without = render(S.NOTE_TEXT.replace(word, " " * len(word))).convert("L")
    ys, xs = np.nonzero(np.asarray(ImageChops.difference(with_word, without)) > 15)
    return Box(int(xs.min()), int(ys.min()), int(xs.max() - xs.min()), int(ys.max() - ys.min()))


def _iou(a: Box, b: Box) -> float:
    ix = max(0, min(a.right, b.right) - max(a.x, b.x))
    iy = max(0, min(a.bottom, b.bottom) - max(a.y, b.y))
    inter = ix * iy
    return inter / (a.area + b.area - inter)


@pytest.mark.parametrize("case", sorted(CASES))
def test_media_ocr_reads_every_word_of_the_note(case: str) -> None:
    result = read_text(CASES[case](S.NOTE_TEXT))
    assert result.complete
    assert [w.text for w in result.words] == NOTE_WORDS


@pytest.mark.parametrize("case", sorted(CASES))
def test_media_ocr_box_sits_on_the_word(case: str) -> None:
    render = CASES[case]
    result = read_text(render(S.NOTE_TEXT))
    (word,) = [w for w in result.words if w.text == "Elementary"]
    assert _iou(word.box, _truth_box(render, "Elementary")) > 0.6


def test_media_ocr_offsets_point_into_the_text() -> None:
    result = read_text(S.note_printed())
    assert (
        result.text == "Dear Ms Kim,\nthank you for\neverything.\n\nRosa, age 9\nLincoln Elementary"
    )
    for w in result.words:
        assert result.text[w.start : w.end] == w.text
    start = result.text.index("Lincoln Elementary")
    found = result.words_between(start, start + len("Lincoln Elementary"))
    assert [w.text for w in found] == ["Lincoln", "Elementary"]


def test_media_ocr_boxes_scale_to_the_original() -> None:
    half = S.note_printed().resize((540, 540))
    result = read_text(half, to_original=2.0)
    (word,) = [w for w in result.words if w.text == "Elementary"]
    assert _iou(word.box, _truth_box(CASES["printed"], "Elementary")) > 0.6


def test_media_ocr_finds_nothing_in_a_photo_without_text() -> None:
    assert read_text(S.coffee()).words == ()


def test_media_ocr_says_when_tesseract_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAUSEPOST_TESSERACT", "/nonexistent/tesseract")
    result = read_text(S.note_printed())
    assert not result.complete and result.words == ()
    assert result.note and "could not be started" in result.note


def test_media_ocr_time_limit_stops_it() -> None:
    result = read_text(S.newspaper(), timeout_s=0.01)
    assert not result.complete
    assert result.note == "reading text in the image took over 0.01 s and was stopped"

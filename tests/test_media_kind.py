"""What each generated picture is, end to end through `analyze_image`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from PIL import Image

pytest.importorskip("cv2")
import media_samples as S

from pausepost.core.types import ImageRef
from pausepost.media import ImageKind, analyze_image
from pausepost.media.kind import AGE, CARE, NAME, ROOM, KindFeatures, looks_printed, settle
from pausepost.media.ocr import tesseract_path

pytestmark = pytest.mark.skipif(tesseract_path() is None, reason="tesseract is not installed")

CASES: list[tuple[str, Callable[[], Image.Image], ImageKind]] = [
    ("printed note", S.note_printed, ImageKind.NOTE),
    ("handwritten note", S.note_handwritten, ImageKind.NOTE),
    ("note photographed at 8 degrees", lambda: S.rotated(S.note_printed(), 8), ImageKind.NOTE),
    ("pale pencil note", S.low_contrast, ImageKind.NOTE),
    (
        "harmless thank-you card",
        lambda: S.note_handwritten("Thank you\nfor listening.\nLove,\nR"),
        ImageKind.NOTE,
    ),
    ("newspaper clipping", S.newspaper, ImageKind.CLIPPING),
    ("chat screenshot", S.chat_screenshot, ImageKind.SCREENSHOT),
    ("child's drawing with writing", S.drawing_with_writing, ImageKind.DRAWING),
    ("quote card", S.quote_card, ImageKind.TEXT_GRAPHIC),
    ("thank-you card in large type", lambda: S.quote_card("Thank you\nMs Kim!"), ImageKind.NOTE),
    ("photo of coffee", S.coffee, ImageKind.PHOTO),
    ("photo of a person", S.astronaut, ImageKind.PHOTO),
]


@pytest.mark.parametrize(("case", "picture", "kind"), CASES, ids=[c[0] for c in CASES])
def test_media_kind_of_picture(
    case: str, picture: Callable[[], Image.Image], kind: ImageKind
) -> None:
    report = analyze_image(ImageRef(data=S.png_bytes(picture()), name=case))
    assert report.kind is kind, report.features


def test_media_kind_client_media_kinds() -> None:
    assert {k for k in ImageKind if k.is_client_media} == {
        ImageKind.NOTE,
        ImageKind.DRAWING,
        ImageKind.SCREENSHOT,
        ImageKind.CLIPPING,
    }


# --- What the text says settles the kind (issue 10, items 13 and 19).


def _features(**changed: Any) -> KindFeatures:
    """A picture with 14 words and nothing else measured."""
    plain = KindFeatures(14, 0.0, 0.0, 0, 0, 0, 0, 0, 0.0, 0.0, 0.0)
    return replace(plain, **changed)


def test_media_kind_words_about_someone_in_care_make_a_photo_a_note() -> None:
    small = _features(text_extent=0.08)
    assert settle(ImageKind.PHOTO, small, frozenset()) is ImageKind.PHOTO
    for signal in (NAME, AGE, ROOM, CARE):
        assert settle(ImageKind.PHOTO, small, frozenset({signal})) is ImageKind.NOTE


def test_media_kind_a_signed_quote_card_stays_a_quote_card() -> None:
    card = _features(words=6, text_height=0.09)
    assert settle(ImageKind.TEXT_GRAPHIC, card, frozenset({NAME})) is ImageKind.TEXT_GRAPHIC
    assert settle(ImageKind.TEXT_GRAPHIC, card, frozenset({ROOM})) is ImageKind.NOTE
    assert settle(ImageKind.TEXT_GRAPHIC, card, frozenset({NAME, CARE})) is ImageKind.NOTE


def test_media_kind_shop_and_web_wording_is_printed_until_someone_is_in_it() -> None:
    shop = _features(public_markers=3)
    for kind in (ImageKind.NOTE, ImageKind.DRAWING, ImageKind.SCREENSHOT):
        assert settle(kind, shop, frozenset()) is ImageKind.PRINTED
        assert settle(kind, shop, frozenset({NAME})) is kind
    # Someone writing to someone ("thank you for the hand cream, love R") is a note.
    assert settle(ImageKind.NOTE, replace(shop, personal_markers=2), frozenset()) is ImageKind.NOTE
    assert not ImageKind.PRINTED.is_client_media


@pytest.mark.parametrize(
    ("picture", "printed"),
    [
        (S.product_box, True),
        (S.web_page, True),
        (S.note_printed, False),
        (S.chat_screenshot, False),
    ],
    ids=["product box", "web page", "printed note", "chat screenshot"],
)
def test_media_kind_reads_shop_and_web_wording(
    picture: Callable[[], Image.Image], printed: bool
) -> None:
    report = analyze_image(ImageRef(data=S.png_bytes(picture()), name="x"))
    assert looks_printed(report.features) is printed, report.features

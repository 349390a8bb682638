"""What each generated picture is, end to end through `analyze_image`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PIL import Image

pytest.importorskip("cv2")
import media_samples as S

from pausepost.core.types import ImageRef
from pausepost.media import ImageKind, analyze_image
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

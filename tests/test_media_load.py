"""Bad and awkward input: every case ends in a typed error or a documented downscale."""

from __future__ import annotations

import io
import random
from pathlib import Path

import media_samples as S
import numpy as np
import pytest
from PIL import Image

from pausepost.core.types import ImageRef
from pausepost.errors import InputError
from pausepost.media import load
from pausepost.media.errors import (
    CorruptImageError,
    EmptyImageError,
    ImageError,
    ImageTooLargeError,
    UnsupportedImageError,
)
from pausepost.media.load import WORK_MAX_SIDE, load_image
from pausepost.media.metadata import read_metadata


def _load(data: bytes) -> object:
    return load_image(ImageRef(data=data))


BAD: list[tuple[str, bytes, type[Exception], str]] = [
    ("zero bytes", b"", EmptyImageError, "the image file is empty (0 bytes)"),
    ("random bytes", bytes(range(256)) * 4, UnsupportedImageError, "not an image Pause can read"),
    ("text file", b"Dear Ms Kim, thank you", UnsupportedImageError, "not an image"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", UnsupportedImageError, "PDF files are not"),
    ("heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", UnsupportedImageError, "HEIC files"),
    ("svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', UnsupportedImageError, "SVG"),
    ("eps", b"%!PS-Adobe-3.0 EPSF-3.0\n", UnsupportedImageError, "PostScript files"),
    ("png header, garbage", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, CorruptImageError, "damaged"),
    ("jpeg header, garbage", b"\xff\xd8\xff\xe0" + b"\x13" * 64, CorruptImageError, "damaged"),
    ("bomb: 40000x40000 png", S.png_header_only(40_000, 40_000), ImageTooLargeError, "megapixels"),
    ("121 MP png header", S.png_header_only(11_000, 11_000), ImageTooLargeError, "11000x11000"),
]


@pytest.mark.parametrize(("case", "data", "error", "words"), BAD, ids=[b[0] for b in BAD])
def test_media_load_refuses_bad_input_with_a_typed_error(
    case: str, data: bytes, error: type[Exception], words: str
) -> None:
    with pytest.raises(error) as info:
        _load(data)
    assert isinstance(info.value, InputError)  # front ends already map these to 65 / 4xx
    assert words in str(info.value)


def test_media_load_refuses_a_truncated_jpeg() -> None:
    data = S.jpeg_bytes(S.coffee())
    with pytest.raises(CorruptImageError, match="damaged or truncated"):
        _load(data[: len(data) // 2])


def test_media_load_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_image(ImageRef(path=str(tmp_path / "nope.jpg")))


def test_media_load_zero_byte_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    with pytest.raises(EmptyImageError):
        load_image(ImageRef(path=str(empty)))


def test_media_load_downscales_a_100_megapixel_photo() -> None:
    big = Image.new("L", (10_000, 10_000), 200)
    buf = io.BytesIO()
    big.save(buf, format="JPEG", quality=50)
    loaded = load_image(ImageRef(data=buf.getvalue()))
    assert loaded.original_size == (10_000, 10_000)
    assert max(loaded.image.size) <= WORK_MAX_SIDE
    assert loaded.image.mode == "RGB"
    assert loaded.scale == loaded.image.size[0] / 10_000
    assert loaded.notes[0].startswith("checked a ")
    assert loaded.complete


def test_media_load_animated_gif_checks_the_first_frame_and_says_so() -> None:
    loaded = load_image(ImageRef(data=S.animated_gif()))
    assert loaded.frames == 2
    assert not loaded.complete
    assert loaded.notes == ("animated image with 2 frames: only the first frame was checked",)


def test_media_load_lays_transparency_on_white() -> None:
    clear = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    loaded = load_image(ImageRef(data=S.png_bytes(clear)))
    assert loaded.image.getpixel((5, 5)) == (255, 255, 255)


def test_media_load_applies_exif_orientation() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 clockwise to display"
    data = S.jpeg_bytes(Image.new("RGB", (300, 100), "white"), exif=exif)
    loaded = load_image(ImageRef(data=data))
    assert loaded.original_size == (100, 300)
    assert loaded.image.size == (100, 300)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP", "TIFF"])
def test_media_load_damaged_files_never_crash(fmt: str) -> None:
    """Flip, cut and splice bytes of a valid file: a typed error or a picture, nothing else."""
    buf = io.BytesIO()
    extra = {} if fmt == "GIF" else {"exif": S.gps_exif()}  # fuzz the EXIF reader too
    S.note_printed(size=(96, 96)).save(buf, format=fmt, **extra)
    good = buf.getvalue()
    rng = random.Random(fmt)
    for _ in range(80):
        data = bytearray(good)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(1, len(data))]
        try:
            loaded = load_image(ImageRef(data=bytes(data)))
        except ImageError:
            continue
        assert loaded.image.mode == "RGB"
        read_metadata(loaded.exif, loaded.info)  # whatever survived must be readable


def test_media_load_webp_has_its_own_pixel_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """WebP decodes at ~16 bytes a pixel, so its limit is lower than the others'."""
    assert load.MAX_PIXELS_BY_FORMAT["WEBP"] * 16 <= 400_000_000
    monkeypatch.setitem(load.MAX_PIXELS_BY_FORMAT, "WEBP", 40 * 40 - 1)  # stands in for 24 MP
    webp, png = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(webp, format="WEBP")
    Image.new("RGB", (40, 40), "white").save(png, format="PNG")
    with pytest.raises(ImageTooLargeError, match="checks WEBP images up to 0 megapixels"):
        _load(webp.getvalue())
    assert load_image(ImageRef(data=png.getvalue())).image.size == (40, 40)


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P", "I;16"])
def test_media_load_shrinks_a_large_picture_band_by_band_without_seams(
    monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """Shrunk a few rows at a time (as a 100-MP picture is), it equals shrinking it whole."""
    monkeypatch.setattr(load, "_BAND_PIXELS", 3000)
    x, y = np.meshgrid(np.arange(900), np.arange(500))
    rgb = Image.fromarray(np.dstack([x % 256, y % 256, (x * y) % 256]).astype(np.uint8))
    img = {
        "RGB": rgb,
        "RGBA": Image.merge("RGBA", [*rgb.split(), Image.fromarray((x % 256).astype(np.uint8))]),
        "P": rgb.convert("P", palette=Image.Palette.ADAPTIVE),
        "I;16": Image.fromarray((x * 70 + y).astype(np.uint16)),
    }[mode]
    loaded = load_image(ImageRef(data=S.png_bytes(img)), max_side=300)
    assert loaded.image.size == (300, 167)
    whole = load_image(ImageRef(data=S.png_bytes(img)), max_side=10_000)
    expected = whole.image.resize((300, 167), Image.Resampling.BOX)
    diff = np.abs(np.asarray(loaded.image, dtype=int) - np.asarray(expected, dtype=int))
    assert diff.max() <= (2 if mode == "I;16" else 0)

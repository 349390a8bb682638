"""`strip` on every pixel mode Pillow opens: the copy looks the same, and its metadata is gone.

Each picture is built with Pillow (a gradient with colour, so an all-white or all-black
copy cannot pass), saved with EXIF where the format takes it, stripped, reopened, and
both sides are turned into RGBA by the rule below, which is written here independently
of `pausepost.media.pixels`: 16-bit values are seen as their top 8 bits, floats are
rounded and clipped to 0-255, everything else is Pillow's own conversion.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import media_samples as S
import numpy as np
import pytest
from PIL import Image, PngImagePlugin

from pausepost.media import pixels
from pausepost.media.metadata import read_metadata
from pausepost.media.strip import strip_metadata

W, H = 64, 48
_X, _Y = np.meshgrid(np.arange(W), np.arange(H))


@pytest.fixture(autouse=True)
def five_row_bands(monkeypatch: pytest.MonkeyPatch) -> None:
    """Convert in bands of 5 rows, as a large picture is: bands must meet without seams."""
    monkeypatch.setattr(pixels, "_BAND_PIXELS", W * 5)


def _rgb() -> Image.Image:
    red = _X * 4
    green = _Y * 5
    blue = (_X + _Y) * 2
    return Image.fromarray(np.dstack([red, green, blue]).astype(np.uint8))


def _rgba() -> Image.Image:
    img = _rgb().convert("RGBA")
    img.putalpha(Image.fromarray(((_X * 255) // (W - 1)).astype(np.uint8)))
    return img


def _sixteen() -> Image.Image:
    return Image.fromarray((_X * 1000 + _Y * 37).astype(np.uint16))


def _palette_clear() -> Image.Image:
    img = _rgb().convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    img.info["transparency"] = int(np.asarray(img)[0, 0])  # one index see-through
    return img


BUILDERS: dict[str, Callable[[], Image.Image]] = {
    "1": lambda: _rgb().convert("L").convert("1"),
    "L": lambda: _rgb().convert("L"),
    "LA": lambda: _rgba().convert("LA"),
    "I;16": _sixteen,
    "I;16B": lambda: _sixteen().convert("I;16B"),
    "I": lambda: Image.fromarray((_X * 900 - 3000 + _Y * 11).astype(np.int32)),
    "F": lambda: Image.fromarray((_X * 4.5 - 20 + _Y + 0.25).astype(np.float32)),
    "P": lambda: _rgb().convert("P", palette=Image.Palette.ADAPTIVE, colors=64),
    "P+transparency": _palette_clear,
    "RGB": _rgb,
    "RGBA": _rgba,
    "CMYK": lambda: _rgb().convert("CMYK"),
    "YCbCr": lambda: _rgb().convert("YCbCr"),
}
FORMAT_BY_SUFFIX = {".png": "PNG", ".jpg": "JPEG", ".tif": "TIFF", ".bmp": "BMP", ".gif": "GIF"}

# (mode, the original's suffix, the copy's suffix)
CASES = [
    ("1", ".png", ".png"),
    ("L", ".png", ".png"),
    ("LA", ".png", ".png"),
    ("I;16", ".png", ".png"),
    ("I;16B", ".png", ".png"),
    ("P", ".png", ".png"),
    ("P+transparency", ".png", ".png"),
    ("RGB", ".png", ".png"),
    ("RGBA", ".png", ".png"),
    ("I;16", ".tif", ".tif"),
    ("I", ".tif", ".tif"),
    ("F", ".tif", ".tif"),
    ("CMYK", ".tif", ".tif"),
    ("YCbCr", ".tif", ".tif"),
    ("L", ".jpg", ".jpg"),
    ("RGB", ".jpg", ".jpg"),
    ("CMYK", ".jpg", ".jpg"),
    ("YCbCr", ".jpg", ".jpg"),
    ("1", ".bmp", ".bmp"),
    ("P", ".bmp", ".bmp"),
    ("RGB", ".bmp", ".bmp"),
    ("P", ".gif", ".gif"),
    ("P+transparency", ".gif", ".gif"),
    # The format of the copy cannot hold the mode: converted as a viewer shows it.
    ("I;16", ".png", ".jpg"),
    ("I;16", ".png", ".bmp"),
    ("I", ".tif", ".png"),
    ("F", ".tif", ".png"),
    ("CMYK", ".jpg", ".png"),
    ("YCbCr", ".tif", ".png"),
    ("P+transparency", ".png", ".tif"),
    ("LA", ".png", ".tif"),
]


def _seen(img: Image.Image) -> np.ndarray:
    """What a viewer shows, as RGBA: the comparison rule, applied to both sides."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        grey = (np.clip(np.asarray(img).astype(np.int64), 0, 65535) >> 8).astype(np.uint8)
        img = Image.fromarray(grey)
    elif img.mode == "F":
        grey = np.clip(np.rint(np.asarray(img, dtype=np.float64)), 0, 255).astype(np.uint8)
        img = Image.fromarray(grey)
    return np.asarray(img.convert("RGBA"), dtype=np.int16)


def _save(img: Image.Image, path: Path) -> None:
    fmt = FORMAT_BY_SUFFIX[path.suffix]
    options: dict[str, object] = {}
    if fmt in ("PNG", "JPEG", "TIFF"):
        options["exif"] = S.gps_exif()
    if fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Author", "Dr Example")
        options["pnginfo"] = text
    if fmt == "GIF":
        options["comment"] = b"taken at the clinic"
    if "transparency" in img.info:
        options["transparency"] = img.info["transparency"]
    if fmt == "JPEG":
        options["quality"] = 95
    img.save(path, format=fmt, **options)  # type: ignore[arg-type]


def _sixteen_bit_rgb_png() -> bytes:
    """A 16-bit-per-channel RGB PNG (Pillow reads these but cannot write them)."""
    rows = np.dstack([_X * 1000, _Y * 1300, (_X + _Y) * 500]).astype(">u2")
    raw = b"".join(b"\x00" + row.tobytes() for row in rows)

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", W, H, 16, 2, 0, 0, 0)
    text = b"Author\x00Dr Example"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", text)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _assert_same_look(original: Path, copy: Path) -> None:
    with Image.open(original) as before, Image.open(copy) as after:
        seen_before, seen_after = _seen(before), _seen(after)
        tiff = after.format == "TIFF"
        meta = read_metadata(after.getexif(), dict(after.info))
    assert seen_before.shape == seen_after.shape
    diff = np.abs(seen_before - seen_after)
    if copy.suffix == ".jpg":
        assert diff.mean() <= 1.5 and diff.max() <= 24, (diff.mean(), diff.max())
    else:
        assert diff.max() == 0, f"{int((diff > 0).sum())} values differ, up to {diff.max()}"
    # A TIFF's first IFD always has tags (size, layout): nothing identifying may be left.
    assert not (meta.has_location or meta.taken_at or meta.camera or meta.software)
    assert not (meta.text_fields or meta.has_xmp)
    assert tiff or meta.is_empty


@pytest.mark.parametrize(("mode", "suffix", "out"), CASES, ids=[f"{m}{s}{o}" for m, s, o in CASES])
def test_media_strip_keeps_the_look_of_every_mode(
    tmp_path: Path, mode: str, suffix: str, out: str
) -> None:
    original = tmp_path / f"picture{suffix}"
    _save(BUILDERS[mode](), original)
    with Image.open(original) as opened:  # the test builds what it means to
        assert opened.mode == {"I;16B": "I;16"}.get(mode, mode.split("+")[0]) or suffix in (
            ".jpg",
            ".gif",
        )
    copy = tmp_path / f"clean{out}"
    strip_metadata(original, copy)
    _assert_same_look(original, copy)


@pytest.mark.parametrize("out", [".png", ".jpg", ".tif"])
def test_media_strip_keeps_the_look_of_a_16_bit_rgb_png(tmp_path: Path, out: str) -> None:
    original = tmp_path / "deep.png"
    original.write_bytes(_sixteen_bit_rgb_png())
    done = strip_metadata(original, tmp_path / f"clean{out}")
    assert [r.lower() for r in done.removed] == ["author text"]
    _assert_same_look(original, done.output)


def test_media_strip_16_bit_greyscale_stays_16_bit(tmp_path: Path) -> None:
    """The reported case: a 16-bit greyscale PNG came out all white."""
    original = tmp_path / "scan.png"
    _save(_sixteen(), original)
    done = strip_metadata(original, tmp_path / "scan.clean.png")
    assert "GPS position" in done.removed
    with Image.open(original) as before, Image.open(done.output) as after:
        assert after.mode == "I;16"
        assert np.array_equal(np.asarray(before), np.asarray(after))
        assert after.getextrema() == (0, 63 * 1000 + 47 * 37)

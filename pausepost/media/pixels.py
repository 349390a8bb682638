"""Pixel modes a clean copy can keep, and how the others are turned into what a viewer shows.

`strip` keeps a picture's own mode whenever the output format can store it (a 16-bit
greyscale PNG stays 16-bit, a CMYK JPEG stays CMYK), so nothing but metadata changes.
Otherwise the pixels are converted the way an image viewer displays them: 16-bit values
are scaled to 8 bits (Pillow's own conversion clips them, which turns them white),
transparency is laid on white where the format has no alpha, and colour spaces with no
counterpart become RGB.
"""

from __future__ import annotations

from typing import Any, cast

from PIL import Image

# Modes each writer stores without loss (checked against Pillow 13's plug-ins).
STORABLE: dict[str, frozenset[str]] = {
    "PNG": frozenset({"1", "L", "LA", "P", "RGB", "RGBA", "I;16", "I;16B"}),
    "JPEG": frozenset({"L", "RGB", "CMYK"}),
    "TIFF": frozenset(
        {"1", "L", "LA", "P", "I", "I;16", "I;16B", "F", "RGB", "RGBA", "CMYK", "YCbCr"}
    ),
    "WEBP": frozenset({"RGB", "RGBA"}),
    "GIF": frozenset({"L", "P"}),
    "BMP": frozenset({"1", "L", "P", "RGB"}),
}
_SIXTEEN_BIT = ("I;16", "I;16L", "I;16B", "I;16N")
# Colour models whose ICC profile does not fit the RGB the pixels are converted to.
_OTHER_COLOUR_MODELS = ("CMYK", "LAB", "HSV")
# Rows converted at a time: about 4 MB of RGB per band.
_BAND_PIXELS = 1_000_000


def storable(img: Image.Image, fmt: str) -> Image.Image:
    """`img` itself when `fmt` stores its mode, else a copy converted as a viewer shows it.

    The copy is made a band of rows at a time (every rule here works pixel by pixel), so
    converting never holds more than the original, the copy and one band.
    """
    if not needs_conversion(img, fmt):
        return img
    width, height = img.size
    rows = max(1, _BAND_PIXELS // max(1, width))
    first = _convert(img.crop((0, 0, width, min(height, rows))), fmt)
    if rows >= height:
        return first
    out = Image.new(first.mode, img.size)
    out.paste(first, (0, 0))
    for top in range(rows, height, rows):
        out.paste(_convert(img.crop((0, top, width, min(height, top + rows))), fmt), (0, top))
    return out


def detached(img: Image.Image) -> Image.Image:
    """A plain image over the same pixels, with no info, EXIF or file behind it (no copy).

    Pillow has no public call that shares pixels; `_new` is what its own operations use.
    """
    new = cast(Image.Image, cast(Any, img)._new(img.im))
    new.info = {}
    return new


def needs_conversion(img: Image.Image, fmt: str) -> bool:
    keep = STORABLE.get(fmt, frozenset({"RGB", "RGBA"}))
    clear_kept = transparency(img, fmt) is not None or "transparency" not in img.info
    return not (img.mode in keep and clear_kept)


def converted_mode(img: Image.Image, fmt: str) -> str:
    """The mode `storable` gives, found on one pixel (no full-size work)."""
    if not needs_conversion(img, fmt):
        return img.mode
    return _convert(img.crop((0, 0, 1, 1)), fmt).mode


def bytes_per_pixel(mode: str) -> int:
    """What Pillow holds in memory per pixel (RGB is padded to 4 bytes)."""
    return 1 if mode in ("1", "L", "P") else 2 if mode in _SIXTEEN_BIT else 4


def _convert(img: Image.Image, fmt: str) -> Image.Image:
    keep = STORABLE.get(fmt, frozenset({"RGB", "RGBA"}))
    shown = _displayable(img)
    if shown.mode in keep:
        return shown
    if shown.mode in ("LA", "RGBA"):
        if "RGBA" in keep:
            return shown.convert("RGBA")
        shown = _on_white(shown)
    if shown.mode == "L" and "L" not in keep:
        return shown.convert("RGB")
    return shown if shown.mode in keep else shown.convert("RGB")


def transparency(img: Image.Image, fmt: str) -> int | bytes | tuple[int, ...] | None:
    """The transparent colour(s) to write with `img` in `fmt`, when the format can say it."""
    value = img.info.get("transparency")
    if fmt == "PNG" and img.mode in ("1", "L", "P", "RGB", "I;16", "I;16B"):
        return value if isinstance(value, (int, bytes, tuple)) else None
    if fmt == "GIF" and img.mode in ("L", "P") and isinstance(value, int):
        return value
    return None


def keeps_colour_profile(source_mode: str, written_mode: str) -> bool:
    """False when the pixels left a CMYK/LAB colour model, whose profile no longer fits."""
    return source_mode == written_mode or source_mode not in _OTHER_COLOUR_MODELS


def _displayable(img: Image.Image) -> Image.Image:
    """One of L, LA, RGB, RGBA (or `img` unchanged when it is one already)."""
    mode = img.mode
    if mode in ("L", "LA", "RGB", "RGBA"):
        return img
    if mode in _SIXTEEN_BIT or mode == "I":
        # Viewers show the top 8 of 16 bits; Pillow's convert("L") clips at 255 instead.
        wide = img if mode == "I" else img.convert("I")
        return wide.point(_SIXTEEN_TO_EIGHT, "L")
    if mode == "F":
        # Float greyscale on the 0-255 scale, rounded (Pillow's conversion truncates).
        return img.point(lambda v: v + 0.5).convert("L")
    if mode in ("PA", "RGBa") or "transparency" in img.info:  # a tRNS colour becomes alpha
        return img.convert("RGBA")
    if mode == "La":
        return img.convert("LA")
    if mode == "1":
        return img.convert("L")
    return img.convert("RGB")  # P, CMYK, YCbCr, LAB, HSV, RGBX


def _on_white(img: Image.Image) -> Image.Image:
    """Transparency laid on white: how a sticker or note is seen where alpha cannot be kept."""
    rgba = img.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background if img.mode == "RGBA" else background.convert("L")


# A lookup table for `Image.point` on mode I: values below 0 or above 65535 are clipped.
_SIXTEEN_TO_EIGHT: list[int] = [v >> 8 for v in range(65536)]

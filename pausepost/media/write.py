"""Writing safer copies: the output path rules and a pixels-only save.

A copy is built from pixels alone, so no EXIF, XMP, comment or text chunk can ride
along. The ICC colour profile is kept: it is colour data shared by every phone of a
model, and dropping it shifts colours of wide-gamut photos.
"""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from pausepost.media.errors import ImageError

# Output format by file suffix; other suffixes are refused rather than guessed.
FORMATS_BY_SUFFIX = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".webp": "WEBP",
    ".gif": "GIF",
    ".bmp": "BMP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
}


class OutputError(ImageError):
    """The copy cannot be written where asked (the original, an unknown suffix...)."""


def default_output(src: Path, tag: str) -> Path:
    """`photo.jpg` -> `photo.<tag>.jpg`, next to the original."""
    return src.with_name(f"{src.stem}.{tag}{src.suffix or '.png'}")


def check_output(src: Path | None, dst: Path, *, overwrite: bool) -> str:
    """The format to write `dst` in; refuses the original itself and unknown suffixes."""
    fmt = FORMATS_BY_SUFFIX.get(dst.suffix.lower())
    if fmt is None:
        raise OutputError(
            f"cannot tell which format to write from '{dst.suffix or dst.name}': "
            "use .jpg, .png, .webp, .gif, .bmp or .tiff"
        )
    if src is not None and dst.exists() and os.path.samefile(src, dst):
        raise OutputError("the output would replace the original; Pause never modifies it")
    if dst.exists() and not overwrite:
        raise OutputError(f"{dst} already exists (use --force to replace it)")
    return fmt


def save_pixels(image: Image.Image, dst: Path, fmt: str, *, icc: bytes | None = None) -> None:
    """Save a fresh image holding only `image`'s pixels (and the colour profile)."""
    mode = "RGB" if fmt == "JPEG" or image.mode not in ("RGB", "RGBA", "L", "LA") else image.mode
    clean = Image.new(mode, image.size)
    clean.paste(image.convert(mode))
    options: dict[str, object] = {}
    if icc and fmt in ("JPEG", "PNG", "WEBP", "TIFF"):
        options["icc_profile"] = icc
    if fmt == "JPEG":
        options.update(quality=95, optimize=True)
    clean.save(dst, format=fmt, **options)  # type: ignore[arg-type]

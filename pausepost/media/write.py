"""Writing safer copies: the output path rules and a pixels-only save.

A copy is built from pixels alone, so no EXIF, XMP, comment or text chunk can ride
along. The ICC colour profile is kept: it is colour data shared by every phone of a
model, and dropping it shifts colours of wide-gamut photos.
"""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from pausepost.errors import CannotWriteError
from pausepost.media.errors import ImageError
from pausepost.media.pixels import detached, keeps_colour_profile, storable, transparency

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
# Above this, JPEG copies skip optimised Huffman tables (a whole-picture buffer).
_OPTIMIZE_MAX_PIXELS = 16_000_000


class OutputError(ImageError):
    """The copy cannot be written where asked (the original, an unknown suffix...)."""


def default_output(src: Path, tag: str) -> Path:
    """`photo.jpg` -> `photo.<tag>.jpg`, next to the original."""
    return src.with_name(f"{src.stem}.{tag}{src.suffix or '.png'}")


def check_output(src: Path | None, dst: Path, *, overwrite: bool) -> str:
    """The format to write `dst` in; refuses the original itself and unknown suffixes."""
    if dst.is_dir():
        raise CannotWriteError(f"cannot write {dst}: it is a folder; give a file name")
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
    _check_folder(dst)
    return fmt


def _check_folder(dst: Path) -> None:
    """Refuse before decoding anything when the copy could not be created anyway."""
    folder = dst.parent
    if not folder.exists():
        raise CannotWriteError(f"cannot write {dst}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise CannotWriteError(f"cannot write {dst}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CannotWriteError(f"cannot write {dst}: the folder {folder} is read-only")


def save_pixels(
    image: Image.Image, dst: Path, fmt: str, *, icc: bytes | None = None, orientation: int = 1
) -> None:
    """Save a fresh image holding only `image`'s pixels (and the colour profile).

    `orientation` other than 1 is written as the copy's only EXIF tag: `strip` does that
    for a picture too large to turn in memory, so viewers still show it upright.
    """
    picture = storable(image, fmt)  # its own mode where `fmt` has it: 16-bit stays 16-bit
    # A bare image over the same pixels (a copy of 100 megapixels would cost 400 MB): it
    # has no info, EXIF or TIFF tags, so the writer has nothing but pixels to carry over.
    clean = detached(picture)
    options: dict[str, object] = {}
    if (clear := transparency(picture, fmt)) is not None:
        options["transparency"] = clear  # part of the pixels: which colour is see-through
    if orientation != 1:
        turn = Image.Exif()
        turn[0x0112] = orientation
        options["exif"] = turn
    fits = keeps_colour_profile(image.mode, clean.mode)
    if icc and fits and fmt in ("JPEG", "PNG", "WEBP", "TIFF"):
        options["icc_profile"] = icc
    if fmt == "JPEG":
        # Optimised Huffman tables buffer the whole picture: only worth it for small ones.
        options.update(quality=95, optimize=clean.width * clean.height <= _OPTIMIZE_MAX_PIXELS)
    clean.save(dst, format=fmt, **options)  # type: ignore[arg-type]

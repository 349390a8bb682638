"""Opening untrusted images safely.

Every way an image can go wrong ends in one typed `ImageError` with a plain message:
no bytes, not an image, a format we do not read, a corrupt file, too many bytes or
pixels. Large JPEGs are decoded at reduced size (draft mode); other formats are decoded
once at full size and shrunk into the working copy a band of rows at a time, never
copied whole, so a picture at the pixel limit is checked in under about 700 MB.
Only a short list of Pillow plug-ins may open anything (EPS, for one, would run
Ghostscript). Animated images are checked on their first frame and say so.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from PIL import Image, ImageOps, UnidentifiedImageError

from pausepost.core.types import ImageRef
from pausepost.media.errors import (
    CorruptImageError,
    EmptyImageError,
    ImageTooLargeError,
    UnsupportedImageError,
)
from pausepost.media.pixels import detached

# Phone photos are under 20 MB; 100 MB leaves room for camera originals.
MAX_FILE_BYTES = 100 * 1024 * 1024
# Above the 108-megapixel sensors some phones ship; Pillow itself refuses ~179 MP. At
# this size one decoded RGB copy is 440 MB: with Python, the file's bytes and the working
# copy, checking or stripping stays under about 700 MB (`benchmarks/bench_image_memory.py`).
MAX_PIXELS = 110_000_000
# Pillow's WebP decoder holds about four copies of the picture (16 bytes a pixel, measured
# with Pillow 13), so WebP gets a lower limit with the same memory budget.
MAX_PIXELS_BY_FORMAT: dict[str, int] = {"WEBP": 24_000_000}
# The working copy's longest side: enough for small print in a 12-MP photo.
WORK_MAX_SIDE = 4096
# Pillow plug-ins allowed to parse untrusted bytes. MPO is how many cameras save JPEG.
SUPPORTED_FORMATS: tuple[str, ...] = ("JPEG", "MPO", "PNG", "WEBP", "GIF", "BMP", "TIFF")

# Magic numbers of formats people will try, so the error can say what to do instead.
_KNOWN_UNSUPPORTED: tuple[tuple[bytes, int, str], ...] = (
    (b"ftypheic", 4, "HEIC"),
    (b"ftypheix", 4, "HEIC"),
    (b"ftypmif1", 4, "HEIF"),
    (b"ftypavif", 4, "AVIF"),
    (b"%PDF", 0, "PDF"),
    (b"<svg", 0, "SVG"),
    (b"<?xml", 0, "SVG/XML"),
    (b"%!PS", 0, "PostScript"),
    (b"\xc5\xd0\xd3\xc6", 0, "EPS"),
)
_SUPPORTED_MAGIC: tuple[bytes, ...] = (
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
)


@dataclass(frozen=True)
class LoadedImage:
    """An upright RGB working copy of an image, and what was learned opening it.

    `scale` is working-copy pixels per original pixel (1.0 when not downscaled);
    `original_size` is the upright (EXIF-rotated) size of the original.
    """

    image: Image.Image
    format: str
    original_size: tuple[int, int]
    scale: float
    frames: int
    exif: Image.Exif
    info: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """False when part of the image was not looked at (later animation frames)."""
        return self.frames <= 1


def read_bytes(ref: ImageRef) -> bytes:
    """The raw bytes of `ref`, refusing empty and oversized input before reading it all."""
    if ref.data is not None:
        data = ref.data
    elif ref.path is not None:
        path = Path(ref.path)
        if not path.is_file():
            raise FileNotFoundError(f"no such image file: {path}")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImageTooLargeError(_too_many_bytes(size))
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    else:
        raise EmptyImageError("no image given (neither a path nor data)")
    if not data:
        raise EmptyImageError("the image file is empty (0 bytes)")
    if len(data) > MAX_FILE_BYTES:
        raise ImageTooLargeError(_too_many_bytes(len(data)))
    return data


def open_image(data: bytes) -> Image.Image:
    """Parse the header only (no pixels yet); raise a typed error for anything wrong."""
    if not data:
        raise EmptyImageError("the image file is empty (0 bytes)")
    with warnings.catch_warnings():
        # We enforce our own pixel limit below, so Pillow's bomb warning (89-179 MP) is
        # noise, as are its warnings about damaged tags: the outcome is what we report.
        warnings.simplefilter("ignore")
        try:
            img = Image.open(io.BytesIO(data), formats=_formats())
        except Image.DecompressionBombError:
            raise ImageTooLargeError(
                f"the image claims more than {MAX_PIXELS // 1_000_000} megapixels: "
                "too large to check safely"
            ) from None
        except UnidentifiedImageError:
            raise _unidentified(data) from None
        except Exception:  # a broken header in an otherwise known format
            raise CorruptImageError("the image file is damaged and cannot be read") from None
    width, height = img.size
    if width <= 0 or height <= 0:
        raise CorruptImageError("the image has no pixels")
    limit = MAX_PIXELS_BY_FORMAT.get(img.format or "", MAX_PIXELS)
    if width * height > limit:
        kind = f"{img.format} images" if limit != MAX_PIXELS else "images"
        raise ImageTooLargeError(
            f"the image is {width}x{height} ({width * height / 1e6:.0f} megapixels); Pause "
            f"checks {kind} up to {limit // 1_000_000} megapixels"
        )
    return img


def load_image(ref: ImageRef, *, max_side: int = WORK_MAX_SIDE) -> LoadedImage:
    """Open `ref` and return an upright RGB working copy no longer than `max_side`."""
    data = read_bytes(ref)
    img = open_image(data)
    fmt = img.format or "unknown"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Each of these may read (and trip over) the rest of the file: PNG's EXIF
            # chunk can follow the pixels, and counting frames walks the whole GIF.
            frames = int(getattr(img, "n_frames", 1) or 1)
            exif = img.getexif()
            info = dict(img.info)
            upright = _upright_size(img.size, exif)
            if fmt in ("JPEG", "MPO"):
                # Decode at 1/2, 1/4 or 1/8 scale straight from the DCT: fast, small.
                img.draft("RGB", (max_side, max_side))
            img.load()
            work = _working_copy(img, max_side)
            img.close()  # the full-size pixels go now, before any later step allocates
            turn = UPRIGHT_TURNS.get(exif.get(0x0112, 1))
            if turn is not None:
                work = work.transpose(turn)  # on the small copy: rotating is cheap there
    except MemoryError:
        raise ImageTooLargeError("not enough memory to decode this image") from None
    except Exception:
        raise CorruptImageError("the image file is damaged or truncated") from None
    scale = work.size[0] / upright[0] if upright[0] else 1.0
    notes: list[str] = []
    if scale < 1.0:
        notes.append(
            f"checked a {work.size[0]}x{work.size[1]} copy of a {upright[0]}x{upright[1]} image"
        )
    if frames > 1:
        notes.append(f"animated image with {frames} frames: only the first frame was checked")
    return LoadedImage(
        image=work,
        format=fmt,
        original_size=upright,
        scale=scale,
        frames=frames,
        exif=exif,
        info=info,
        notes=tuple(notes),
    )


def _formats() -> tuple[str, ...]:
    Image.init()  # registers every plug-in, so MPO and WebP can be named below
    return tuple(f for f in SUPPORTED_FORMATS if f in Image.OPEN)


def _upright_size(size: tuple[int, int], exif: Image.Exif) -> tuple[int, int]:
    # EXIF orientations 5-8 are quarter turns: the displayed image is transposed.
    orientation = exif.get(0x0112, 1)
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


# EXIF orientation -> the turn that shows the picture upright (as ImageOps.exif_transpose).
UPRIGHT_TURNS: dict[int, Image.Transpose] = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Rows converted at a time when shrinking a large picture: about 4 MB of RGB per band.
_BAND_PIXELS = 1_000_000


def _working_copy(img: Image.Image, max_side: int) -> Image.Image:
    """An RGB copy at most `max_side` a side, never holding a second full-size copy.

    A large picture is converted and shrunk a band of rows at a time, each band averaged
    down with a box filter over exactly its share of the rows, so the bands meet without
    seams and the result equals shrinking the whole picture at once.
    """
    width, height = img.size
    if max(width, height) <= max_side:
        return _to_rgb(img)
    ratio = max_side / max(width, height)
    out_w, out_h = max(1, round(width * ratio)), max(1, round(height * ratio))
    rows_per_band = max(1, _BAND_PIXELS * out_h // (width * height))
    grey16 = _sixteen_bit_lut(img)
    work = Image.new("RGB", (out_w, out_h))
    for top in range(0, out_h, rows_per_band):
        bottom = min(out_h, top + rows_per_band)
        src_top, src_bottom = top * height / out_h, bottom * height / out_h
        first, last = int(src_top), min(height, math.ceil(src_bottom))
        band = img.crop((0, first, width, last))
        band = _grey16_to_rgb(band, grey16) if grey16 else _to_rgb(band)
        box = (0.0, src_top - first, float(width), src_bottom - first)
        work.paste(band.resize((out_w, bottom - top), Image.Resampling.BOX, box=box), (0, top))
    return work


def _sixteen_bit_lut(img: Image.Image) -> list[int] | None:
    """For 16-bit greyscale: one contrast stretch for the whole picture (not per band)."""
    if img.mode not in ("I;16", "I;16B", "I;16L", "I"):
        return None
    low, high = cast(tuple[int, int], cast(Any, img).getextrema())
    span = max(1, int(high) - int(low))
    return [min(255, max(0, (v - int(low)) * 255 // span)) for v in range(65536)]


def _grey16_to_rgb(band: Image.Image, lut: list[int]) -> Image.Image:
    return band.convert("I").point(lut, "L").convert("RGB")


def _to_rgb(img: Image.Image) -> Image.Image:
    """RGB, with transparency laid on white (how a note or sticker is seen)."""
    if img.mode == "RGB":
        return detached(img)  # the same pixels, without the file behind them: no copy
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: map to 8 bits by range rather than clipping to white.
        return ImageOps.autocontrast(
            img.convert("I").point(lambda v: v / 256).convert("L")
        ).convert("RGB")
    return img.convert("RGB")


def _unidentified(data: bytes) -> Exception:
    head = data[:64]
    for magic, offset, name in _KNOWN_UNSUPPORTED:
        if head[offset : offset + len(magic)] == magic or (
            name.startswith("SVG") and magic in head.lower()
        ):
            return UnsupportedImageError(
                f"{name} files are not supported: save or export the picture as JPEG or PNG"
            )
    if head.startswith(_SUPPORTED_MAGIC) or head[8:12] == b"WEBP":
        return CorruptImageError("the image file is damaged and cannot be read")
    return UnsupportedImageError(
        "this is not an image Pause can read (JPEG, PNG, WebP, GIF, BMP or TIFF)"
    )


def _too_many_bytes(size: int) -> str:
    return (
        f"the image is {size / (1024 * 1024):.0f} MB; Pause checks images up to "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MB"
    )

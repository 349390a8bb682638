"""`strip`: a copy of an image without its metadata; the original is left alone."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageSequence

from pausepost.core.types import ImageRef
from pausepost.media.errors import CorruptImageError, ImageTooLargeError
from pausepost.media.load import UPRIGHT_TURNS, open_image, read_bytes
from pausepost.media.metadata import ImageMetadata, read_metadata
from pausepost.media.pixels import (
    bytes_per_pixel,
    converted_mode,
    keeps_colour_profile,
    storable,
)
from pausepost.media.write import check_output, save_pixels

# Animations longer than this are refused rather than rebuilt frame by frame.
MAX_FRAMES = 500
# Every frame is rebuilt in RGBA (4 bytes a pixel): 64 megapixels of frames is 256 MB.
MAX_ANIMATION_PIXELS = 64_000_000
# Pixels held at once (the decoded original plus any converted or turned copy): with the
# file's bytes (up to 100 MB) and Python, a strip stays under about 700 MB.
STRIP_BYTES = 512_000_000


@dataclass(frozen=True)
class StripResult:
    output: Path
    removed: tuple[str, ...]  # plain words: "GPS position", "camera (iPhone 15)" ...
    metadata: ImageMetadata  # what the original carried


def strip_metadata(src: Path, dst: Path, *, overwrite: bool = False) -> StripResult:
    """Write `dst` with the pixels of `src` (upright) and nothing else but colour."""
    fmt = check_output(src, dst, overwrite=overwrite)
    img = open_image(read_bytes(ImageRef(path=str(src))))
    orientation = 1  # EXIF orientation written with the copy: 1 (none) unless too large to turn
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # damaged-tag warnings: the outcome is reported
            meta = read_metadata(img.getexif(), dict(img.info))
            icc = img.info.get("icc_profile")
            frames = int(getattr(img, "n_frames", 1) or 1)
            if frames > MAX_FRAMES:
                raise ImageTooLargeError(
                    f"the animation has {frames} frames; Pause strips up to {MAX_FRAMES}"
                )
            if frames > 1 and fmt in ("GIF", "WEBP"):
                if frames * img.width * img.height > MAX_ANIMATION_PIXELS:
                    raise ImageTooLargeError(
                        f"the animation has {frames} frames of {img.width}x{img.height}; "
                        f"Pause rebuilds up to {MAX_ANIMATION_PIXELS // 1_000_000} megapixels "
                        "of frames"
                    )
                pictures = _frames(img)
            else:
                img.load()
                if not keeps_colour_profile(img.mode, converted_mode(img, fmt)):
                    icc = None  # a CMYK profile would not fit the RGB pixels written
                picture, orientation = _upright(img, fmt)
                if picture is not img:
                    img.close()  # the decoded original goes before anything is written
                pictures = [picture]
    except ImageTooLargeError:
        raise
    except MemoryError:
        raise ImageTooLargeError("not enough memory to decode this image") from None
    except Exception:
        raise CorruptImageError("the image file is damaged or truncated") from None
    try:
        if len(pictures) > 1:
            _save_animation(img, pictures, dst, fmt)
        else:
            icc_bytes = icc if isinstance(icc, bytes) else None
            save_pixels(pictures[0], dst, fmt, icc=icc_bytes, orientation=orientation)
    except BaseException:
        dst.unlink(missing_ok=True)  # never leave half a file behind
        raise
    return StripResult(dst, _removed(meta), meta)


def _upright(img: Image.Image, fmt: str) -> tuple[Image.Image, int]:
    """The picture to write (in a mode `fmt` stores), and the EXIF orientation to tag it with.

    Pixels are turned upright when that fits in memory; a picture too large to hold twice
    keeps its orientation tag instead (the copy's only EXIF entry: it says nothing about
    who, where or when), so that viewers still show it upright.
    """
    width, height = img.size
    target = converted_mode(img, fmt)
    final = bytes_per_pixel(target) * width * height
    if target != img.mode and bytes_per_pixel(img.mode) * width * height + final > STRIP_BYTES:
        raise ImageTooLargeError(
            f"the image is {width}x{height}: too large to convert to {fmt} in memory; "
            "write the copy in the original's format instead"
        )
    orientation = int(img.getexif().get(0x0112, 1) or 1)
    picture = storable(img, fmt)
    if picture is not img:
        img.close()  # converted: the original's pixels go before any turn
    turn = UPRIGHT_TURNS.get(orientation)
    if turn is None:
        return picture, 1
    if 2 * final <= STRIP_BYTES:
        return picture.transpose(turn), 1
    if fmt in ("JPEG", "PNG", "WEBP", "TIFF"):
        return picture, orientation
    raise ImageTooLargeError(
        f"the image is {width}x{height} and stored on its side: too large to turn in memory "
        "for this format; write the copy as .jpg or .png instead"
    )


def _frames(img: Image.Image) -> list[Image.Image]:
    return [frame.convert("RGBA").copy() for frame in ImageSequence.Iterator(img)]


def _save_animation(img: Image.Image, frames: list[Image.Image], dst: Path, fmt: str) -> None:
    durations = []
    for index in range(len(frames)):
        img.seek(index)
        durations.append(int(img.info.get("duration", 100)))
    # New images hold only pixels: comments and extension blocks are not carried over.
    first = Image.new("RGBA", frames[0].size)
    first.paste(frames[0])
    first.save(
        dst,
        format=fmt,
        save_all=True,
        append_images=frames[1:],
        duration=durations,
        loop=int(img.info.get("loop", 0)),
    )


def _removed(meta: ImageMetadata) -> tuple[str, ...]:
    out: list[str] = []
    if meta.has_location:
        out.append("GPS position")
    if meta.taken_at:
        out.append("time taken")
    if meta.camera:
        out.append(f"camera ({meta.camera})")
    if meta.software:
        out.append("software")
    out.extend(f"{name} text" for name, _ in meta.text_fields)
    if meta.has_xmp:
        out.append("XMP")
    if meta.has_iptc:
        out.append("IPTC")
    if meta.has_exif and not out:
        out.append("EXIF")
    return tuple(out)

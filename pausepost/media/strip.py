"""`strip`: a copy of an image without its metadata; the original is left alone."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence

from pausepost.core.types import ImageRef
from pausepost.media.errors import CorruptImageError, ImageTooLargeError
from pausepost.media.load import open_image, read_bytes
from pausepost.media.metadata import ImageMetadata, read_metadata
from pausepost.media.write import check_output, save_pixels

# Animations longer than this are refused rather than rebuilt frame by frame.
MAX_FRAMES = 500


@dataclass(frozen=True)
class StripResult:
    output: Path
    removed: tuple[str, ...]  # plain words: "GPS position", "camera (iPhone 15)" ...
    metadata: ImageMetadata  # what the original carried


def strip_metadata(src: Path, dst: Path, *, overwrite: bool = False) -> StripResult:
    """Write `dst` with the pixels of `src` (upright) and nothing else but colour."""
    fmt = check_output(src, dst, overwrite=overwrite)
    img = open_image(read_bytes(ImageRef(path=str(src))))
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
                pictures = _frames(img)
            else:
                img.load()
                upright = ImageOps.exif_transpose(img)
                keep = upright.mode if upright.mode in ("RGB", "RGBA", "L", "LA") else "RGBA"
                pictures = [upright.convert(keep)]
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
            save_pixels(pictures[0], dst, fmt, icc=icc if isinstance(icc, bytes) else None)
    except BaseException:
        dst.unlink(missing_ok=True)  # never leave half a file behind
        raise
    return StripResult(dst, _removed(meta), meta)


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
    if meta.has_exif and not out:
        out.append("EXIF")
    return tuple(out)

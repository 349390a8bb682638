"""`strip`: a copy of an image without its metadata; the original is left alone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence

from pausepost.media.errors import CorruptImageError, ImageTooLargeError
from pausepost.media.load import open_image, read_bytes
from pausepost.media.metadata import ImageMetadata, read_metadata
from pausepost.media.write import check_output, save_pixels
from pausepost.types import ImageRef

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
    meta = read_metadata(img.getexif(), dict(img.info))
    icc = img.info.get("icc_profile")
    frames = int(getattr(img, "n_frames", 1) or 1)
    if frames > MAX_FRAMES:
        raise ImageTooLargeError(
            f"the animation has {frames} frames; Pause strips up to {MAX_FRAMES}"
        )
    try:
        if frames > 1 and fmt in ("GIF", "WEBP"):
            _save_animation(img, dst, fmt)
        else:
            img.load()
            upright = ImageOps.exif_transpose(img)
            keep = upright.mode if upright.mode in ("RGB", "RGBA", "L", "LA") else "RGBA"
            save_pixels(
                upright.convert(keep), dst, fmt, icc=icc if isinstance(icc, bytes) else None
            )
    except MemoryError:
        raise ImageTooLargeError("not enough memory to decode this image") from None
    except OSError as exc:
        if dst.exists():
            dst.unlink()  # never leave half a file behind
        if "truncated" in str(exc) or "cannot identify" in str(exc):
            raise CorruptImageError("the image file is damaged or truncated") from None
        raise
    return StripResult(dst, _removed(meta), meta)


def _save_animation(img: Image.Image, dst: Path, fmt: str) -> None:
    frames: list[Image.Image] = []
    durations: list[int] = []
    for frame in ImageSequence.Iterator(img):
        frames.append(frame.convert("RGBA").copy())
        durations.append(int(frame.info.get("duration", 100)))
    # A new image per frame: comments and extension blocks are not carried over.
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

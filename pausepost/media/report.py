"""What Pause learned about one image, before judging it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pausepost.media.geometry import Box
from pausepost.media.kind import ImageKind, KindFeatures
from pausepost.media.metadata import ImageMetadata
from pausepost.media.ocr import OcrResult


@dataclass(frozen=True)
class ImageReport:
    """OCR text and word boxes, faces, metadata and kind of one image.

    Boxes are `[x, y, width, height]` in pixels of the original image as displayed
    (after its EXIF rotation). `complete` is False when part of the check did not run
    (no tesseract, OCR time limit, later animation frames); a caller must then not
    call the image safe.
    """

    name: str | None
    format: str
    width: int
    height: int
    frames: int
    scale: float
    kind: ImageKind
    features: KindFeatures
    ocr: OcrResult
    faces: tuple[Box, ...]
    metadata: ImageMetadata
    notes: tuple[str, ...] = ()
    complete: bool = True
    timings_ms: tuple[tuple[str, float], ...] = ()

    def faces_summary(self) -> str:
        n = len(self.faces)
        if n == 0:
            return "no faces found"
        shows = "1 face" if n == 1 else f"{n} faces"
        return f"this photo shows {shows}: if any is a client or a client's child, do not post"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "format": self.format,
            "width": self.width,
            "height": self.height,
            "frames": self.frames,
            "scale": round(self.scale, 4),
            "kind": self.kind.value,
            "kind_plain": self.kind.plain,
            "complete": self.complete,
            "notes": list(self.notes),
            "text": self.ocr.text,
            "words": [
                {"text": w.text, "box": w.box.to_list(), "confidence": w.confidence}
                for w in self.ocr.words
            ],
            "faces": [b.to_list() for b in self.faces],
            "faces_summary": self.faces_summary(),
            "metadata": self.metadata.to_dict(),
            "features": self.features.to_dict(),
        }

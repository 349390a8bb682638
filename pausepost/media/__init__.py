"""Images: text in pictures, faces, and location metadata (the `media` extra).

Entry points: `analyze_image` (facts about one image), `screen_with_images` (a post and
its pictures judged together), `redact_image` and `strip_metadata` (write safer copies;
originals are never modified). Nothing here touches the network.
"""

from __future__ import annotations

from pausepost.media.analyze import analyze_image, screen_with_images
from pausepost.media.errors import (
    CorruptImageError,
    EmptyImageError,
    ImageError,
    ImageTooLargeError,
    MediaUnavailableError,
    UnsupportedImageError,
)
from pausepost.media.kind import ImageKind
from pausepost.media.report import ImageReport

__all__ = [
    "CorruptImageError",
    "EmptyImageError",
    "ImageError",
    "ImageKind",
    "ImageReport",
    "ImageTooLargeError",
    "MediaUnavailableError",
    "UnsupportedImageError",
    "analyze_image",
    "screen_with_images",
]

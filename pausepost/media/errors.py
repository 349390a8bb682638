"""Typed errors for images. All are `InputError`s, so front ends already map them to
exit code 65 or an HTTP 4xx; the messages are safe to show (they never quote content)."""

from __future__ import annotations

from pausepost.errors import InputError


class ImageError(InputError):
    """An image cannot be checked."""


class EmptyImageError(ImageError):
    """The file or upload has no bytes."""


class CorruptImageError(ImageError):
    """The bytes claim to be an image but cannot be decoded."""


class UnsupportedImageError(ImageError):
    """Not an image, or a format Pause does not read (HEIC, PDF, SVG, EPS ...)."""


class ImageTooLargeError(ImageError):
    """Too many bytes or pixels to check safely (decompression bombs end here)."""


class MediaUnavailableError(ImageError):
    """The optional image tools (the `media` extra, or tesseract) are not installed."""

"""Importers for the platforms' data exports: authored posts out, as `Post`s.

Each platform is one module with a `SOURCES` table keyed by export file name; the
platform and layout are detected from the names inside a zip, tar.gz or folder.
Importers never print; bad input raises a typed `ExportError` naming the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pausepost.core.types import Post
from pausepost.importers.base import ExportItem, Source
from pausepost.importers.detect import Detected
from pausepost.importers.errors import (
    CorruptArchiveError,
    ExportError,
    FileFormatError,
    NotAnExportError,
    Problem,
)
from pausepost.importers.export import Export, open_export
from pausepost.importers.registry import PLATFORM_NAMES, all_sources, lookup, sources_for

__all__ = [
    "PLATFORM_NAMES",
    "CorruptArchiveError",
    "Detected",
    "Export",
    "ExportError",
    "ExportItem",
    "FileFormatError",
    "NotAnExportError",
    "Problem",
    "Source",
    "all_sources",
    "iter_items",
    "iter_posts",
    "lookup",
    "open_export",
    "sources_for",
]


def iter_items(path: Path | str, problems: list[Problem] | None = None) -> Iterator[ExportItem]:
    """Authored items with their source file. With `problems`, damage is recorded there and
    reading goes on; without it, the first damaged file raises its `ExportError`."""
    with open_export(path, strict=problems is None) as export:
        try:
            yield from export.items()
        finally:
            if problems is not None:
                problems.extend(export.problems)


def iter_posts(path: Path | str, problems: list[Problem] | None = None) -> Iterator[Post]:
    """The user's own posts, comments and replies in an export, as `Post`s."""
    for item in iter_items(path, problems):
        yield item.post

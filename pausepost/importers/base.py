"""What importers share: the item they yield, the per-file context, the source table row."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, BinaryIO, TextIO

from pausepost.core.types import Audience, ImageRef, Post
from pausepost.importers.archive import Archive
from pausepost.importers.errors import FileFormatError
from pausepost.importers.jsonbounds import MAX_STRING_BYTES


@dataclass(frozen=True)
class ExportItem:
    """One piece of the user's own writing, with where it came from."""

    post: Post
    source: str  # member path inside the export
    kind: str  # post, comment, reply, group post, deleted post, story, ...
    url: str | None = None  # where the post lives, so it can be found to edit or delete


@dataclass
class ReadContext:
    """Per-file state handed to a reader; `shared` carries state across files of one export."""

    archive: Archive
    name: str
    platform: str
    expected: str
    shared: dict[str, Any]
    skipped: int = 0
    empty: int = 0  # items with nothing the user wrote (shares, photo-only)
    skip_reasons: dict[str, int] = field(default_factory=dict)
    index: int = 0
    # Items lacking the field their text lives in: nothing written, unless no item of
    # the file has it (then the file is not shaped as expected; see `Export`).
    textless: int = 0
    text_field: str = ""

    @property
    def display(self) -> str:
        return self.archive.display(self.name)

    def skip(self, why: str = "not in the expected shape") -> None:
        self.skipped += 1
        self.skip_reasons[why] = self.skip_reasons.get(why, 0) + 1

    def no_text_field(self, name: str) -> None:
        """An item without `name`, the field that holds what the user wrote."""
        self.textless += 1
        self.text_field = name

    def next_id(self) -> str:
        self.index += 1
        return f"{self.platform}:{self.name}#{self.index}"

    def item(
        self,
        text: str,
        *,
        created_at: str | None,
        kind: str,
        id: str | None = None,
        media: tuple[str, ...] = (),
        audience: Audience | None = None,
        platform: str | None = None,
        extra_text: tuple[tuple[str, str], ...] = (),
        url: str | None = None,
    ) -> ExportItem:
        post = Post(
            text=text,
            platform=platform or self.platform,
            audience=audience,
            id=id or self.next_id(),
            created_at=created_at,
            images=self.images(media),
            extra_text=extra_text,
        )
        return ExportItem(post=post, source=self.name, kind=kind, url=url)

    def images(self, uris: tuple[str, ...]) -> tuple[ImageRef, ...]:
        """Media referenced by the export, resolved by path suffix (layouts move folders)."""
        refs: list[ImageRef] = []
        for uri in uris:
            if not uri or uri.startswith(("http://", "https://")):
                continue
            if PurePosixPath(uri).suffix.lower() not in IMAGE_SUFFIXES:
                continue  # videos and audio: the image checks cannot read them
            member = self._resolve(uri)
            if member is None:
                continue
            local = self.archive.local_path(member)
            refs.append(ImageRef(path=str(local) if local else None, name=member))
        return tuple(refs)

    def _resolve(self, uri: str) -> str | None:
        index: dict[str, str] | None = self.shared.get("_media_index")
        if index is None:
            index = {}
            for n in self.archive.names():
                index.setdefault(PurePosixPath(n).name, n)
            self.shared["_media_index"] = index
        return index.get(PurePosixPath(uri).name)


IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"})

Reader = Callable[[ReadContext, BinaryIO], Iterator[ExportItem]]


@dataclass(frozen=True)
class Source:
    """One row of the importer registry: a platform's export file, matched by name."""

    platform: str
    pattern: str  # regex over the member path; anchored at a path boundary
    reader: Reader
    layout: str
    expected: str
    priority: int = 50  # lower is read first (X note tweets before tweets)
    distinctive: bool = True  # a match is evidence the export is from `platform`
    # Called once after every file is read (e.g. X long posts no tweet pointed to).
    finish: Callable[[ReadContext], Iterator[ExportItem]] | None = None

    def matches(self, member: str) -> bool:
        return _compiled(self.pattern).search("/" + member) is not None


_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    rx = _CACHE.get(pattern)
    if rx is None:
        rx = _CACHE[pattern] = re.compile(r"(?:^|/)" + pattern + r"$", re.IGNORECASE)
    return rx


def items_of(value: Any) -> list[Any]:
    """`value` if it is a list, else nothing: exports are not always shaped as documented."""
    return value if isinstance(value, list) else []


ROW_TOO_LONG = (f"has a row too long to screen (over {MAX_STRING_BYTES >> 20} MiB); the rows "
                "after it were not read")


def bounded_lines(ctx: ReadContext, text: TextIO) -> Iterator[str]:
    """A CSV file's lines for `csv.reader`, none built past `MAX_STRING_BYTES` characters
    (the cap on one JSON string too): a longer line stops the file there."""
    while line := text.readline(MAX_STRING_BYTES + 1):
        if len(line) > MAX_STRING_BYTES:
            raise FileFormatError(ctx.display, ROW_TOO_LONG, ctx.expected)
        yield line


def first_str(*values: Any) -> str:
    """The first non-empty string among `values`."""
    for v in values:
        if isinstance(v, str) and v.strip():
            return v
    return ""

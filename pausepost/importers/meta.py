"""Shapes shared by Meta's exports (Facebook, Instagram, Threads): mojibake, media items."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from pausepost.importers.base import ReadContext
from pausepost.importers.jsonstream import iter_top_items
from pausepost.importers.text import fix_mojibake_deep, from_unix, join_text


def iter_meta_items(
    ctx: ReadContext, stream: BinaryIO, lists: list[str] | None = None
) -> Iterator[tuple[str | None, Any]]:
    """Every array element of a Meta JSON file, with mojibake repaired in keys and values;
    `lists` gets the keys of a top-level object's lists (see `iter_top_items`)."""
    for key, item in iter_top_items(stream, ctx.display, ctx.expected, lists):
        yield key, fix_mojibake_deep(item)


def media_list(item: dict[str, Any]) -> list[dict[str, Any]]:
    media = item.get("media")
    if isinstance(media, list):
        return [m for m in media if isinstance(m, dict)]
    if "uri" in item:  # a story or single media entry is its own media item
        return [item]
    return []


def media_item_fields(item: dict[str, Any]) -> tuple[str, str | None, tuple[str, ...]]:
    """Text, time and media URIs of an Instagram/Threads post: caption in the top-level
    `title` for carousels, else in `media[0].title`; time likewise."""
    media = media_list(item)
    titles = [m.get("title") for m in media if isinstance(m.get("title"), str)]
    top = item.get("title") if isinstance(item.get("title"), str) else None
    text = join_text(top, *titles)
    ts = item.get("creation_timestamp")
    if ts is None and media:
        ts = media[0].get("creation_timestamp")
    uris = tuple(m["uri"] for m in media if isinstance(m.get("uri"), str))
    return text, from_unix(ts), uris


def looks_like_username(value: str) -> bool:
    return bool(value) and " " not in value and len(value) <= 30

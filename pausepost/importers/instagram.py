"""Instagram "Download your information" (JSON): posts, reels, stories, comments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from pausepost.importers.base import ExportItem, ReadContext, Reader, Source
from pausepost.importers.meta import (
    iter_meta_items,
    looks_like_username,
    media_item_fields,
    media_list,
)
from pausepost.importers.text import from_unix, join_text, parse_datetime

PLATFORM = "instagram"

# The comment field's key in string_map_data follows the account language.
_COMMENT_KEYS = frozenset({"comment", "kommentar", "commentaire", "comentario", "commento",
                           "reactie", "comentário", "opmerking"})


def _known_media_shape(item: dict[str, Any]) -> bool:
    """A caption (`title`) or a media file (`uri`) on the item or one of its media: a post
    with neither is a layout the reader does not know, not a post with nothing written.
    An empty `media: []` is Instagram's own shape, with nothing in it."""
    if item.get("media") == []:
        return True
    return any("title" in m or "uri" in m for m in (item, *media_list(item)))


def _media_reader(kind: str) -> Reader:
    def read(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
        for _key, raw in iter_meta_items(ctx, stream):
            if not isinstance(raw, dict):
                ctx.skip()
                continue
            if not _known_media_shape(raw):
                ctx.no_text_field("title")
                continue
            text, created, uris = media_item_fields(raw)
            if not text:
                ctx.empty += 1
                continue
            yield ctx.item(text, created_at=created, kind=kind, media=uris)

    return read


def _read_old_media(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
    """2018–2020 media.json: {"photos": [{caption, taken_at, path}], "videos": [...], ...}."""
    kinds = {"photos": "post", "videos": "post", "stories": "story", "profile": "profile photo"}
    for key, raw in iter_meta_items(ctx, stream):
        if not isinstance(raw, dict):
            ctx.skip()
            continue
        caption = raw.get("caption")
        if caption is None and "path" not in raw:
            ctx.no_text_field("caption")
            continue
        text = caption if isinstance(caption, str) else ""
        if not text.strip():
            ctx.empty += 1
            continue
        path = raw.get("path")
        yield ctx.item(
            text,
            created_at=parse_datetime(raw.get("taken_at")),
            kind=kinds.get(key or "", "post"),
            media=(path,) if isinstance(path, str) else (),
        )


def _comment_fields(raw: Any) -> tuple[str, str | None] | None:
    """(text, time) for each comment shape Instagram has used."""
    if isinstance(raw, list) and len(raw) >= 2:  # old comments.json: [time, text, owner]
        return (raw[1] if isinstance(raw[1], str) else "", parse_datetime(raw[0]))
    if not isinstance(raw, dict):
        return None
    smd = raw.get("string_map_data")
    if isinstance(smd, dict):
        time = None
        values: list[tuple[str, str]] = []
        for key, field in smd.items():
            if not isinstance(field, dict):
                continue
            if "timestamp" in field and field.get("value") in (None, ""):
                time = from_unix(field["timestamp"])
            elif isinstance(field.get("value"), str):
                values.append((key.strip().lower(), field["value"]))
        named = [v for k, v in values if k in _COMMENT_KEYS]
        if not named:  # unknown language: not the owner's username, the longest remains
            rest = [v for _k, v in values if not looks_like_username(v)] or [v for _, v in values]
            named = [max(rest, key=len)] if rest else []
        return (join_text(*named), time)
    sld = raw.get("string_list_data")
    if isinstance(sld, list) and sld and isinstance(sld[0], dict):
        first = sld[0]
        return (first.get("value") or "", from_unix(first.get("timestamp")))
    return None


def _comment_reader(kind: str) -> Reader:
    def read(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
        for _key, raw in iter_meta_items(ctx, stream):
            fields = _comment_fields(raw)
            if fields is None:
                ctx.skip()
                continue
            text, created = fields
            if not isinstance(text, str) or not text.strip():
                ctx.empty += 1
                continue
            yield ctx.item(text, created_at=created, kind=kind)

    return read


_POSTS = "an Instagram posts file (a JSON list of {media: [...], title?})"
_MEDIA = 'an Instagram media.json ({"photos": [...], "videos": [...]})'
_COMMENTS = "an Instagram comments file (string_map_data or string_list_data entries)"

SOURCES: tuple[Source, ...] = (
    Source(PLATFORM, r"(content|media)/posts(_\d+)?\.json", _media_reader("post"),
           "Instagram 2020+ (posts_N.json)", _POSTS),
    Source(PLATFORM, r"(content|media)/reels(_\d+)?\.json", _media_reader("reel"),
           "Instagram reels", _POSTS),
    Source(PLATFORM, r"(content|media)/stories(_\d+)?\.json", _media_reader("story"),
           "Instagram stories", _POSTS),
    Source(PLATFORM, r"(content|media)/archived_posts(_\d+)?\.json",
           _media_reader("archived post"), "Instagram archived posts", _POSTS),
    Source(PLATFORM, r"(content|media)/igtv_videos(_\d+)?\.json", _media_reader("video"),
           "Instagram IGTV", _POSTS),
    Source(PLATFORM, r"comments/post_comments(_\d+)?\.json", _comment_reader("comment"),
           "Instagram comments", _COMMENTS),
    Source(PLATFORM, r"comments/reels_comments(_\d+)?\.json", _comment_reader("comment"),
           "Instagram reel comments", _COMMENTS),
    Source(PLATFORM, r"comments/story_comments(_\d+)?\.json", _comment_reader("story reply"),
           "Instagram story replies", _COMMENTS),
    Source(PLATFORM, r"media\.json", _read_old_media, "Instagram 2018–2020 (media.json)",
           _MEDIA),
    # Bare comments.json at the root is the 2018 layout; Facebook's lives in comments/.
    Source(PLATFORM, r"comments\.json", _comment_reader("comment"),
           "Instagram 2018–2020 (comments.json)", _COMMENTS, distinctive=False),
    # Loose posts_1.json (a sub-folder uploaded alone); checked after the specific paths.
    Source(PLATFORM, r"posts(_\d+)?\.json", _media_reader("post"),
           "Instagram posts file", _POSTS, distinctive=False),
)

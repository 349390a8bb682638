"""Facebook "Download Your Information" (JSON), every layout since 2018.

Authored content only: posts, comments, group posts and comments, posts on others'
timelines, and earlier versions from the edit history. Messages, likes and other
people's posts are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from pausepost.importers.base import ExportItem, ReadContext, Reader, Source, items_of
from pausepost.importers.errors import FileFormatError
from pausepost.importers.meta import iter_meta_items
from pausepost.importers.text import from_unix, join_text

PLATFORM = "facebook"

# Labels of the message field in the label/value shape; others are names (Target).
_MESSAGE_LABELS = frozenset(
    {"message", "post", "text", "nachricht", "besked", "bericht", "mensaje", "messaggio"}
)
# What Facebook writes in a post's `data[]`: the text, a comment, or only the time of an
# edit (shares). A `data[]` of other keys is a layout the reader does not know.
_DATA_KEYS = frozenset({"post", "comment", "update_timestamp"})
# Lists Facebook wraps items in (status_updates, comments_v2, group_posts_v2,
# group_posts.activity_log_data, other_photos_v2, photos, archived_stories_v2, ...), named
# loosely so that a `_v3` still counts. `data` alone is a field of a post, not such a list.
_LIST_KEY = re.compile(r"(status|post|comment|photo|video|stor|edit|activity_log)", re.I)


def _known_shape(item: dict[str, Any]) -> bool:
    """Whether `item` has a field the reader takes text or media from. Empty `data: []`
    (an "updated status" with nothing in it) and shares are Facebook's own empty posts."""
    if "attachments" in item or "label_values" in item:
        return True
    data = item.get("data")
    if not isinstance(data, list):
        return False
    return not data or any(isinstance(d, dict) and not _DATA_KEYS.isdisjoint(d) for d in data)


def _iter_items(ctx: ReadContext, stream: BinaryIO) -> Iterator[tuple[str | None, Any]]:
    """The file's items; a top-level object that holds none of Facebook's lists is named
    as a problem rather than read as an empty file."""
    lists: list[str] = []
    seen = 0
    for key, raw in iter_meta_items(ctx, stream, lists):
        seen += 1
        yield key, raw
    if lists and not seen and not any(_LIST_KEY.search(k) for k in lists):
        raise FileFormatError(
            ctx.display, "holds none of the lists a Facebook file has (a newer layout?)",
            ctx.expected)


def _texts_from_data(item: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for d in items_of(item.get("data")):
        if not isinstance(d, dict):
            continue
        if isinstance(d.get("post"), str):
            out.append(d["post"])
        comment = d.get("comment")
        if isinstance(comment, dict) and isinstance(comment.get("comment"), str):
            out.append(comment["comment"])
    return out


def _texts_from_attachments(item: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """Captions, notes and poll questions the user wrote; media URIs; place names."""
    texts: list[str] = []
    uris: list[str] = []
    places: list[str] = []
    for att in items_of(item.get("attachments")):
        for d in items_of(att.get("data")) if isinstance(att, dict) else []:
            if not isinstance(d, dict):
                continue
            media = d.get("media")
            if isinstance(media, dict):
                if isinstance(media.get("description"), str):
                    texts.append(media["description"])
                if isinstance(media.get("uri"), str):
                    uris.append(media["uri"])
            note = d.get("note")
            if isinstance(note, dict):
                texts.extend(v for v in (note.get("title"), note.get("text")) if isinstance(v, str))
            poll = d.get("poll")
            if isinstance(poll, dict) and isinstance(poll.get("question"), str):
                texts.append(poll["question"])
            place = d.get("place")
            if isinstance(place, dict) and isinstance(place.get("name"), str):
                places.append(place["name"])
    return texts, uris, places


def _texts_from_labels(item: dict[str, Any]) -> list[str]:
    values = [
        lv for lv in items_of(item.get("label_values")) if isinstance(lv, dict) and "value" in lv
    ]
    chosen = [
        lv["value"]
        for lv in values
        if isinstance(lv.get("label"), str) and lv["label"].strip().lower() in _MESSAGE_LABELS
    ]
    if not chosen:
        strings = [lv["value"] for lv in values if isinstance(lv["value"], str)]
        chosen = [max(strings, key=len)] if strings else []
    return [v for v in chosen if isinstance(v, str)]


def _timestamp(item: dict[str, Any]) -> str | None:
    if "timestamp" in item:
        return from_unix(item["timestamp"])
    for d in items_of(item.get("data")):
        if isinstance(d, dict):
            comment = d.get("comment")
            inner: dict[str, Any] = comment if isinstance(comment, dict) else d
            for key in ("timestamp", "update_timestamp"):
                if key in inner:
                    return from_unix(inner[key])
    return None


def _is_comment(item: dict[str, Any]) -> bool:
    return any(isinstance(d, dict) and isinstance(d.get("comment"), dict)
               for d in items_of(item.get("data")))


def _item(ctx: ReadContext, raw: Any, kind: str, comment_kind: str | None = None
          ) -> ExportItem | None:
    if not isinstance(raw, dict):
        ctx.skip()
        return None
    if not _known_shape(raw):
        ctx.no_text_field("data[].comment" if "comment" in kind else "data[].post")
        return None
    if comment_kind and _is_comment(raw):
        kind = comment_kind
    texts = _texts_from_data(raw) + _texts_from_labels(raw)
    captions, uris, places = _texts_from_attachments(raw)
    text = join_text(*texts, *captions)
    if not text:
        ctx.empty += 1  # shares and photo-only posts: nothing the user wrote
        return None
    # People tagged in the post: context a check can use ("was with a client?").
    tagged = [t["name"] for t in items_of(raw.get("tags")) if isinstance(t, dict)
              and isinstance(t.get("name"), str)]
    return ctx.item(
        text,
        created_at=_timestamp(raw),
        kind=kind,
        media=tuple(uris),
        extra_text=tuple(("place", p) for p in places) + tuple(("tagged", t) for t in tagged),
    )


def _reader(kind: str, comment_kind: str | None = None) -> Reader:
    """`comment_kind`: the file mixes posts and comments; a comment is told by its key
    (`group_comments_v2`) or by its own shape (`data[].comment`)."""

    def read(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
        for key, raw in _iter_items(ctx, stream):
            this_kind = kind
            if comment_kind and key and "comment" in key:
                this_kind = comment_kind
            item = _item(ctx, raw, this_kind, comment_kind)
            if item is not None:
                yield item

    return read


def _read_media_descriptions(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
    """Albums, loose photos, videos, archived stories: the description is the user's own."""
    for _key, raw in _iter_items(ctx, stream):
        if not isinstance(raw, dict):
            ctx.skip()
            continue
        text = raw.get("description")
        if text is None and "uri" not in raw:  # a photo with no description still has a uri
            ctx.no_text_field("description")
            continue
        if not isinstance(text, str) or not text.strip():
            ctx.empty += 1
            continue
        uri = raw.get("uri")
        yield ctx.item(
            text,
            created_at=from_unix(raw.get("creation_timestamp")),
            kind="photo or video caption",
            media=(uri,) if isinstance(uri, str) else (),
        )


_POSTS = "a Facebook posts file (a JSON list of posts with data[].post)"
_COMMENTS = 'a Facebook comments file ({"comments_v2": [...]})'
_GROUPS = ('a Facebook groups file ({"group_posts_v2": [...]}, {"group_comments_v2": [...]} '
           'or {"group_posts": {"activity_log_data": [...]}})')
_OTHER = "a Facebook posts-on-other-profiles file (a JSON list)"

SOURCES: tuple[Source, ...] = (
    Source(PLATFORM, r"your_posts__check_ins__photos_and_videos(_\d+)?\.json", _reader("post"),
           "Facebook 2022+ (your_facebook_activity)", _POSTS),
    Source(PLATFORM, r"your_posts(_\d+)?\.json", _reader("post"),
           "Facebook 2018–2022 (posts/your_posts_N.json)", _POSTS),
    Source(PLATFORM, r"(comments|comments_and_reactions)/comments(_\d+)?\.json",
           _reader("comment"), "Facebook comments", _COMMENTS),
    Source(PLATFORM, r"group_posts_and_comments(_\d+)?\.json",
           _reader("group post", "group comment"), "Facebook 2024+ groups", _GROUPS),
    Source(PLATFORM, r"your_posts_and_comments_in_groups(_\d+)?\.json",
           _reader("group post", "group comment"), "Facebook 2019–22 groups", _GROUPS),
    Source(PLATFORM, r"your_posts_in_groups(_\d+)?\.json", _reader("group post"),
           "Facebook older groups", _GROUPS),
    Source(PLATFORM, r"your_comments_in_groups(_\d+)?\.json", _reader("group comment"),
           "Facebook groups comments", _GROUPS),
    Source(PLATFORM, r"posts_on_other_pages_and_profiles(_\d+)?\.json",
           _reader("post on another profile"), "Facebook posts on other profiles", _OTHER),
    Source(PLATFORM, r"edits_you_made_to_posts(_\d+)?\.json", _reader("earlier version"),
           "Facebook edit history", _POSTS),
    Source(PLATFORM, r"album/\d+\.json", _read_media_descriptions, "Facebook albums",
           'a Facebook album ({"photos": [{uri, description?}]})', distinctive=False),
    Source(PLATFORM, r"(your_uncategorized_photos|your_videos|archived_stories)(_\d+)?\.json",
           _read_media_descriptions, "Facebook photos, videos and stories",
           "a Facebook media list (other_photos_v2, videos_v2 or archived_stories_v2)"),
)

"""Mastodon account archive (tar.gz before 4.1, zip after): outbox.json `Create` items.

Boosts (`Announce`) are other people's words and direct messages are not posts; both
are left out. The 4.1+ writer emits `orderedItems` twice (first empty), and older
archives may repeat items, so items are de-duplicated by id. Photos the outbox names but
the archive lacks (a re-zipped archive without its media folder) are counted as unchecked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any, BinaryIO

from pausepost.importers.base import IMAGE_SUFFIXES, ExportItem, ReadContext, Source
from pausepost.importers.jsonstream import iter_top_items
from pausepost.importers.text import html_to_text, join_text, parse_datetime
from pausepost.importers.unchecked import PHOTOS, note

PLATFORM = "mastodon"
_PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
_PUBLIC_ALIASES = frozenset({_PUBLIC, "as:Public", "Public"})


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def visibility(obj: dict[str, Any]) -> str:
    to = {v for v in _as_list(obj.get("to")) if isinstance(v, str)}
    cc = {v for v in _as_list(obj.get("cc")) if isinstance(v, str)}
    if to & _PUBLIC_ALIASES:
        return "public"
    if cc & _PUBLIC_ALIASES:
        return "unlisted"
    if any(v.endswith("/followers") for v in to | cc):
        return "followers"
    return "direct"


def _note_text(obj: dict[str, Any]) -> str:
    content = obj.get("content")
    if not isinstance(content, str):
        content_map = obj.get("contentMap")
        if isinstance(content_map, dict):
            content = next((v for v in content_map.values() if isinstance(v, str)), "")
    summary = obj.get("summary") if isinstance(obj.get("summary"), str) else None
    alts = [
        a.get("name")
        for a in _as_list(obj.get("attachment"))
        if isinstance(a, dict) and isinstance(a.get("name"), str)
    ]
    options = [  # polls: the user wrote the options too
        o.get("name")
        for key in ("oneOf", "anyOf")
        for o in _as_list(obj.get(key))
        if isinstance(o, dict) and isinstance(o.get("name"), str)
    ]
    return join_text(
        html_to_text(summary) if summary else None,
        html_to_text(content or ""),
        *options,
        *alts,
    )


def _media(obj: dict[str, Any]) -> tuple[str, ...]:
    urls = []
    for a in _as_list(obj.get("attachment")):
        url = a.get("url") if isinstance(a, dict) else None
        if isinstance(url, str):
            urls.append(url.split("?")[0])
    return tuple(urls)


def _photo_count(media: tuple[str, ...]) -> int:
    """Attachments the image checks could read if present: local paths to pictures, the
    same ones `ReadContext.images` resolves (videos and remote links are not photos here)."""
    return sum(
        1 for uri in media
        if uri and not uri.startswith(("http://", "https://"))
        and PurePosixPath(uri).suffix.lower() in IMAGE_SUFFIXES
    )


def _url(obj: dict[str, Any]) -> str | None:
    for value in (obj.get("url"), obj.get("id")):
        if isinstance(value, str) and value.startswith("https://"):
            return value
    return None


def _read_outbox(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
    seen: set[str] = set()
    for key, raw in iter_top_items(stream, ctx.display, ctx.expected):
        if key is None:  # a bare list: the outbox is an object holding orderedItems
            ctx.skip("not inside orderedItems")
            continue
        if key != "orderedItems":
            continue
        if not isinstance(raw, dict):
            ctx.skip()
            continue
        if "type" not in raw and "object" not in raw:
            ctx.no_text_field("object")
            continue
        if raw.get("type") != "Create":
            ctx.empty += 1  # boosts hold other people's words
            continue
        obj = raw.get("object")
        if not isinstance(obj, dict):
            ctx.skip()
            continue
        ident = obj.get("id") or raw.get("id")
        if isinstance(ident, str):
            if ident in seen:
                continue
            seen.add(ident)
        vis = visibility(obj)
        if vis == "direct":
            ctx.empty += 1  # direct messages are conversations, not posts
            continue
        text = _note_text(obj)
        if not text:
            ctx.empty += 1
            continue
        media = _media(obj)
        item = ctx.item(
            text,
            created_at=parse_datetime(obj.get("published") or raw.get("published")),
            kind="reply" if obj.get("inReplyTo") else "post",
            id=f"mastodon:{ident}" if isinstance(ident, str) else None,
            media=media,
            url=_url(obj),
        )
        missing = _photo_count(media) - len(item.post.images)
        if missing > 0:
            note(ctx.shared, PHOTOS, PLATFORM, n=missing)
        yield item


SOURCES: tuple[Source, ...] = (
    Source(PLATFORM, r"outbox\.json", _read_outbox, "Mastodon account archive (outbox.json)",
           'a Mastodon outbox.json ({"type": "OrderedCollection", "orderedItems": [...]})'),
)

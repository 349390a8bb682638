"""Threads (Meta): `threads_and_replies.json` inside the Instagram export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from pausepost.importers.base import ExportItem, ReadContext, Source
from pausepost.importers.meta import iter_meta_items, media_item_fields, media_list

PLATFORM = "threads"


def _is_reply(raw: dict[str, Any]) -> bool:
    for m in media_list(raw):
        app = m.get("text_app_post")
        if isinstance(app, dict) and app.get("is_reply") is True:
            return True
    return False


def _read(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
    for _key, raw in iter_meta_items(ctx, stream):
        if not isinstance(raw, dict):
            ctx.skip()
            continue
        text, created, uris = media_item_fields(raw)
        if not text:
            ctx.empty += 1
            continue
        kind = "reply" if _is_reply(raw) else "post"
        yield ctx.item(text, created_at=created, kind=kind, media=uris)


SOURCES: tuple[Source, ...] = (
    Source(PLATFORM, r"threads_and_replies(_\d+)?\.json", _read,
           "Threads (in the Instagram export)",
           'a Threads file ({"text_post_app_text_posts": [...]})'),
)

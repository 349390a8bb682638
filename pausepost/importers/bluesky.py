"""Bluesky: the account repository exported as a CAR file (`app.bsky.feed.post` records)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from pausepost.importers.base import ExportItem, ReadContext, Source, items_of
from pausepost.importers.car import CARError, read_car, walk_repo
from pausepost.importers.dagcbor import CBORError
from pausepost.importers.errors import FileFormatError
from pausepost.importers.text import join_text, parse_datetime

PLATFORM = "bluesky"
_POSTS = "app.bsky.feed.post/"


def _alt_texts(embed: Any) -> list[str]:
    """Image alt text is the user's writing too; quotes-with-media nest one level."""
    if not isinstance(embed, dict):
        return []
    out: list[str] = []
    for image in items_of(embed.get("images")):
        if isinstance(image, dict) and isinstance(image.get("alt"), str):
            out.append(image["alt"])
    if isinstance(embed.get("video"), dict) or "alt" in embed:
        alt = embed.get("alt")
        if isinstance(alt, str):
            out.append(alt)
    out.extend(_alt_texts(embed.get("media")))
    return out


def _read_repo(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
    try:
        car = read_car(stream)
        did, records, problems = walk_repo(car)
        for key, record in records:
            if not key.startswith(_POSTS):
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                ctx.skip()
                continue
            text = join_text(record["text"], *_alt_texts(record.get("embed")))
            if not text:
                ctx.empty += 1
                continue
            yield ctx.item(
                text,
                created_at=parse_datetime(record.get("createdAt")),
                kind="reply" if isinstance(record.get("reply"), dict) else "post",
                id=f"at://{did}/{key}" if did else f"bluesky:{key}",
                url=f"https://bsky.app/profile/{did}/post/{key.split('/', 1)[1]}" if did else None,
            )
    except (CARError, CBORError) as exc:
        raise FileFormatError(ctx.display, f"is not a readable repository ({exc})",
                              ctx.expected) from None
    for why in problems:
        ctx.skip(why)
    if car.truncated:
        raise FileFormatError(ctx.display, "ends early (incomplete download)", ctx.expected)


SOURCES: tuple[Source, ...] = (
    Source(PLATFORM, r"[^/]*\.car", _read_repo, "Bluesky repository (CAR v1)",
           "a Bluesky repository export (.car, CAR v1 with a root commit)"),
)

"""Bluesky: the account repository exported as a CAR file (`app.bsky.feed.post` records).

The repository holds no photos, only references (blob CIDs) to them: a photo is checked
only when a file named by its CID lies beside the .car (in the same zip or folder), and
the rest are counted as unchecked. Records other apps keep in the same repository
(blogs, link aggregators, ...) are counted too, by app, and not read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any, BinaryIO

from pausepost.core.types import ImageRef
from pausepost.importers.base import ExportItem, ReadContext, Source, items_of
from pausepost.importers.car import CARError, read_car, walk_repo
from pausepost.importers.dagcbor import CID, CBORError
from pausepost.importers.errors import FileFormatError
from pausepost.importers.text import join_text, parse_datetime
from pausepost.importers.unchecked import OTHER_APPS, PHOTOS, note

PLATFORM = "bluesky"
_POSTS = "app.bsky.feed.post/"
# Collections Bluesky itself (or the protocol) owns: likes, follows, profile, chat...
_BLUESKY_OWN = ("app.bsky.", "chat.bsky.", "com.atproto.")


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


def _photo_cids(embed: Any) -> list[str]:
    """CIDs of the photos in an images embed (also inside a quote with media)."""
    if not isinstance(embed, dict):
        return []
    out: list[str] = []
    for image in items_of(embed.get("images")):
        blob = image.get("image") if isinstance(image, dict) else None
        if isinstance(blob, dict):
            ref = blob.get("ref", blob.get("cid"))  # current, then 2022-era legacy form
            if isinstance(ref, CID | str):
                out.append(str(ref))
    out.extend(_photo_cids(embed.get("media")))
    return out


def _photos(ctx: ReadContext, cids: list[str]) -> tuple[ImageRef, ...]:
    """Files beside the repository named by a photo's CID (with or without a suffix);
    photos not found are tallied as unchecked."""
    index: dict[str, str] | None = ctx.shared.get("_bluesky_blobs")
    if index is None:
        index = {}
        for name in ctx.archive.names():
            path = PurePosixPath(name)
            if path.stem.startswith("baf"):
                index.setdefault(path.stem, name)
        ctx.shared["_bluesky_blobs"] = index
    refs = []
    for cid in cids:
        member = index.get(cid)
        if member is None:
            note(ctx.shared, PHOTOS, PLATFORM)
            continue
        local = ctx.archive.local_path(member)
        refs.append(ImageRef(path=str(local) if local else None, name=member))
    return tuple(refs)


def _read_repo(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
    try:
        car = read_car(stream)
        did, records, problems = walk_repo(car)
        for key, record in records:
            if not key.startswith(_POSTS):
                if not key.startswith(_BLUESKY_OWN):
                    note(ctx.shared, OTHER_APPS, PLATFORM, detail=key.split("/", 1)[0])
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                ctx.skip()
                continue
            text = join_text(record["text"], *_alt_texts(record.get("embed")))
            photos = _photos(ctx, _photo_cids(record.get("embed")))
            if not text and not photos:
                ctx.empty += 1
                continue
            # A photo posted with no words keeps empty text, as X's do: the photo is what
            # the image checks screen (the audit counts it as nothing written without them).
            item = ctx.item(
                text,
                created_at=parse_datetime(record.get("createdAt")),
                kind="reply" if isinstance(record.get("reply"), dict) else "post",
                id=f"at://{did}/{key}" if did else f"bluesky:{key}",
                url=f"https://bsky.app/profile/{did}/post/{key.split('/', 1)[1]}" if did else None,
            )
            if photos:
                item = dataclasses.replace(
                    item, post=dataclasses.replace(item.post, images=photos))
            yield item
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

"""TikTok "Download your data" (JSON): `user_data_tiktok.json`, `user_data.json` before ~2023.

One file holds every section as nested objects; it is streamed once and only the user's
own writing is built: video descriptions (posts, and recently deleted ones), comments,
comments and questions in other people's lives, and the profile bio. Watch, like and
search history are other people's words or none. Direct messages are conversations, not
posts: they are not read, and those the user sent are counted as "nothing written", as
Mastodon's direct items are.

Section names changed over time ("Video" > "Videos" became "Post" > "Posts", "Profile
Information" became "Profile Info", comment keys lost their capitals), so sections are
matched by path pattern, case-insensitively, and text by any of the known field names.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any, BinaryIO

import ijson

from pausepost.importers.base import ExportItem, ReadContext, Source, first_str
from pausepost.importers.errors import FileFormatError
from pausepost.importers.jsonstream import open_payload
from pausepost.importers.text import join_text, parse_datetime
from pausepost.importers.unchecked import NO_DESCRIPTION, note

PLATFORM = "tiktok"
POST_PLATFORM = "tiktok_caption"  # the screener's name for TikTok (public by default)

# ijson prefixes (keys joined by ".", list elements as "item") -> what the object holds.
# A key may itself contain dots ("Chat History with jane.doe:"), hence the loose middles.
_SECTIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        # Post > Posts (2023+), Video > Videos (before), under "Activity" in some readers'
        # accounts, "Your Public Activity" > Videos in others.
        ("post", r"((your public )?activity\.)?((post|video)\.)?(posts|videos)\.videolist\.item"),
        (
            "deleted post",
            r"((post|video)s?\.)?recently deleted (posts\.postlist|videos\.videolist)\.item",
        ),
        ("comment", r"comments?\.(comments\.)?commentslist\.item"),
        ("profile", r"profile\.profile info(rmation)?\.profilemap"),
        ("dm", r"direct messages?\.(direct messages|chat history)\.chathistory\..+\.item"),
        ("live comment", r"tiktok live\.watch live history\.watchlivemap\..+\.comments\.item"),
        ("live question", r"tiktok live\.watch live history\.watchlivemap\..+\.questions\.item"),
    )
)
_TEXT_FIELDS = {
    "post": ("Desc", "Title", "Caption", "Description", "desc", "title", "description"),
    "deleted post": ("Desc", "Title", "Caption", "Description", "desc", "title", "description"),
    "comment": ("comment", "Comment"),
    "profile": ("bioDescription", "BioDescription"),
    "live comment": ("CommentContent", "commentContent"),
    "live question": ("QuestionContent", "questionContent"),
}
_EXTRA_TEXT = ("AddYoursText",)  # an "Add Yours" prompt the user wrote on a post
_TIME_FIELDS = ("Date", "date", "CommentTime", "QuestionTime")
_LINK_FIELDS = ("Link", "VideoLink", "link", "url")
_VIDEO_ID = re.compile(r"/video/(\d+)")


@functools.lru_cache(maxsize=4096)  # prefixes repeat for every element of a list
def _section(prefix: str) -> str | None:
    for kind, pattern in _SECTIONS:
        if pattern.fullmatch(prefix):
            return kind
    return None


def _objects(stream: BinaryIO, ctx: ReadContext) -> Iterator[tuple[str, Any]]:
    """(section, value) for every object under a known section, in file order; everything
    else (watch history, likes, settings) is passed over without being built."""
    builder: ijson.ObjectBuilder | None = None
    target = kind = ""
    payload = open_payload(stream, ctx.display, ctx.expected)
    try:
        for prefix, event, value in ijson.parse(payload, use_float=True):
            if builder is not None:
                builder.event(event, value)
                if prefix == target and event in ("end_map", "end_array"):
                    yield kind, builder.value
                    builder = None
                continue
            if event not in ("start_map", "start_array") and not prefix.endswith(".item"):
                continue  # keys, ends, and fields of objects no section wants
            found = _section(prefix)
            if found is None:
                continue
            if event in ("start_map", "start_array"):
                builder, target, kind = ijson.ObjectBuilder(), prefix, found
                builder.event(event, value)
            else:
                yield found, value  # a bare string or number where an object belongs
    except (ijson.JSONError, UnicodeDecodeError, ValueError) as exc:
        detail = str(exc)
        why = "ends early (truncated download?)" if "EOF" in detail else "is not valid JSON"
        if isinstance(exc, UnicodeDecodeError) or "utf-8" in detail.lower():
            why = "is not UTF-8 text (saved in another encoding?)"
        raise FileFormatError(ctx.display, why, ctx.expected) from None


def _url(obj: dict[str, Any]) -> str | None:
    link = first_str(*(obj.get(k) for k in _LINK_FIELDS))
    return link if link.startswith("https://") else None


def _item(ctx: ReadContext, kind: str, obj: dict[str, Any]) -> ExportItem | None:
    text = join_text(
        first_str(*(obj.get(k) for k in _TEXT_FIELDS[kind])),
        *(obj.get(k) for k in _EXTRA_TEXT if kind == "post" and isinstance(obj.get(k), str)),
    )
    if not text:
        return None
    url = _url(obj)
    video = _VIDEO_ID.search(url or "")
    return ctx.item(
        text,
        created_at=parse_datetime(first_str(*(obj.get(k) for k in _TIME_FIELDS))),
        kind="profile bio" if kind == "profile" else kind,
        id=f"tiktok:{video.group(1)}" if video and kind == "post" else None,
        platform=POST_PLATFORM,
        url=url if kind in ("post", "live comment", "live question") else None,
    )


def _read(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
    user = ""
    sent: Counter[str] = Counter()  # DM senders: the user's own count as nothing written
    for kind, obj in _objects(stream, ctx):
        if not isinstance(obj, dict):
            ctx.skip()
            continue
        if kind == "dm":
            sender = obj.get("From")
            sent[sender if isinstance(sender, str) else ""] += 1
            continue
        if kind in ("post", "deleted post") and not any(k in obj for k in _TEXT_FIELDS[kind]):
            note(ctx.shared, NO_DESCRIPTION, PLATFORM)  # not "nothing written": unknown
            continue
        if kind == "profile":
            user = first_str(obj.get("userName"), obj.get("UserName"))
            if not first_str(*(obj.get(k) for k in _TEXT_FIELDS[kind])):
                continue  # no bio: nothing to count
        item = _item(ctx, kind, obj)
        if item is None:
            ctx.empty += 1
            continue
        yield item
    # Profile may come after the messages; without a user name, every message is counted.
    ctx.empty += sent[user] if user else sum(sent.values())


SOURCES: tuple[Source, ...] = (
    Source(
        PLATFORM,
        r"user_data(_tiktok)?\.json",
        _read,
        "TikTok data export (JSON)",
        'a TikTok user_data_tiktok.json ({"Post": {"Posts": {"VideoList": [...]}}, '
        '"Comment": {...}, ...})',
    ),
)

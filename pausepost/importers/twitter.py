"""X / Twitter archive: today's tweets.js, the 2019–2022 tweet.js, and the classic Grailbird.

Long posts are cut in tweets.js; their full text lives in note-tweet.js with no id
linking the two, so they are matched by creation time to the second (or by id where an
export shares one), checked against the cut text, or by that text alone when the two
clocks differ. Retweets are other people's words and are not screened.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, BinaryIO

from pausepost.importers.base import (
    ROW_TOO_LONG,
    ExportItem,
    ReadContext,
    Reader,
    Source,
    bounded_lines,
    first_str,
    items_of,
)
from pausepost.importers.errors import FileFormatError
from pausepost.importers.jsonstream import iter_top_items
from pausepost.importers.text import parse_datetime, unescape

PLATFORM = "x"
_TWEET_TIME = "%a %b %d %H:%M:%S %z %Y"
_CLASSIC_TIME = "%Y-%m-%d %H:%M:%S %z"
_NOTES = "x_notes"  # shared: the long posts of note-tweet.js, indexed for matching
_TRAILING_LINK = re.compile(r"\s*https?://\S+\s*$")  # t.co, or already expanded
_LEADING_MENTIONS = re.compile(r"^(?:@\w+\s+)+")
_KEY_CHARS = 40  # how much of the start of a cut tweet must agree with its long post


def _expand(text: str, t: dict[str, Any]) -> str:
    """Replace t.co links by their targets; drop the link that only points at the media."""
    found = t.get("entities")
    entities: dict[str, Any] = found if isinstance(found, dict) else {}
    for u in items_of(entities.get("urls")):
        if isinstance(u, dict) and u.get("url") and u.get("expanded_url"):
            text = text.replace(u["url"], u["expanded_url"])
    for m in items_of(entities.get("media")):
        if isinstance(m, dict) and m.get("url"):
            text = text.replace(m["url"], "")
    return unescape(text).strip()


def _media(t: dict[str, Any], folder: str) -> tuple[str, ...]:
    ext = t.get("extended_entities") or t.get("entities") or {}
    tid = first_str(t.get("id_str"), t.get("id"))
    out = []
    for m in items_of(ext.get("media")) if isinstance(ext, dict) else []:
        url = m.get("media_url_https") or m.get("media_url") if isinstance(m, dict) else None
        if isinstance(url, str):
            out.append(f"{folder}/{tid}-{PurePosixPath(url).name}")
    return tuple(out)


@dataclass
class _Note:
    text: str
    created: str | None
    id: str
    used: bool = False


@dataclass
class _Notes:
    """Long posts by creation time, by id and by the start of their text."""

    every: list[_Note] = field(default_factory=list)
    by_time: dict[str, list[_Note]] = field(default_factory=dict)
    by_id: dict[str, _Note] = field(default_factory=dict)
    by_start: dict[str, list[_Note]] = field(default_factory=dict)

    def add(self, note: _Note) -> None:
        self.every.append(note)
        if note.created:
            self.by_time.setdefault(note.created, []).append(note)
        if note.id:
            self.by_id[note.id] = note
        start = _normal(note.text)[:_KEY_CHARS]
        if len(start) == _KEY_CHARS:
            self.by_start.setdefault(start, []).append(note)


def _normal(text: str) -> str:
    """Text as both files hold it: no leading @mentions, whitespace runs as one space."""
    return " ".join(_LEADING_MENTIONS.sub("", text.strip()).split())


def _merge_note(ctx: ReadContext, text: str, created: str | None, tid: str) -> str:
    """The long post this tweet is the cut-off start of, with the reply's @mentions kept."""
    notes: _Notes | None = ctx.shared.get(_NOTES)
    if notes is None:
        return text
    body = _TRAILING_LINK.sub("", text).rstrip()
    cut = body.endswith("…")
    stem = _normal(body.rstrip("…"))
    candidates = [n for n in (notes.by_id.get(tid),) if n is not None]
    candidates += notes.by_time.get(created or "", [])
    if cut and len(stem) >= _KEY_CHARS:  # the clocks may differ: the text alone decides
        candidates += notes.by_start.get(stem[:_KEY_CHARS], [])
    for note in candidates:
        if note.used:
            continue
        full = _normal(note.text)
        if note.id == tid or (stem and len(full) >= len(stem) and full.startswith(stem)):
            note.used = True
            mentions = _LEADING_MENTIONS.match(text.strip())
            lead = mentions.group(0) if mentions else ""
            return note.text if note.text.startswith(lead) else lead + note.text
    return text


def _tweet_reader(kind: str, media_folder: str) -> Reader:
    def read(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
        for _key, raw in iter_top_items(stream, ctx.display, ctx.expected):
            t = raw.get("tweet", raw) if isinstance(raw, dict) else None
            if not isinstance(t, dict):
                ctx.skip()
                continue
            if not isinstance(t.get("full_text"), str) and not isinstance(t.get("text"), str):
                ctx.no_text_field("full_text")
                continue
            text = first_str(t.get("full_text"), t.get("text"))
            if not text or text.startswith("RT @") or "retweeted_status" in t:
                ctx.empty += 1  # a retweet holds someone else's words
                continue
            created = parse_datetime(t.get("created_at"), _TWEET_TIME, _CLASSIC_TIME)
            tid = first_str(t.get("id_str"), t.get("id"))
            text = _merge_note(ctx, _expand(text, t), created, tid)
            media = _media(t, media_folder)
            if not text and not ctx.images(media):
                ctx.empty += 1  # only a link to a photo the archive does not hold
                continue
            this_kind = kind
            if kind == "post" and first_str(t.get("in_reply_to_status_id_str"),
                                             t.get("in_reply_to_status_id")):
                this_kind = "reply"
            # A photo posted with no words keeps empty text: its photo is what to screen.
            yield ctx.item(
                text,
                created_at=created,
                kind=this_kind,
                id=f"x:{tid}" if tid else None,
                media=media,
                url=f"https://x.com/i/web/status/{tid}" if tid else None,
            )

    return read


def _note_text(raw: Any) -> tuple[str, str | None] | None:
    note = raw.get("noteTweet") if isinstance(raw, dict) else None
    if not isinstance(note, dict) or not isinstance(note.get("core"), dict):
        return None
    core = note["core"]
    text = core.get("text")
    if not isinstance(text, str):
        return None
    for u in items_of(core.get("urls")):
        if isinstance(u, dict) and u.get("shortUrl") and u.get("expandedUrl"):
            text = text.replace(u["shortUrl"], u["expandedUrl"])
    return unescape(text), parse_datetime(note.get("createdAt"))


def _read_notes(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
    """Remember long posts; tweets.js entries pick them up (read after this file)."""
    notes: _Notes = ctx.shared.setdefault(_NOTES, _Notes())
    for _key, raw in iter_top_items(stream, ctx.display, ctx.expected):
        parsed = _note_text(raw)
        if parsed is None:
            ctx.skip()
            continue
        text, created = parsed
        if text.strip():
            note = raw["noteTweet"]
            notes.add(_Note(text, created, first_str(note.get("noteTweetId"))))
    yield from ()  # long posts come out with their tweets, or in _finish_notes


def _finish_notes(ctx: ReadContext) -> Iterator[ExportItem]:
    """Long posts no tweet matched are still the user's writing: screen them on their own."""
    notes: _Notes | None = ctx.shared.get(_NOTES)
    for note in notes.every if notes is not None else []:
        if not note.used:
            yield ctx.item(note.text, created_at=note.created, kind="long post")


def _read_deleted_notes(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
    for _key, raw in iter_top_items(stream, ctx.display, ctx.expected):
        parsed = _note_text(raw)
        if parsed is None:
            ctx.skip()
            continue
        text, created = parsed
        if text.strip():
            yield ctx.item(text, created_at=created, kind="deleted long post")


def _read_classic_csv(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
    """Classic tweets.csv, read only when the archive has no data/js/tweets/*.js."""
    if any(_GRAILBIRD.search("/" + n) for n in ctx.archive.names()):
        return
    try:
        text_stream = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        rows = csv.DictReader(bounded_lines(ctx, text_stream))
        if "text" not in (rows.fieldnames or ()):
            raise FileFormatError(ctx.display, "has no text column", ctx.expected)
        for row in rows:
            text = row.get("text") or ""
            if not text.strip() or text.startswith("RT @") or row.get("retweeted_status_id"):
                ctx.empty += 1
                continue
            tid = row.get("tweet_id") or ""
            yield ctx.item(
                unescape(text),
                created_at=parse_datetime(row.get("timestamp"), _CLASSIC_TIME),
                kind="reply" if row.get("in_reply_to_status_id") else "post",
                id=f"x:{tid}" if tid else None,
            )
    except (UnicodeDecodeError, csv.Error) as exc:
        why = ROW_TOO_LONG if "field limit" in str(exc) else f"cannot be read ({exc})"
        raise FileFormatError(ctx.display, why, ctx.expected) from None


def _evidence_only(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
    return iter(())


_GRAILBIRD = re.compile(r"/data/js/tweets/\d{4}_\d{2}\.js$", re.IGNORECASE)
_TWEETS = 'an X archive file (window.YTD.<name>.partN = [{"tweet": {...}}])'
_NOTES_EXPECTED = 'an X note-tweet.js (window.YTD.note_tweet.part0 = [{"noteTweet": {...}}])'

SOURCES: tuple[Source, ...] = (
    Source(PLATFORM, r"note-tweet(-part\d+)?\.js", _read_notes, "X long posts (note-tweet.js)",
           _NOTES_EXPECTED, priority=10, finish=_finish_notes),
    Source(PLATFORM, r"deleted-note-tweet(-part\d+)?\.js", _read_deleted_notes,
           "X deleted long posts", _NOTES_EXPECTED),
    Source(PLATFORM, r"tweets(-part\d+)?\.js", _tweet_reader("post", "data/tweets_media"),
           "X 2022+ (tweets.js)", _TWEETS),
    Source(PLATFORM, r"tweet(-part\d+)?\.js", _tweet_reader("post", "data/tweet_media"),
           "X 2019–2022 (tweet.js)", _TWEETS),
    Source(PLATFORM, r"deleted-tweets(-part\d+)?\.js",
           _tweet_reader("deleted post", "data/deleted_tweets_media"), "X deleted posts", _TWEETS),
    Source(PLATFORM, r"community-tweet(-part\d+)?\.js",
           _tweet_reader("community post", "data/community_tweet_media"), "X community posts",
           _TWEETS),
    Source(PLATFORM, r"data/js/tweets/\d{4}_\d{2}\.js", _tweet_reader("post", "data/js"),
           "X classic archive (Grailbird, ≤2018)", "a Grailbird tweets file (= [ {...} ])"),
    Source(PLATFORM, r"tweets\.csv", _read_classic_csv, "X classic archive (tweets.csv)",
           "the classic archive's tweets.csv (tweet_id,...,text,...)"),
    Source(PLATFORM, r"manifest\.js", _evidence_only, "X archive manifest", "manifest.js"),
)

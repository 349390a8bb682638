"""LinkedIn "Get a copy of your data": Shares.csv, Comments.csv, Articles/*.html.

An article page carries its dates ("Created on …", "Published on …", often the file
name too) and, for drafts, an "Untitled" heading: the dates are read, the lines dropped.

Two CSV dialects: today's UTF-8 comma file with backslash-escaped quotes and each
line of a multi-line post wrapped in its own quotes, and the 2018 UTF-16 tab file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import BinaryIO, cast

from pausepost.core.types import Audience
from pausepost.importers.base import (
    ROW_TOO_LONG,
    ExportItem,
    ReadContext,
    Reader,
    Source,
    bounded_lines,
)
from pausepost.importers.errors import FileFormatError
from pausepost.importers.jsonbounds import MAX_STRING_BYTES
from pausepost.importers.text import html_to_text, parse_datetime

PLATFORM = "linkedin"
_LINE_QUOTES = re.compile(r'^"+|"+$', re.MULTILINE)
# Long posts are single CSV fields; the default 128 KB field limit is too small for some,
# but a field or line is never built past the cap on one item (the JSON readers' too).
csv.field_size_limit(MAX_STRING_BYTES)


def _key(header: str) -> str:
    return re.sub(r"[^a-z]", "", header.lower())


def _encoding(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return "utf-8-sig"


def _clean_multiline(text: str) -> str:
    """Undo LinkedIn's per-line quoting (`line one"\\n""\\n"line two`)."""
    if '"\n' in text or '\n"' in text:
        text = _LINE_QUOTES.sub("", text)
    return text.strip()


def _date(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.endswith(" UTC"):  # 2018 layout: 2017/06/08 08:15:44 UTC
        parsed = parse_datetime(value[:-4].replace("/", "-"))
        return f"{parsed}Z" if parsed and not parsed.endswith("Z") else parsed
    return parse_datetime(value.replace("/", "-"))


def _rows(ctx: ReadContext, stream: BinaryIO, text_column: str) -> Iterator[dict[str, str]]:
    buffered = io.BufferedReader(cast(io.RawIOBase, stream))
    encoding = _encoding(buffered.peek(4)[:4])
    text = io.TextIOWrapper(buffered, encoding=encoding, newline="")
    try:
        header_line = text.readline()
        delimiter = "\t" if header_line.count("\t") > header_line.count(",") else ","
        header = next(csv.reader([header_line], delimiter=delimiter, escapechar="\\"), [])
        keys = [_key(h) for h in header]
        if not keys or not any(k in keys for k in ("date", "message", "sharecommentary")):
            raise FileFormatError(ctx.display, "has no recognisable header", ctx.expected)
        if _key(text_column) not in keys:  # every row would look like a share with no text
            raise FileFormatError(ctx.display, f"has no {text_column} column", ctx.expected)
        for row in csv.reader(bounded_lines(ctx, text), delimiter=delimiter, escapechar="\\"):
            if not row:
                continue
            if len(row) != len(keys):
                ctx.skip("row with the wrong number of columns")
                continue
            yield dict(zip(keys, row, strict=True))
    except UnicodeDecodeError:
        raise FileFormatError(
            ctx.display, "is not UTF-8 or UTF-16 text", ctx.expected
        ) from None
    except csv.Error as exc:
        why = ROW_TOO_LONG if "field limit" in str(exc) else f"is not valid CSV ({exc})"
        raise FileFormatError(ctx.display, why, ctx.expected) from None


def _csv_reader(text_column: str, kind: str, id_key: str) -> Reader:
    text_key = _key(text_column)

    def read(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
        for row in _rows(ctx, stream, text_column):
            text = _clean_multiline(row.get(text_key, ""))
            if not text:
                ctx.empty += 1
                continue
            link = row.get(id_key, "").strip()
            yield ctx.item(
                text,
                created_at=_date(row.get("date")),
                kind=kind,
                id=f"linkedin:{link}@{row.get('date', '').strip()}" if link else None,
                audience=Audience.PROFESSIONAL,
                url=link if link.startswith("https://") else None,
            )

    return read


# The page around an article: a draft's "Untitled" heading and the created/published lines.
_STAMP = r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?"
_BOILERPLATE = re.compile(
    rf"^\s*(?:untitled|not published yet\.?|(?:created|published) on {_STAMP}\.?)\s*$",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(rf"^\s*published on {_STAMP}", re.IGNORECASE | re.MULTILINE)
_CREATED = re.compile(rf"^\s*created on {_STAMP}", re.IGNORECASE | re.MULTILINE)
_NAME_STAMP = re.compile(rf"^{_STAMP}")  # "2021-03-04 17:22:00.0-Title.html"


def _stamp(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    day, time = match.group(1), match.group(2) or "00:00"
    return parse_datetime(f"{day}T{time}")


def _article_date(name: str, text: str) -> str | None:
    """When it went out if it did, else the date in the file name, else when it was begun."""
    base = name.rsplit("/", 1)[-1]
    return (_stamp(_PUBLISHED.search(text)) or _stamp(_NAME_STAMP.match(base))
            or _stamp(_CREATED.search(text)))


def _without_boilerplate(text: str) -> str:
    kept = [line for line in text.splitlines() if not _BOILERPLATE.match(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _read_article(ctx: ReadContext, stream: BinaryIO) -> Iterator[ExportItem]:
    raw = stream.read(8 << 20)
    try:
        page = html_to_text(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FileFormatError(ctx.display, "is not UTF-8", ctx.expected) from None
    text = _without_boilerplate(page)
    if text:
        yield ctx.item(text, created_at=_article_date(ctx.name, page), kind="article",
                       audience=Audience.PROFESSIONAL)
    else:
        ctx.empty += 1  # a draft with nothing written yet


_SHARES = "LinkedIn Shares.csv (Date,ShareLink,ShareCommentary,...)"
SOURCES: tuple[Source, ...] = (
    Source(PLATFORM, r"shares\.csv", _csv_reader("ShareCommentary", "post", "sharelink"),
           "LinkedIn Shares.csv", _SHARES),
    Source(PLATFORM, r"comments\.csv", _csv_reader("Message", "comment", "link"),
           "LinkedIn Comments.csv", "LinkedIn Comments.csv (Date,Link,Message)"),
    Source(PLATFORM, r"articles/.+\.html?", _read_article, "LinkedIn articles",
           "an article saved as HTML", distinctive=False),
)

"""Streaming JSON for exports: items come one at a time, never the whole file.

Handles what wraps the JSON: a UTF-8 BOM, X's ``window.YTD.tweets.part0 = `` and
Grailbird's ``Grailbird.data.tweets_2015_01 =`` prefixes, and a trailing ``;``.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from typing import Any, BinaryIO

import ijson

from pausepost.importers.errors import FileFormatError
from pausepost.importers.jsonbounds import JsonBounds

_CHUNK = 64 * 1024
_MAX_PREFIX = 4096  # a JS assignment prefix is short; past this it is not JSON


class _Payload(io.RawIOBase):
    """Yields the bytes from the first ``[`` or ``{`` up to the end, minus a trailing ``;``,
    through `JsonBounds` (too deep is refused, a too long string is replaced)."""

    def __init__(self, raw: BinaryIO, display: str, expected: str) -> None:
        super().__init__()
        self._raw = raw
        self._display = display
        self._expected = expected
        self._started = False
        self._held = b""
        self._out = b""
        self._eof = False
        self._utf16: codecs.IncrementalDecoder | None = None
        self._bounds = JsonBounds(display, expected)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._out and not self._eof:
            self._fill()
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def _fill(self) -> None:
        chunk = self._raw.read(_CHUNK)
        if not self._started and not self._held:
            self._utf16 = _utf16_decoder(chunk[:4])
        if self._utf16 is not None:  # re-encoded as UTF-8 for the parser
            chunk = self._utf16.decode(chunk, final=not chunk).encode("utf-8")
        if not self._started:
            if not chunk:
                self._eof = True
                why = "is not JSON" if self._held.strip() else "is empty"  # e.g. a bare string
                raise FileFormatError(self._display, why, self._expected)
            self._held += chunk
            starts = [i for i in (self._held.find(b"["), self._held.find(b"{")) if i >= 0]
            if not starts:
                if len(self._held) > _MAX_PREFIX:
                    raise FileFormatError(self._display, "is not JSON", self._expected)
                return
            self._held = self._held[min(starts) :]
            self._started = True
            return
        if chunk:
            self._out, self._held = self._bounds.feed(self._held), chunk
        else:
            last = self._bounds.feed(self._held.rstrip(b" \t\r\n;"))
            self._out, self._held = last + self._bounds.flush(), b""
            self._eof = True


def _utf16_decoder(head: bytes) -> codecs.IncrementalDecoder | None:
    """Some tools re-save exports as UTF-16; JSON's first character is ASCII, so a NUL
    next to it gives the byte order away even without a BOM."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return codecs.getincrementaldecoder("utf-16")()
    if len(head) >= 2 and head[1:2] == b"\x00" and head[:1] != b"\x00":
        return codecs.getincrementaldecoder("utf-16-le")()
    if len(head) >= 2 and head[:1] == b"\x00" and head[1:2] != b"\x00":
        return codecs.getincrementaldecoder("utf-16-be")()
    return None


def open_payload(raw: BinaryIO, display: str, expected: str) -> io.BufferedReader:
    return io.BufferedReader(_Payload(raw, display, expected), buffer_size=_CHUNK)


def iter_top_items(
    raw: BinaryIO, display: str, expected: str, lists: list[str] | None = None
) -> Iterator[tuple[str | None, Any]]:
    """Each element of a top-level array as ``(None, item)``, or of every array under a
    top-level object key as ``(key, item)``, or one object deeper as ``("key.sub", item)``
    (Facebook's older ``{"group_posts": {"activity_log_data": [...]}}``). Truncated or
    invalid JSON raises `FileFormatError` after the items that could be read. `lists`, if
    given, gets the key of every list of a top-level object, empty ones too."""
    stream = open_payload(raw, display, expected)
    try:
        first = stream.peek(1)[:1]
        if first == b"[":
            for item in ijson.items(stream, "item", use_float=True):
                yield None, item
        else:
            yield from _object_arrays(stream, [] if lists is None else lists)
    except _NoList:
        raise FileFormatError(
            display, "holds an object with no list of items (a list was expected)", expected
        ) from None
    except (ijson.JSONError, UnicodeDecodeError, ValueError) as exc:
        raise FileFormatError(display, _reason(exc), expected) from None


class _NoList(Exception):
    """A top-level object with keys but no array at all: not the file it is named after."""


def _reason(exc: Exception) -> str:
    """A plain reason; never the parser's own message, which quotes the file's text."""
    detail = str(exc)
    if isinstance(exc, UnicodeDecodeError) or "UTF8" in detail or "utf-8" in detail.lower():
        return "is not UTF-8 text (saved in another encoding?)"
    if "EOF" in detail:
        return "ends early (truncated download?)"
    return "is not valid JSON"


def _object_arrays(stream: BinaryIO, found: list[str]) -> Iterator[tuple[str | None, Any]]:
    """Build array elements under any top-level key, or under a key of a top-level key's
    object; scalars and deeper nesting are ignored."""
    builder: ijson.ObjectBuilder | None = None
    key: str | None = None
    keys = lists = 0
    for prefix, event, value in ijson.parse(stream, use_float=True):
        if event == "start_array" and builder is None and prefix.count(".") <= 1:
            lists += 1  # one we read; an empty list is a list too: nothing in it yet
            found.append(prefix)
        elif event == "map_key" and prefix == "":
            keys += 1
        if builder is not None:
            builder.event(event, value)
            # The element is complete when we are back at its own prefix level.
            if prefix == f"{key}.item" and event in ("end_map", "end_array"):
                yield key, builder.value
                builder = None
            continue
        # `a.item` or `a.b.item`; inside an element the builder has the events instead.
        if prefix.endswith(".item") and prefix.count(".") in (1, 2):
            key = prefix[: -len(".item")]
            if event in ("start_map", "start_array"):
                builder = ijson.ObjectBuilder()
                builder.event(event, value)
            elif event in ("string", "number", "boolean", "null"):
                yield key, value
        elif prefix == "" and event == "start_array":
            continue
    if keys and not lists:
        raise _NoList


def load_small_json(raw: BinaryIO, display: str, expected: str, limit: int = 64 << 20) -> Any:
    """Whole-file parse for files that are small by nature (manifest, actor)."""
    import json

    data = open_payload(raw, display, expected).read(limit + 1)
    if len(data) > limit:
        raise FileFormatError(display, "is unexpectedly large", expected)
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise FileFormatError(display, "is not valid JSON", expected) from None

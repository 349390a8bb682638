"""Limits on JSON checked on the raw bytes, before the parser sees them.

ijson keeps a prefix string per open level ("item.item.item..."), so its memory grows with
the square of the nesting depth: 20,000 ``[`` (a 218-byte zip) cost a gigabyte. And one
JSON string is built whole, however long. `JsonBounds` watches the bytes as they are read:

- nesting deeper than `MAX_DEPTH` raises `RefusedFileError` (the export is refused);
- a string longer than `MAX_STRING_BYTES` is never handed to the parser: it is replaced by
  `TOO_LONG`, which the export reader counts as an item "too long to screen".

Only what lies outside strings is structure, so strings are found with a regular
expression (C speed) and the brackets left over are counted without a Python loop.
"""

from __future__ import annotations

import re
from itertools import accumulate

from pausepost.importers.errors import RefusedFileError

MAX_DEPTH = 64  # real exports nest about 10 levels (X's tweets.js 8, Bluesky's JSON 10)
MAX_STRING_BYTES = 4 << 20  # a post is a few KB; an article well under a MB
TOO_LONG = "\ue000too long to screen\ue000"  # private-use marks: no export holds this
_TOO_LONG_JSON = b'"\\ue000too long to screen\\ue000"'

# A whole string, and the rest of one from just after its opening quote (to its closing
# quote, the end of the data, or a lone backslash at the end). Possessive: no backtracking.
_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)
_STRING_REST = re.compile(rb'[^"\\]*+(?:\\.[^"\\]*+)*+', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1


def _rest_of_string(data: bytes, pos: int) -> int:
    """Where the string that `pos` is inside stops: its closing quote, the end of
    `data`, or a lone backslash at the end (the next chunk's first byte is escaped)."""
    match = _STRING_REST.match(data, pos)
    assert match is not None  # the pattern matches the empty string
    return match.end()


class JsonBounds:
    """Feed the payload's bytes in order; each call returns the bytes to hand to the
    parser (a string still open at the end of a chunk is held back until it closes)."""

    def __init__(self, display: str, expected: str) -> None:
        self._display = display
        self._expected = expected
        self._depth = 0
        self.peak_depth = 0  # the deepest nesting seen so far
        self._in_string = False
        self._escaped = False  # the previous chunk ended on a backslash inside a string
        self._string_len = 0  # bytes of the open string so far
        self._held: list[bytes] = []  # the open string, until it closes or grows too long
        self._dropping = False  # inside a string already replaced by TOO_LONG

    def feed(self, data: bytes) -> bytes:
        if not data:
            return b""
        out: list[bytes] = []
        pos = 0
        if self._in_string:
            pos = self._continue_string(data, out)
            if pos < 0:
                return b"".join(out)
        rest = data[pos:] if pos else data
        skeleton = _STRING.sub(b"", rest)  # complete strings removed
        quote = skeleton.find(b'"')
        self._count(skeleton if quote < 0 else skeleton[:quote])
        if quote < 0:
            out.append(rest)
            return b"".join(out)
        # A string opens here and runs past the chunk: nothing after its quote was removed.
        start = len(rest) - (len(skeleton) - quote)
        out.append(rest[:start])
        self._in_string = True
        self._escaped = _rest_of_string(rest, start + 1) < len(rest)
        self._string_len = len(rest) - start
        self._held = [rest[start:]]
        if self._string_len > MAX_STRING_BYTES:
            self._replace(out)
        return b"".join(out)

    def flush(self) -> bytes:
        """At the end of the data: a string still open (the file is cut short) goes to
        the parser as it is, so that the parser reports the file as truncated."""
        held, self._held = b"".join(self._held), []
        return held

    def _continue_string(self, data: bytes, out: list[bytes]) -> int:
        """Where the structure resumes in `data` after the open string, or -1 if the
        string runs on past `data`."""
        start = 1 if self._escaped else 0
        self._escaped = False
        end = _rest_of_string(data, start)
        closed = end < len(data) and data[end : end + 1] == b'"'
        if not closed and end < len(data):  # stopped at a lone backslash at the end
            self._escaped = True
        stop = end + 1 if closed else len(data)
        if not self._dropping:
            self._string_len += stop
            if self._string_len > MAX_STRING_BYTES:
                self._replace(out)
            elif closed:
                out.extend(self._held)
                out.append(data[:stop])
                self._held = []
            else:
                self._held.append(data)
        if not closed:
            return -1
        self._in_string = self._dropping = False
        return stop

    def _replace(self, out: list[bytes]) -> None:
        """The open string is too long: the parser gets TOO_LONG in its place."""
        self._held = []
        self._dropping = True
        out.append(_TOO_LONG_JSON)

    def _count(self, structure: bytes) -> None:
        brackets = structure.translate(None, _NOT_BRACKETS)
        if not brackets:
            return
        depths = list(accumulate(map(_STEP.__getitem__, brackets), initial=self._depth))
        self.peak_depth = max(self.peak_depth, max(depths))
        if self.peak_depth > MAX_DEPTH:
            raise RefusedFileError(
                self._display,
                f"is nested more than {MAX_DEPTH} levels deep (exports nest a few levels; "
                "a file built to exhaust memory?)",
                self._expected,
            )
        self._depth = depths[-1]

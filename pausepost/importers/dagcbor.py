"""DAG-CBOR (the subset of CBOR atproto repositories use), decoded by cbor2, plus CIDs.

cbor2 does the parsing; this module narrows it to DAG-CBOR and keeps our limits: definite
lengths only, text map keys without repeats, tag 42 (a CID) and no other tag, no simple
values, nesting at most `MAX_DEPTH`, items at most `MAX_ITEM_BYTES`. Everything refused
raises `CBORError` with a plain reason; no cbor2 exception or RecursionError escapes.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from typing import Any

import cbor2

MAX_DEPTH = 128  # records nest a few levels; deeper is a crafted file
MAX_ITEM_BYTES = 8 << 20  # atproto blocks are small (a post is a few KB)

_CID_TAG = 42
# Tags cbor2 would turn into Python objects itself (dates, decimals, sets, regexes, shared
# references that can make loops...). None is DAG-CBOR: refuse them before they are built.
_BUILTIN_TAGS = (0, 1, 2, 3, 4, 5, 25, 28, 29, 30, 35, 36, 37, 52, 54, 100, 256, 258, 260,
                 261, 1004, 43000, 55799)


class CBORError(ValueError):
    """The bytes are not well-formed DAG-CBOR."""


@dataclass(frozen=True)
class CID:
    """A content identifier, kept as its binary form; prints as base32 (``bafy…``)."""

    raw: bytes

    def __str__(self) -> str:
        return "b" + base64.b32encode(self.raw).decode().lower().rstrip("=")


def decode(data: bytes) -> Any:
    """One DAG-CBOR item, the whole of `data`."""
    if len(data) > MAX_ITEM_BYTES:
        raise CBORError(f"an item of {len(data) >> 20} MiB is too big "
                        f"(at most {MAX_ITEM_BYTES >> 20} MiB)")
    stream = io.BytesIO(data)
    try:
        decoder = cbor2.CBORDecoder(
            stream, tag_hook=_tag, semantic_decoders=_REFUSED, max_depth=MAX_DEPTH,
            allow_indefinite=False, allow_duplicate_keys=False, strict_hashable_types=True,
        )
        value = decoder.decode()
    except cbor2.CBORError as exc:
        raise CBORError(_reason(exc)) from None
    except (ValueError, TypeError, OverflowError, RecursionError, MemoryError) as exc:
        raise CBORError(f"cannot be decoded ({type(exc).__name__})") from None
    if stream.tell() != len(data):
        raise CBORError("trailing bytes after the value")
    _check(value)
    return value


def _tag(tag: cbor2.CBORTag, _immutable: bool) -> CID:
    value = tag.value
    if tag.tag == _CID_TAG and isinstance(value, bytes) and value[:1] == b"\x00":
        return CID(value[1:])
    raise CBORError(f"unsupported tag {tag.tag}")


def _refuse(tag: int) -> Any:
    def refuse(_value: Any, _immutable: bool) -> Any:
        raise CBORError(f"unsupported tag {tag}")

    return refuse


_REFUSED = {tag: _refuse(tag) for tag in _BUILTIN_TAGS}


def _reason(exc: cbor2.CBORError) -> str:
    """Our own words where we raised it (a hook), else cbor2's, cut before anything it
    quotes from the data (a repeated key is named in quotes): problems never quote posts."""
    if isinstance(exc.__cause__, CBORError):
        return str(exc.__cause__)
    if isinstance(exc, cbor2.CBORDecodeEOF):
        return "unexpected end of data"
    text = str(exc)
    if "nesting depth" in text:
        return f"nested more than {MAX_DEPTH} levels deep"
    if "Duplicate map key" in text:
        return "a map key appears twice"
    if "map key must be" in text:
        return "a map key is not text"
    text = re.split(r"['\"]", text, maxsplit=1)[0].rstrip(" :")
    return text or type(exc).__name__


def _check(value: Any) -> None:
    """What cbor2 accepts but DAG-CBOR does not: byte-string keys, simple values and
    `undefined`. Depth is bounded by `MAX_DEPTH` already, so recursion is safe."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise CBORError("a map key is not text")
            _check(item)
    elif isinstance(value, list):
        for item in value:
            _check(item)
    elif not isinstance(value, str | bytes | int | float | CID) and value is not None:
        raise CBORError(f"unsupported value ({type(value).__name__})")

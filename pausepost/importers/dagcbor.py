"""A small, strict DAG-CBOR decoder (the subset atproto repositories use), plus CIDs.

Written here rather than pulled in: ~100 lines, no C extension, and it never executes
or allocates more than the input asks for (lengths are checked against the buffer).
"""

from __future__ import annotations

import base64
import struct
from dataclasses import dataclass
from typing import Any

_MAX_DEPTH = 128


class CBORError(ValueError):
    """The bytes are not well-formed DAG-CBOR."""


@dataclass(frozen=True)
class CID:
    """A content identifier, kept as its binary form; prints as base32 (``bafy…``)."""

    raw: bytes

    def __str__(self) -> str:
        return "b" + base64.b32encode(self.raw).decode().lower().rstrip("=")


def decode(data: bytes) -> Any:
    value, end = _decode(data, 0, 0)
    if end != len(data):
        raise CBORError("trailing bytes after the value")
    return value


def _arg(data: bytes, pos: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, pos
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None or pos + size > len(data):
        raise CBORError("bad or indefinite length")
    return int.from_bytes(data[pos : pos + size], "big"), pos + size


def _decode(data: bytes, pos: int, depth: int) -> tuple[Any, int]:
    if depth > _MAX_DEPTH:
        raise CBORError("nested too deeply")
    if pos >= len(data):
        raise CBORError("unexpected end of data")
    head = data[pos]
    major, info = head >> 5, head & 31
    pos += 1
    if major == 7:
        return _simple(data, pos, info)
    arg, pos = _arg(data, pos, info)
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        end = pos + arg
        if end > len(data):
            raise CBORError("string runs past the end")
        chunk = data[pos:end]
        if major == 2:
            return bytes(chunk), end
        try:
            return chunk.decode("utf-8"), end
        except UnicodeDecodeError:
            raise CBORError("text is not UTF-8") from None
    if major == 4:
        if arg > len(data) - pos:
            raise CBORError("array longer than the data")
        items = []
        for _ in range(arg):
            item, pos = _decode(data, pos, depth + 1)
            items.append(item)
        return items, pos
    if major == 5:
        if arg > len(data) - pos:
            raise CBORError("map longer than the data")
        out: dict[Any, Any] = {}
        for _ in range(arg):
            key, pos = _decode(data, pos, depth + 1)
            if not isinstance(key, str):  # DAG-CBOR maps have text keys only
                raise CBORError("a map key is not text")
            out[key], pos = _decode(data, pos, depth + 1)
        return out, pos
    # major 6: tags; DAG-CBOR only has 42 (a CID as bytes with a 0x00 multibase prefix)
    value, pos = _decode(data, pos, depth + 1)
    if arg == 42 and isinstance(value, bytes) and value[:1] == b"\x00":
        return CID(value[1:]), pos
    raise CBORError(f"unsupported tag {arg}")


def _simple(data: bytes, pos: int, info: int) -> tuple[Any, int]:
    if info == 20:
        return False, pos
    if info == 21:
        return True, pos
    if info in (22, 23):
        return None, pos
    fmt = {25: (">e", 2), 26: (">f", 4), 27: (">d", 8)}.get(info)
    if fmt is None or pos + fmt[1] > len(data):
        raise CBORError("unsupported simple value")
    return struct.unpack(fmt[0], data[pos : pos + fmt[1]])[0], pos + fmt[1]

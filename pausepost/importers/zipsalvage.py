"""Reading a zip whose end is missing (a large export whose download was cut short).

`zipfile` needs the central directory at the end of the file; without it, this walks
the local file headers from the start and recovers every member up to the damage.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

_LOCAL = b"PK\x03\x04"
_DESCRIPTOR = b"PK\x07\x08"
_HEADER = struct.Struct("<4sHHHHHIIIHH")
_CHUNK = 1 << 16
STORED, DEFLATED = 0, 8


@dataclass(frozen=True)
class SalvagedMember:
    name: str
    offset: int  # where the compressed data starts
    size: int  # compressed bytes available
    method: int
    file_size: int  # uncompressed size, when known (else the compressed size)
    complete: bool


def scan(path: Path, limit: int = 1_000_000) -> list[SalvagedMember]:
    """Every member whose local header is intact, in file order."""
    members: list[SalvagedMember] = []
    with path.open("rb") as fh:
        while len(members) < limit:
            head = fh.read(_HEADER.size)
            if len(head) < _HEADER.size or head[:4] != _LOCAL:
                break
            (_sig, _ver, flags, method, _t, _d, _crc, csize, usize, nlen, xlen) = _HEADER.unpack(
                head
            )
            if nlen == 0:
                break  # no real zip member has an empty name: this is noise
            name = fh.read(nlen).decode("utf-8" if flags & 0x800 else "cp437", "replace")
            fh.seek(xlen, io.SEEK_CUR)
            data_at = fh.tell()
            if method not in (STORED, DEFLATED):
                break
            if not flags & 0x08:  # sizes are in the header
                available = max(0, min(csize, _remaining(fh, data_at)))
                complete = available == csize
                members.append(SalvagedMember(name, data_at, available, method,
                                              usize if complete else available, complete))
                if not complete:
                    break
                fh.seek(data_at + csize)
                continue
            if method != DEFLATED:
                break  # a stored member with a trailing descriptor: its end cannot be found
            used, out_size, complete = _deflate_extent(fh, data_at)
            members.append(SalvagedMember(name, data_at, used, method, out_size, complete))
            if not complete:
                break
            fh.seek(data_at + used)
            _skip_descriptor(fh)
    return [m for m in members if not m.name.endswith("/")]


def _remaining(fh: BinaryIO, at: int) -> int:
    end = fh.seek(0, io.SEEK_END)
    fh.seek(at)
    return end - at


def _deflate_extent(fh: BinaryIO, at: int) -> tuple[int, int, bool]:
    """(compressed length, uncompressed length, reached the end of the stream)."""
    fh.seek(at)
    d = zlib.decompressobj(-15)
    used = out = 0
    while not d.eof:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return used, out, False
        try:
            out += len(d.decompress(chunk))
        except zlib.error:
            return used, out, False
        used += len(chunk) - len(d.unused_data)
    return used, out, True


def _skip_descriptor(fh: BinaryIO) -> None:
    at = fh.tell()
    peek = fh.read(4)
    fh.seek(at + (16 if peek == _DESCRIPTOR else 12))


class MemberReader(io.RawIOBase):
    """The (decompressed) bytes of one salvaged member; a cut-off member just ends."""

    def __init__(self, path: Path, member: SalvagedMember) -> None:
        super().__init__()
        self._fh = path.open("rb")
        self._fh.seek(member.offset)
        self._left = member.size
        self._inflate = zlib.decompressobj(-15) if member.method == DEFLATED else None
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._buffer and self._left > 0:
            chunk = self._fh.read(min(_CHUNK, self._left))
            if not chunk:
                break
            self._left -= len(chunk)
            if self._inflate is None:
                self._buffer = chunk
            else:
                try:
                    self._buffer = self._inflate.decompress(chunk)
                except zlib.error:
                    self._left = 0
        n = min(len(buffer), len(self._buffer))
        buffer[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n

    def close(self) -> None:
        self._fh.close()
        super().close()

"""CAR v1 files (content-addressed archives) and the atproto repository inside them.

Only records reachable from the root commit through the Merkle search tree are real;
other blocks in the file are history (deleted or overwritten records).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from pausepost.importers.dagcbor import CID, MAX_ITEM_BYTES, CBORError, decode

_MAX_CID = 128  # a CID is ~36 bytes; room for longer hashes
_MAX_BLOCK = MAX_ITEM_BYTES + _MAX_CID  # bigger blocks are skipped, not held in memory
_SKIP_CHUNK = 1 << 20


class CARError(ValueError):
    """Not a CAR file, or one that ends early."""


def _varint(stream: BinaryIO) -> int | None:
    shift = result = 0
    while True:
        b = stream.read(1)
        if not b:
            if shift:
                raise CARError("ends in the middle of a length")
            return None
        result |= (b[0] & 0x7F) << shift
        if not b[0] & 0x80:
            return result
        shift += 7
        if shift > 63:
            raise CARError("length too long")


def _varint_at(data: bytes, pos: int) -> tuple[int, int]:
    shift = result = 0
    while pos < len(data):
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
    raise CARError("truncated CID")


def _cid_length(block: bytes) -> int:
    if block[:2] == b"\x12\x20":
        return 34  # CIDv0: a bare sha2-256 multihash
    _version, pos = _varint_at(block, 0)
    _codec, pos = _varint_at(block, pos)
    _hash_code, pos = _varint_at(block, pos)
    digest_len, pos = _varint_at(block, pos)
    return pos + digest_len


@dataclass
class CarFile:
    """The root CIDs and every block; `truncated` when the file ends mid-block."""

    roots: list[CID]
    blocks: dict[bytes, bytes] = field(default_factory=dict)
    truncated: bool = False
    too_big: set[bytes] = field(default_factory=set)  # CIDs of blocks skipped for their size

    def get(self, cid: CID) -> Any:
        data = self.blocks.get(cid.raw)
        if data is None:
            return None
        return decode(data)


def read_car(stream: BinaryIO) -> CarFile:
    header_len = _varint(stream)
    if header_len is None or header_len > 1 << 20:
        raise CARError("no CAR header")
    try:
        header = decode(stream.read(header_len))
    except CBORError as exc:
        raise CARError(f"bad CAR header ({exc})") from None
    if not isinstance(header, dict) or header.get("version") != 1:
        raise CARError("not a CAR v1 header")
    listed = header.get("roots")
    roots = [r for r in listed if isinstance(r, CID)] if isinstance(listed, list) else []
    car = CarFile(roots=roots)
    while True:
        try:
            size = _varint(stream)
        except CARError:
            car.truncated = True
            break
        if size is None:
            break
        if size > _MAX_BLOCK:
            if not _skip_block(stream, size, car):
                car.truncated = True
                break
            continue
        block = stream.read(size)
        if len(block) < size:
            car.truncated = True
            break
        n = _cid_length(block)
        car.blocks[block[:n]] = block[n:]
    return car


def _skip_block(stream: BinaryIO, size: int, car: CarFile) -> bool:
    """Read past an oversized block, keeping only its CID; False if the file ends first."""
    head = stream.read(_MAX_CID)
    if len(head) < _MAX_CID:
        return False
    with contextlib.suppress(CARError):  # no readable CID: its record is reported missing
        car.too_big.add(head[: _cid_length(head)])
    left = size - len(head)
    while left > 0:
        chunk = stream.read(min(left, _SKIP_CHUNK))
        if not chunk:
            return False
        left -= len(chunk)
    return True


def walk_repo(car: CarFile) -> tuple[str | None, Iterator[tuple[str, Any]], list[str]]:
    """(did, iterator of (MST key, record), list of problems) for the root commit."""
    problems: list[str] = []
    if not car.roots:
        raise CARError("no root commit")
    commit = car.get(car.roots[0])
    if not isinstance(commit, dict):
        raise CARError("the root commit block is missing")
    if "data" not in commit and isinstance(commit.get("root"), CID):  # pre-v2 layout
        commit = car.get(commit["root"]) or {}
    data = commit.get("data")
    if not isinstance(data, CID):
        raise CARError("the root commit has no data tree")
    did = commit.get("did") if isinstance(commit.get("did"), str) else None
    return did, _walk(car, data, problems, set(), 0), problems


_MAX_TREE_DEPTH = 64  # a real MST is a few levels deep; deeper means a crafted file


def _walk(
    car: CarFile, root: CID, problems: list[str], seen: set[bytes], depth: int
) -> Iterator[tuple[str, Any]]:
    """In-order walk of the Merkle search tree: left subtree, then each entry and its right.
    Block hashes are not verified, so loops and absurd depth are refused explicitly."""
    if root.raw in seen or depth > _MAX_TREE_DEPTH:
        problems.append("the tree loops or is too deep")
        return
    seen.add(root.raw)
    try:
        node = car.get(root)
    except CBORError:
        node = None
    if not isinstance(node, dict):
        problems.append("a tree node is missing or damaged")
        return
    if isinstance(node.get("l"), CID):
        yield from _walk(car, node["l"], problems, seen, depth + 1)
    key = b""
    entries = node.get("e")
    if entries is not None and not isinstance(entries, list):
        problems.append("a tree node is malformed")  # else its records vanish unsaid
    for entry in entries if isinstance(entries, list) else []:
        prefix, suffix = (entry.get("p", 0), entry.get("k")) if isinstance(entry, dict) else (
            None, None)
        if not isinstance(prefix, int) or not isinstance(suffix, bytes):
            problems.append("a tree entry is malformed")
            continue
        key = key[:prefix] + suffix
        value = entry.get("v")
        if isinstance(value, CID):
            try:
                record = car.get(value)
            except CBORError as exc:
                problems.append(f"a record could not be decoded ({exc})")
                record = None
            else:
                if value.raw in car.too_big:
                    problems.append(f"a record is too big (over {MAX_ITEM_BYTES >> 20} MiB)")
                elif record is None:
                    problems.append("a record block is missing or damaged")
            if record is not None:
                yield key.decode("utf-8", "replace"), record
        if isinstance(entry.get("t"), CID):
            yield from _walk(car, entry["t"], problems, seen, depth + 1)
